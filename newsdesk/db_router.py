"""Read replica routing: public reads go to ``replica``, everything else to ``default``.

A replica lags the primary, so only reads that may be a moment old go there: anonymous GET and
HEAD requests outside a transaction. Writes, reads inside a transaction, the desk's own tables
(sessions, users, login attempts) and every request from someone logged in or posting a form
are pinned to the primary, so an editor always sees what they just saved.
"""

from contextvars import ContextVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Tables read when logging in or checking a login: never from a copy that may lag.
PRIMARY_APPS = frozenset({"sessions", "auth", "admin", "axes", "reversion"})

_pinned_to_primary = ContextVar("newsdesk_pinned_to_primary", default=False)


def replica_in_use():
    return REPLICA in settings.DATABASES and getattr(settings, "NEWSDESK_READ_FROM_REPLICA", True)


class ReplicaRouter:
    """Django database router: see the module docstring."""

    def db_for_read(self, model, **hints):
        if not replica_in_use():
            return None
        if _pinned_to_primary.get() or model._meta.app_label in PRIMARY_APPS:
            return "default"
        if connections["default"].in_atomic_block:
            return "default"
        return REPLICA

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # both aliases hold the same data

    def allow_migrate(self, db, app_label, **hints):
        return db != REPLICA


class PrimaryForStaffMiddleware:
    """Pin a request's reads to the primary when it writes or comes from the desk.

    A session cookie stands for "logged in": readers never get a session on this site (only
    the admin logs in), and checking the cookie avoids reading the session, which would add
    ``Vary: Cookie`` to every public page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _pinned_to_primary.set(self.needs_primary(request))
        try:
            return self.get_response(request)
        finally:
            _pinned_to_primary.reset(token)

    @staticmethod
    def needs_primary(request):
        return (
            request.method not in SAFE_METHODS
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or request.path_info.startswith("/admin/")
        )
