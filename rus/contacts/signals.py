from django.dispatch import Signal

# Sent with ``email`` (lower case) and ``list_ids`` after an address left optional lists, so
# that mail queued to those lists and not yet sent is not sent (the outbox listens).
unsubscribed = Signal()
