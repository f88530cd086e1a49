"""Purging a CDN's copies of the pages that show what changed.

Public pages carry their freshness keys as ``Surrogate-Key`` (Fastly) and ``Cache-Tag``
(Cloudflare), and a CDN may keep them ``s-maxage`` seconds. When a change commits,
articles/freshness.py sends ``keys_replaced`` with the keys it replaced; with
``NEWSDESK_CDN_PURGE`` set to ``fastly`` or ``cloudflare`` this asks that CDN's API to drop
exactly the pages tagged with them, so a correction reaches readers at once instead of after
``s-maxage``. It runs in the request that made the change, after its commit: a change touching
more keys than ``MOST_CALLS`` calls can name purges everything in one call instead. A purge that
fails is logged and changes nothing else: the page then leaves the CDN when its ``s-maxage`` ends.
"""

import json
import logging
import urllib.request

from django.conf import settings
from django.dispatch import receiver

from articles.freshness import keys_replaced
from articles.page_cache import surrogate_keys

logger = logging.getLogger(__name__)

API = {"fastly": "https://api.fastly.com", "cloudflare": "https://api.cloudflare.com/client/v4"}
# Keys a single API call may name: Fastly takes 256 surrogate keys, Cloudflare 30 cache tags.
KEYS_PER_CALL = {"fastly": 256, "cloudflare": 30}
# The purge runs in the request that made the change (after its commit): past this many calls
# (a section renamed with thousands of stories, a large import batch) one purge of everything
# replaces them, so an editor's save never waits on dozens of API calls.
MOST_CALLS = 2
TIMEOUT_SECONDS = 3


def purge_requests(keys):
    """The API calls that purge the pages tagged with ``keys``, for the configured CDN."""
    provider = settings.NEWSDESK_CDN_PURGE
    if provider not in API:
        return []
    base = (settings.NEWSDESK_CDN_API_URL or API[provider]).rstrip("/")
    service = settings.NEWSDESK_CDN_SERVICE_ID
    tokens = surrogate_keys(keys)
    size = KEYS_PER_CALL[provider]
    if len(tokens) > size * MOST_CALLS:
        return [_purge_everything(provider, base, service)]
    calls = []
    for start in range(0, len(tokens), size):
        chunk = tokens[start : start + size]
        if provider == "fastly":
            calls.append(
                _post(
                    f"{base}/service/{settings.NEWSDESK_CDN_SERVICE_ID}/purge",
                    headers={
                        "Fastly-Key": settings.NEWSDESK_CDN_API_TOKEN,
                        "Surrogate-Key": " ".join(chunk),
                        "Accept": "application/json",
                    },
                )
            )
        else:
            calls.append(
                _post(
                    f"{base}/zones/{settings.NEWSDESK_CDN_SERVICE_ID}/purge_cache",
                    data=json.dumps({"tags": chunk}).encode(),
                    headers={
                        "Authorization": f"Bearer {settings.NEWSDESK_CDN_API_TOKEN}",
                        "Content-Type": "application/json",
                    },
                )
            )
    return calls


def _purge_everything(provider, base, service):
    if provider == "fastly":
        headers = {"Fastly-Key": settings.NEWSDESK_CDN_API_TOKEN, "Accept": "application/json"}
        return _post(f"{base}/service/{service}/purge_all", headers=headers)
    return _post(
        f"{base}/zones/{service}/purge_cache",
        data=json.dumps({"purge_everything": True}).encode(),
        headers={
            "Authorization": f"Bearer {settings.NEWSDESK_CDN_API_TOKEN}",
            "Content-Type": "application/json",
        },
    )


def _post(url, **kwargs):
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"CDN API address must be http(s): {url}")
    return urllib.request.Request(url, method="POST", **kwargs)  # noqa: S310 (checked above)


@receiver(keys_replaced, dispatch_uid="cdn_purge")
def purge(sender, keys, **kwargs):
    """Never raises: it runs after the change committed, which must stand whatever the CDN's
    API answers (or fails to)."""
    try:
        calls = purge_requests(keys)
    except Exception:
        logger.exception("CDN purge not sent; the pages leave the CDN at their s-maxage")
        return
    for call in calls:
        try:
            with urllib.request.urlopen(call, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310
                answer.read()
        except Exception as error:  # refused, timed out, HTTP error, broken answer
            logger.warning(
                "CDN purge failed (%s): %s; the pages leave the CDN at their s-maxage",
                error,
                call.full_url,
            )
