"""gunicorn's settings for the portal (`make serve`; deploy/systemd/camnang.service).

Everything a deployment changes comes from the environment (deploy/env.example):
CAMNANG_BIND (address:port, or unix:/path), WEB_CONCURRENCY (worker processes) and
GUNICORN_THREADS (threads per worker). Requests are short and the database is the slow part,
so the default is sync workers, two per core plus one, as gunicorn's documentation advises.
"""

import multiprocessing
import os

bind = [os.environ.get("CAMNANG_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"]
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get("GUNICORN_THREADS") or 1)
# A request that takes longer than this is killed (and logged): no reader page should.
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)
graceful_timeout = 30
keepalive = 5
# Workers are replaced now and then, so that a slow leak never grows for weeks.
max_requests = 5000
max_requests_jitter = 500
# Heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# nginx on the same machine sets X-Forwarded-Proto; trust it only from there.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Each request is logged once, by the portal (config/observability.py), with its id and role.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "camnang"
