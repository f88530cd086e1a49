"""What a page's render reads once: the URL space (URLconf and script prefix) and the time zone.

Django keeps each in an asgiref local, a few µs a read (more when unset: the read fails and
falls back), and an article page reads them about forty times: every link, every date. Django
sets them before the view runs and nothing in a template render changes them, so a render reads
them once, on entering ``fixed()``; outside one they are read as Django keeps them.
"""

import contextvars
from contextlib import contextmanager
from datetime import datetime

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone

_fixed = contextvars.ContextVar("fixed_render_context", default=None)


def url_space():
    """What an address depends on besides its view and arguments: the URLconf and the script
    prefix of the current request (a key for anything rendered from addresses)."""
    fixed = _fixed.get()
    if fixed is not None:
        return fixed[0]
    return get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()


def zone():
    """The current time zone (the newsroom's unless one is activated)."""
    fixed = _fixed.get()
    return fixed[1] if fixed is not None else timezone.get_current_timezone()


def local(value):
    """An aware datetime in the current zone, as templates show it; anything else as it is."""
    if isinstance(value, datetime) and value.tzinfo is not None and settings.USE_TZ:
        return value.astimezone(zone())
    return value


@contextmanager
def fixed():
    """Within: ``url_space()`` and ``zone()`` as they were on entering, each read once."""
    if _fixed.get() is not None:
        yield
        return
    token = _fixed.set((url_space(), timezone.get_current_timezone()))
    try:
        yield
    finally:
        _fixed.reset(token)
