import os

# Tests need no real secret; set one before the settings are read.
os.environ.setdefault("SECRET_KEY", "test-only")
os.environ.setdefault("RUS_TESTING", "1")
