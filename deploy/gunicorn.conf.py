"""Gunicorn settings for one Madinati app server.

    gunicorn -c deploy/gunicorn.conf.py madinati.wsgi

systemd (deploy/systemd/madinati.service) starts it with the environment of
/etc/madinati/madinati.env; every value below can be changed there without
editing this file. Several app servers run the same file behind nginx.
"""

import importlib
import multiprocessing
import os

# nginx on the same host (or the load balancer's network) is the only client.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# A page is mostly CPU (scoring, templates) with short waits on PostgreSQL and Redis:
# gunicorn's rule of thumb, two workers per core plus one, keeps every core busy during those
# waits without queueing requests in memory. Sync workers: one request per process, no threads
# sharing the database connection. Override with WEB_CONCURRENCY (1 on a laptop without Redis).
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"

# The slowest legitimate request (the review pack or a full export at national scale) takes a few
# seconds; a worker stuck for 60 s is killed and replaced. nginx waits 65 s (madinati-proxy.conf),
# so gunicorn's own timeout answers first.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On SIGTERM (systemctl stop/restart) a worker finishes its request before it exits.
graceful_timeout = 30
# nginx keeps connections to the app servers open (keepalive in the upstream block).
keepalive = 5

# Recycle each worker after about 2,000 requests, so slow memory growth never becomes an outage;
# the jitter keeps the workers from restarting all at once.
max_requests = 2000
max_requests_jitter = 200

# Each worker loads Django itself, so `systemctl reload madinati` (SIGHUP) replaces the workers one
# by one with the new code and no request is refused. (preload_app would share memory but keep the
# old code in the master until a full restart.)
preload_app = False

# X-Forwarded-* are believed only from the proxy's address (nginx on this host by default).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# The access log carries no secret: API tokens travel in the Authorization header, which is never
# logged, and the query string is left out too (%(U)s is the path alone), so a token a client puts
# in a URL by mistake still never reaches the log. The client is the X-Forwarded-For nginx sets.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = '%({x-forwarded-for}i)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms "%(a)s"'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# No gunicorn control socket ($HOME/.gunicorn/gunicorn.ctl): systemd drives the server with signals,
# the service has no writable home (ProtectHome), and two servers on one host would share the path.
control_socket_disable = True

# Request limits a browser never reaches: a request line of 4 KiB, 100 headers of 8 KiB.
limit_request_line = 4094
limit_request_fields = 100


def on_starting(server):
    """Refuse to start several workers without a shared cache.

    Throttles, the login lockout, read-your-writes pins and the data version that
    invalidates cached figures live in the cache. Without REDIS_URL each worker
    would keep its own: limits multiplied by the number of workers, and pages one
    worker has cached would not see a write made through another.
    """
    if server.cfg.workers > 1 and not os.environ.get("REDIS_URL"):
        raise SystemExit(
            f"madinati: {server.cfg.workers} workers need a shared cache: set REDIS_URL, "
            "or WEB_CONCURRENCY=1 for a single process (deploy/gunicorn.conf.py)."
        )
    # Once, in the master: which database the workers are about to use (the settings alone, no connection).
    from madinati import startup

    settings = importlib.import_module(os.environ.get("DJANGO_SETTINGS_MODULE", "madinati.settings"))
    startup.announce(settings.DATABASES)
