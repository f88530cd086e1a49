"""gunicorn settings for newsdesk: ``gunicorn -c gunicorn.conf.py newsdesk.wsgi``.

Every value can be changed from the environment, so one image serves a laptop and a fleet:
GUNICORN_BIND (default 0.0.0.0:8000, or $PORT), GUNICORN_WORKERS (default 2),
GUNICORN_THREADS (default 1), GUNICORN_TIMEOUT (default 30 s), GUNICORN_MAX_REQUESTS
(default 0: never recycle), FORWARDED_ALLOW_IPS (proxies trusted for X-Forwarded-*,
default 127.0.0.1).
"""

import gc
import os


def _int(name, default):
    return int(os.environ.get(name, default))


bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = _int("GUNICORN_WORKERS", 2)
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"

# A request stuck longer than this is killed with its worker; on restart a worker gets this
# long to finish what it is serving. Keep-alive short: a proxy or CDN sits in front.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Workers are not recycled by default: without REDIS_URL each keeps its cached pages in its own
# memory, which a restart every few thousand requests would throw away (at 1,000 requests/s,
# every few seconds), and the soak in bench/load.py shows worker memory flat without it. Set
# GUNICORN_MAX_REQUESTS (jittered so workers do not all restart at once) to cap a slow leak.
# The app is loaded before forking so workers share its memory and start fast.
max_requests = _int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
preload_app = True

# Only these addresses may tell us the client's scheme (X-Forwarded-Proto) and address.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# "-" is stdout; set GUNICORN_ACCESS_LOG= (empty) to turn the access log off, e.g. for load tests.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'


def pre_fork(server, worker):
    """Move everything the preloaded app made into the collector's permanent generation: each
    worker's collections then skip Django, the URLconf and the compiled templates (about 7%
    of an uncached page's time), and leave their memory pages shared with the master."""
    gc.freeze()
