"""gunicorn for rus (`gunicorn rus.wsgi -c deploy/gunicorn.conf.py --bind 127.0.0.1:8001`).

Each app server is a process group of sync workers that shares nothing in memory with
another: sessions, the cache (CACHE_BACKEND=database on several hosts) and the task queue
are in PostgreSQL, so app servers can be added or restarted one at a time.
"""

import multiprocessing
import os
from typing import Any

workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# Page renders are short; imports larger than RUS_IMPORT_INLINE_BYTES go to the worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
# Recycle workers now and then, so that a slow leak cannot grow for months.
max_requests = 5000
max_requests_jitter = 500
# Only nginx on this host may say which client and scheme a request came from.
forwarded_allow_ips = "127.0.0.1"
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
# Several app servers run on one host; gunicorn's control socket has one default path for
# all of them. systemd's signals (reload: HUP) are the control used here.
control_socket_disable = True


def post_worker_init(worker: Any) -> None:
    # Before this worker accepts its first request: a cold worker spends a second on what a
    # warm one does in 40 ms.
    from rus.lib.warmup import warm

    try:
        warm()
    except Exception:
        # Raised here, gunicorn would halt the whole app server (a worker that fails to boot
        # stops the master). The worker answers cold instead; `manage.py check --deploy`
        # names the cause before a deploy.
        worker.log.exception("warm-up failed; this worker starts cold")
