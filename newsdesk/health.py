"""``/healthz/`` for load balancers: is this app server able to reach its database and cache?

200 ``{"status": "ok", ...}`` when both answer, 503 naming the part that failed otherwise (the
kind of error only, never a host, a password or a traceback). Never cached, and exempt from the
HTTPS redirect (``SECURE_REDIRECT_EXEMPT``) so a plain-HTTP check from the balancer works.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def _database():
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0] == 1


def _cache():
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    try:
        return cache.get(key) == value
    finally:
        cache.delete(key)


CHECKS = {"database": _database, "cache": _cache}


@never_cache
def healthz(request):
    report, healthy = {}, True
    for name, check in CHECKS.items():
        try:
            ok = check()
            report[name] = "ok" if ok else "failed: wrong answer"
        except Exception as error:  # any failure is an unhealthy server, not a crash
            ok = False
            report[name] = f"failed: {type(error).__name__}"
            logger.warning("health check %s failed: %s", name, type(error).__name__)
        healthy = healthy and ok
    body = {"status": "ok" if healthy else "fail", **report}
    return JsonResponse(body, status=200 if healthy else 503)
