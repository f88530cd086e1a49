"""The site's addresses, reversed once per process for each view name and arguments, and its
static files' addresses, looked up once.

``reverse()`` walks the URLconf: about 35 µs a call, and an article page made about thirty
(navigation, byline, tags, canonical and structured-data links), a sixth of rendering it. An
address depends only on the URLconf, the script prefix and the arguments, so ``link()`` keeps
each one under all of them, and forgets them all when the URLconf setting changes. A static
file's address (its hashed name, from the manifest the storage read at start) costs ~35 µs to
look up; it changes only with the static settings. A render reads the URL space once
(articles/render_context.py).
"""

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import reverse

from articles.render_context import url_space


def link(viewname, *args):
    """``reverse(viewname, args=args)``, reversed once."""
    return _reversed(*url_space(), viewname, args)


@functools.lru_cache(maxsize=16384)
def _reversed(urlconf, script_prefix, viewname, args):
    return reverse(viewname, urlconf=urlconf, args=args)


def asset(path):
    """``{% static path %}``, looked up once (a relative STATIC_URL takes the script prefix)."""
    return _static(path, url_space()[1])


@functools.lru_cache(maxsize=256)
def _static(path, script_prefix):
    return static(path)


_STATIC_SETTINGS = {
    "STATIC_URL", "STATIC_ROOT", "STORAGES", "STATICFILES_DIRS", "FORCE_SCRIPT_NAME",
}  # fmt: skip


@receiver(setting_changed, dispatch_uid="links_forget_urlconf")
def forget_links(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()
    if setting in _STATIC_SETTINGS:
        _static.cache_clear()
