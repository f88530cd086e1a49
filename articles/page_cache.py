"""The whole-page cache for anonymous readers, and the HTTP caching headers of public pages.

A view says what its page is built from with ``depends_on(request, *keys)`` (keys of
articles/freshness.py). The middleware, placed right after WhiteNoise, then:

- answers an anonymous GET or HEAD from the cache when the entry's generations are all still
  current: one read of the entry and one read of its generations, before sessions, auth, CSRF
  or the view run, so a hit costs no query;
- on a miss, notes the ``site`` generation before the view runs and keeps the page only if it
  is unchanged afterwards (a story changed while the page was built would make it stale at
  once), with the generations of every key read after rendering;
- never lets an entry outlive the moment the next scheduled story or embargo goes public,
  which happens with no write to replace a generation;
- never serves staff (any request with a session cookie, or an authenticated user) from the
  cache nor keeps their pages: they get ``private`` never-cache headers;
- keeps only 200, 301 (an article's old address) and 410 (a withdrawn story) answers of views
  that declared their keys, without cookies and not marked private by the view (previews);
  404s are not kept: any address can be one, and that would let anyone fill the cache.

Public pages carry ``Cache-Control: public, max-age, s-maxage, stale-while-revalidate``, an
``ETag`` and ``Last-Modified`` (with 304 answers to conditional requests, on hits and misses)
and the keys as ``Surrogate-Key`` (Fastly, space separated) and ``Cache-Tag`` (Cloudflare,
comma separated) so that a CDN can purge exactly what changed. ``NEWSDESK_PAGE_CACHE=0``
turns the page cache off and keeps the headers.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe

from articles import freshness

logger = logging.getLogger(__name__)

STORED_STATUSES = {200, 301, 410}
_ENTRY_PREFIX = "page:"
_GEN_PREFIX = "gen:"


def depends_on(request, *keys):
    """Declare keys (``site``, ``article:12``, ``section:3``…) the page of ``request`` shows."""
    declared = getattr(request, "_page_keys", None)
    if declared is None:
        declared = request._page_keys = set()
    declared.update(keys)


def valid_until(request, moment):
    """The page shows what time alone changes (a window of recent stories): keep it no longer."""
    current = getattr(request, "_page_valid_until", None)
    request._page_valid_until = moment if current is None else min(current, moment)


def is_staff_request(request):
    """Anyone who may be logged in: a session cookie is enough to be kept off the cache."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def surrogate_keys(keys):
    """CDN-safe tokens: ``article-12 section-3 site``."""
    return sorted(key.replace(":", "-") for key in keys)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or is_staff_request(request):
            response = self.get_response(request)
            if is_staff_request(request) or _authenticated(request):
                _private(response)
            return response

        use_cache = settings.NEWSDESK_PAGE_CACHE
        if use_cache:
            address = request.build_absolute_uri().encode()
            url_key = _ENTRY_PREFIX + hashlib.md5(address, usedforsecurity=False).hexdigest()
            try:
                hit = _lookup(request, url_key)
                if hit is None:
                    site_before = freshness.generations([freshness.SITE])[freshness.SITE]
            except Exception:
                # The cache is out of reach: the view answers (/healthz/ says what is wrong).
                logger.warning("page cache unreachable", exc_info=True)
                hit, use_cache = None, False
            if hit is not None:
                return hit

        response = self.get_response(request)

        keys = getattr(request, "_page_keys", None)
        if not keys or not _storable(request, response):
            if _authenticated(request) or (keys and response.cookies):
                _private(response)
            return response
        keys = keys | {freshness.NAV}
        # Asked after rendering (an error page needs no database); it looks back a few seconds,
        # so a story that fell due while the page was built ends the entry at once.
        next_change = freshness.next_public_change(request)
        limits = [next_change, getattr(request, "_page_valid_until", None)]
        limits = [moment.timestamp() for moment in limits if moment is not None]
        expires = min(limits) if limits else None
        last_modified = http_date()
        digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
        response.headers["ETag"] = f'"{digest}"'
        response.headers["Last-Modified"] = last_modified
        response.headers["Surrogate-Key"] = " ".join(surrogate_keys(keys))
        response.headers["Cache-Tag"] = ",".join(surrogate_keys(keys))
        patch_vary_headers(response, ["Cookie"])
        if use_cache:
            try:
                current = freshness.generations(keys | {freshness.SITE})
                # Every change replaces ``site``: unchanged, nothing changed while the page was
                # built. The entry checks only its own keys, so edits elsewhere leave it be.
                if current[freshness.SITE] == site_before:
                    _store(url_key, response, {key: current[key] for key in keys}, expires)
            except freshness.CACHE_ERRORS as error:
                logger.warning("page cache unreachable (%s): page not kept", error)
        _public_cache_control(response, expires)
        return _conditional(request, response)


def _private(response):
    """Staff pages may hold drafts and desk links: for their browser only, checked each time
    (previews and the admin already say no-store, which this keeps)."""
    patch_cache_control(response, private=True, no_cache=True, max_age=0)


def _authenticated(request):
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def _storable(request, response):
    return (
        response.status_code in STORED_STATUSES
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")  # the view decided (previews: never)
        and not _authenticated(request)
    )


def _store(url_key, response, snapshot, expires):
    timeout = settings.NEWSDESK_PAGE_CACHE_TIMEOUT
    if expires is not None:
        timeout = min(timeout, int(expires - time.time()) + 1)
        if timeout <= 0:
            return
    entry = (snapshot, expires, response.status_code, list(response.items()), response.content)
    freshness.keep(url_key, entry, timeout)


def _lookup(request, url_key):
    """The stored page for this address, from the nearest tier that holds a current one."""
    return freshness.nearest(
        url_key, usable=lambda entry: _replay(request, entry), lasts=_seconds_left
    )


def _seconds_left(entry):
    """How long a page found in a further tier may be kept nearer."""
    expires = entry[1]
    left = None if expires is None else max(1, int(expires - time.time()) + 1)
    return left or settings.NEWSDESK_PAGE_CACHE_TIMEOUT


def _replay(request, entry):
    """The stored page, if every generation it was built from is current; else None."""
    snapshot, expires, status, headers, content = entry
    if expires is not None and time.time() >= expires:
        return None
    found = freshness.generation_cache().get_many([_GEN_PREFIX + key for key in snapshot])
    for key, token in snapshot.items():
        if found.get(_GEN_PREFIX + key) != token:
            return None
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    _public_cache_control(response, expires)
    return _conditional(request, response)


def _public_cache_control(response, expires):
    """Shared caches may keep the page a while (the CDN is purged by key), never past the
    next scheduled publication."""
    max_age = settings.NEWSDESK_CACHE_MAX_AGE
    s_maxage = settings.NEWSDESK_CACHE_S_MAXAGE
    if expires is not None:
        left = max(0, int(expires - time.time()))
        max_age, s_maxage = min(max_age, left), min(s_maxage, left)
    response.headers["Cache-Control"] = (
        f"public, max-age={max_age}, s-maxage={s_maxage}, "
        f"stale-while-revalidate={settings.NEWSDESK_CACHE_STALE_WHILE_REVALIDATE}"
    )


def _conditional(request, response):
    meta = request.META
    if "HTTP_IF_NONE_MATCH" not in meta and "HTTP_IF_MODIFIED_SINCE" not in meta:
        return response
    last_modified = parse_http_date_safe(response.headers["Last-Modified"])
    return get_conditional_response(
        request,
        etag=response.headers["ETag"],
        last_modified=last_modified,
        response=response,
    )
