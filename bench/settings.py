"""Production settings for the load benchmark (bench/load.py), on plain HTTP over loopback.

newsdesk.settings.prod as it is, except what a loopback run without TLS needs: no HTTPS redirect,
the host 127.0.0.1, a fixed key (these servers hold only generated stories), and bench.urls, which
adds the bare view. bench/load.py points STATIC_ROOT at its own collectstatic and gives each run
its own cache key prefix, so runs never read each other's pages from a shared Redis.
"""

import os

_KEY = "bench-only-not-secret-" + "k" * 40
os.environ.setdefault("DJANGO_SECRET_KEY", _KEY)
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

from newsdesk.settings.prod import *  # noqa: E402, F403
from newsdesk.settings.prod import CACHES, STATIC_ROOT  # noqa: E402

DEBUG = False
SECRET_KEY = _KEY
SECURE_SSL_REDIRECT = False
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "bench.urls"
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", STATIC_ROOT)

if os.environ.get("BENCH_CACHE_PREFIX"):
    for _cache in CACHES.values():
        _cache["KEY_PREFIX"] = os.environ["BENCH_CACHE_PREFIX"]
