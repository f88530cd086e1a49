"""Generation numbers: how anything cached about stories knows it is still fresh.

Every cached page or value names the *keys* it was built from (``site``, ``article:12``,
``section:3``, ``tag:7``, ``author:5``, ``agency:2``) and keeps the generation of each key as it
was before it was built. A change to a story replaces the generation of every key the story
touches, once the transaction commits; whatever was built from an older generation is then
stale and is built again. Generations are random tokens, not counters: a token lost to cache
eviction comes back as a new token, so an entry can never match a generation it did not see.

The ``site`` key stands for everything that lists stories across sections (home, latest,
search, archives, site feeds, sitemaps, navigation): any public change replaces it.
"""

import secrets

from django.core.cache import cache
from django.db import transaction

SITE = "site"
_PREFIX = "gen:"


def _cache_key(key):
    return f"{_PREFIX}{key}"


def generations(keys):
    """The current generation of each key; keys never seen get a generation now."""
    keys = sorted(set(keys))
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
    found = cache.get_many([_cache_key(key) for key in snapshot])
    return all(found.get(_cache_key(key)) == token for key, token in snapshot.items())


def replace(keys):
    """Give each key a new generation when the current transaction commits (now, if none)."""
    keys = set(keys) | {SITE}

    def apply():
        cache.set_many({_cache_key(key): secrets.token_hex(8) for key in keys}, timeout=None)

    transaction.on_commit(apply)


def article_keys(article_ids):
    """The keys of stories and of every section, tag, author and agency they belong to."""
    from articles.models import Article, Credit

    article_ids = list(article_ids)
    keys = {f"article:{pk}" for pk in article_ids}
    stories = Article.objects.filter(pk__in=article_ids)
    keys.update(f"section:{pk}" for pk in stories.values_list("section_id", flat=True))
    keys.update(
        f"tag:{pk}"
        for pk in Article.tags.through.objects.filter(object_id__in=article_ids).values_list(
            "tag_id", flat=True
        )
    )
    for author_id, agency_id in Credit.objects.filter(article_id__in=article_ids).values_list(
        "author_id", "agency_id"
    ):
        keys.add(f"author:{author_id}" if author_id else f"agency:{agency_id}")
    return keys


def stories_changed(article_ids):
    """Make every page and value that shows these stories fresh once the transaction commits.

    Writes that send no model signals (bulk inserts and updates) must call this themselves.
    """
    replace(article_keys(article_ids))


def cached(name, keys, compute, timeout=None):
    """``compute()``'s value, kept in the cache while the generations of ``keys`` last."""
    entry = cache.get(f"value:{name}")
    if entry is not None and is_fresh(entry["generations"]):
        return entry["value"]
    snapshot = generations([*keys, SITE])
    value = compute()
    cache.set(f"value:{name}", {"generations": snapshot, "value": value}, timeout)
    return value
