"""gunicorn settings of the stack (docker-compose.yml, the topology test): `gunicorn -c deploy/gunicorn.conf.py`.

With PROMETHEUS_MULTIPROC_DIR set every worker process writes its metrics there and /metrics adds them up;
a worker that exits is marked dead so its live gauges stop counting."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
accesslog = "-"
wsgi_app = "dtsystem.wsgi:application"


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
