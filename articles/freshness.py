"""Generation numbers: how anything cached about stories knows it is still fresh.

Every cached page or value names the *keys* it was built from (``site``, ``article:12``,
``section:3``, ``tag:7``, ``author:5``, ``agency:2``) and keeps the generation of each key as it
was before it was built. A change to a story replaces the generation of every key the story
touches, once the transaction commits; whatever was built from an older generation is then
stale and is built again. Generations are random tokens, not counters: a token lost to cache
eviction comes back as a new token, so an entry can never match a generation it did not see.

The ``site`` key stands for everything that lists stories across sections (home, latest,
search, archives, site feeds, sitemaps): any public change replaces it. The ``nav`` key stands
for which sections, tags, people and agencies have a public story and what they are called (the
navigation and the filter choices on every page): it is replaced only by changes that can alter
that, so a story's text can be edited all day without emptying every page of the cache.

Scheduled stories and embargoes go public with no write at all: ``next_public_change()`` says
when the next one does, and whatever is cached must not outlive that moment.
"""

import logging
import math
import secrets
import threading

from django.conf import settings
from django.core.cache import cache, caches
from django.db import DEFAULT_DB_ALIAS, transaction
from django.dispatch import Signal
from django.utils import timezone

SITE = "site"
NAV = "nav"

# What a cache out of reach raises: Redis's errors (refused, timed out), or the file system's
# for generations kept in files. Public pages are then built without the cache.
try:
    from redis import RedisError
except ImportError:  # pragma: no cover - redis is in requirements.txt
    RedisError = OSError
CACHE_ERRORS = (RedisError, OSError)
_PREFIX = "gen:"
_pending = threading.local()
logger = logging.getLogger(__name__)
_CHUNK = 500

# Sent after a change has replaced generations, with ``keys`` (the set replaced): a CDN
# integration can purge the pages tagged with them (Surrogate-Key ``article-12``, ``site``…).
keys_replaced = Signal()


def _cache_key(key):
    return f"{_PREFIX}{key}"


def generation_cache():
    """Where generations live: shared by every process (Redis, or files without it)."""
    return caches["generations"]


def generations(keys):
    """The current generation of each key; keys never seen get a generation now."""
    keys = sorted(set(keys))
    cache = generation_cache()
    found = cache.get_many([_cache_key(key) for key in keys])
    current = {}
    for key in keys:
        token = found.get(_cache_key(key))
        if token is None:
            token = secrets.token_hex(8)
            # add(), not set(): a process that got there first keeps its token.
            if not cache.add(_cache_key(key), token, timeout=None):
                token = cache.get(_cache_key(key), token)
        current[key] = token
    return current


def is_fresh(snapshot):
    """True while every key in ``snapshot`` (a ``generations()`` result) is unchanged."""
    if not snapshot:
        return True
    found = generation_cache().get_many([_cache_key(key) for key in snapshot])
    return all(found.get(_cache_key(key)) == token for key, token in snapshot.items())


def replace(keys):
    """Give each key a new generation when the current transaction commits (now, if none)."""
    _queue((), keys, nav=False)


def article_keys(article_ids):
    """The keys of stories, of every section, tag, author and agency they belong to, and of
    the stories whose related links name them."""
    article_ids = sorted(set(article_ids))
    keys = set()
    # In chunks: a rename can touch every story of a section, more than SQLite's bound
    # parameters allow in one IN list.
    for start in range(0, len(article_ids), _CHUNK):
        keys |= _keys_of_chunk(article_ids[start : start + _CHUNK])
    return keys


def _keys_of_chunk(article_ids):
    from articles.models import Article, Credit, RelatedStory

    # Read from the primary: these run right after a write, which a replica may not have yet.
    db = DEFAULT_DB_ALIAS
    keys = {f"article:{pk}" for pk in article_ids}
    stories = Article.objects.using(db).filter(pk__in=article_ids)
    keys.update(f"section:{pk}" for pk in stories.values_list("section_id", flat=True))
    tag_links = Article.tags.through.objects.using(db).filter(object_id__in=article_ids)
    keys.update(f"tag:{pk}" for pk in tag_links.values_list("tag_id", flat=True))
    credits = Credit.objects.using(db).filter(article_id__in=article_ids)
    for author_id, agency_id in credits.values_list("author_id", "agency_id"):
        keys.add(f"author:{author_id}" if author_id else f"agency:{agency_id}")
    # Stories whose "More From" links name these (the link is made by a bulk update when a
    # story arrives whose headline a related-story row was waiting for).
    referrers = RelatedStory.objects.using(db).filter(target_id__in=article_ids)
    keys.update(f"article:{pk}" for pk in referrers.values_list("article_id", flat=True))
    return keys


def subject_key(subject):
    """``section:3``, ``tag:7``, ``author:5`` or ``agency:2`` for a page's subject."""
    return f"{type(subject).__name__.lower()}:{subject.pk}"


def story_keys(article):
    """The keys an article page is built from, read from what ``for_article_page()`` prefetched
    (no query): the story, its section, tags, byline and the stories it links to."""
    keys = {f"article:{article.pk}", f"section:{article.section_id}"}
    keys.update(f"tag:{tag.pk}" for tag in article.part("tags"))
    for credit in article.part("credits"):
        keys.add(f"author:{credit.author_id}" if credit.author_id else f"agency:{credit.agency_id}")
    keys.update(
        f"article:{related.target_id}"
        for related in article.part("related_stories")
        if related.target_id is not None
    )
    return keys


def stories_changed(article_ids, keys=(), nav=True):
    """Make every page and value that shows these stories fresh once the transaction commits.

    Writes that send no model signals (bulk inserts and updates) must call this themselves.
    The keys are read when the transaction commits, so they name the stories as they end up
    (their section, tags, byline, and the stories linking to them); ``keys`` adds what they
    were before (an old section or tag), which the caller read before changing it. ``nav``
    says the change may alter which sections, tags or names have public stories.
    """
    _queue(article_ids, keys, nav)


def _queue(article_ids, keys, nav):
    state = getattr(_pending, "changes", None)
    if state is None:
        state = _pending.changes = {"ids": set(), "keys": set(), "nav": False}
    state["ids"].update(article_ids)
    state["keys"].update(keys)
    state["nav"] = state["nav"] or nav
    # One flush per transaction does the work; the callbacks after it find nothing pending.
    # What a rolled-back transaction queued is flushed with the next commit: harmless.
    transaction.on_commit(_flush_changes)


def _flush_changes():
    state = getattr(_pending, "changes", None)
    _pending.changes = None
    if not state:
        return
    keys = state["keys"] | {SITE}
    if state["ids"]:
        keys |= article_keys(state["ids"])
    if state["nav"]:
        from articles.models import NavigationVersion

        keys.add(NAV)
        NavigationVersion.advance()
    generation_cache().set_many(
        {_cache_key(key): secrets.token_hex(8) for key in keys}, timeout=None
    )
    keys_replaced.send(sender=None, keys=frozenset(keys))


def next_public_change(request=None):
    """When the next published story that readers cannot see yet becomes public (its
    publication time or embargo lift), or None; a moment up to a few seconds past counts too,
    so that a page built while a story fell due is never kept. The navigation's cached query
    finds it (articles/public_lists.py): no query of its own."""
    from articles import public_lists

    return public_lists.next_public_change(request)


def cached(name, keys, compute, until=None):
    """``compute()``'s value, kept while the generations of ``keys`` (and ``site``) last, and
    never past ``until(value)``: by default the moment the next scheduled story or embargo goes
    public (no write marks it); None from ``until``, no end. With the cache out of reach, the
    value is computed each time."""
    key = f"value:{name}"
    now = timezone.now()
    try:
        found = nearest(
            key,
            usable=lambda entry: entry if _current(entry, now) else None,
            lasts=lambda entry: _seconds_until(entry["until"], now),
        )
        if found is not None:
            return found["value"]
        snapshot = generations([*keys, SITE])
    except CACHE_ERRORS as error:
        logger.warning("cache unreachable (%s): %s computed without it", error, name)
        return compute()
    value = compute()
    ends = until(value) if until else next_public_change()
    entry = {"generations": snapshot, "value": value, "until": ends}
    try:
        keep(key, entry, _seconds_until(ends, now))
    except CACHE_ERRORS as error:
        logger.warning("cache unreachable (%s): %s not kept", error, name)
    return value


def cache_tiers():
    """Where pages and cached values are kept: this process's memory first when the shared
    cache is elsewhere (Redis), then the shared cache. A copy in memory is as exact as the
    shared one: every read checks its generations in the shared store; it only saves fetching
    the entry over the wire."""
    if settings.NEWSDESK_PAGE_CACHE_IN_PROCESS:
        return caches["pages_in_process"], cache
    return (cache,)


def nearest(key, usable, lasts):
    """What ``usable(entry)`` makes of the entry under ``key`` in the nearest tier where it
    makes something (None: stale or expired), or None. An entry found further away (another
    process kept it) is copied into the nearest tier, for ``lasts(entry)`` seconds."""
    tiers = cache_tiers()
    for depth, tier in enumerate(tiers):
        entry = tier.get(key)
        found = usable(entry) if entry is not None else None
        if found is not None:
            if depth:
                tiers[0].set(key, entry, lasts(entry))
            return found
    return None


def keep(key, entry, timeout):
    """Keep ``entry`` in every tier for ``timeout`` seconds (None: until evicted)."""
    for tier in cache_tiers():
        tier.set(key, entry, timeout)


def _current(entry, now):
    ends = entry["until"]
    return (not ends or now < ends) and is_fresh(entry["generations"])


def _seconds_until(moment, now):
    return None if moment is None else max(1, math.ceil((moment - now).total_seconds()))
