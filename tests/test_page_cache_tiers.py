"""With Redis, each worker keeps a copy of the pages it served in its own memory: a hit then
fetches only the page's generations from Redis. The copy must be exactly as fresh as the shared
entry, and a page one worker kept must serve another."""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client

from tests.factories import make_article

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not settings.NEWSDESK_PAGE_CACHE_IN_PROCESS,
        reason="pages are kept in each process's memory only with REDIS_URL (CI sets it)",
    ),
]


def test_a_page_kept_by_another_worker_is_served_without_a_query(django_assert_num_queries):
    url = make_article("Kept in Redis").get_absolute_url()
    assert b"Kept in Redis" in Client().get(url).content
    caches["pages_in_process"].clear()  # as in a worker that never served it
    with django_assert_num_queries(0):
        assert b"Kept in Redis" in Client().get(url).content
    with django_assert_num_queries(0):  # now from this worker's own copy
        assert b"Kept in Redis" in Client().get(url).content


def test_the_copy_in_memory_goes_stale_with_the_shared_generations():
    story = make_article("First headline")
    url = story.get_absolute_url()
    reader = Client()
    assert b"First headline" in reader.get(url).content
    story.headline = "Second headline"
    story.save()
    page = reader.get(url).content
    assert b"Second headline" in page and b"First headline" not in page


def test_the_navigation_is_kept_in_memory_and_checked_against_redis(settings):
    """The navigation listing pages show: read from this worker's copy while the shared
    generations stand, fetched from Redis when another worker built it, rebuilt after a change.
    (The article page reads it at the version its own query reads: test_public_lists.py.)"""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.NEWSDESK_PAGE_CACHE = False  # every page built, so each reads the navigation
    story = make_article("Kept in memory")
    reader = Client()

    def latest():
        with CaptureQueriesContext(connection) as captured:
            page = reader.get("/latest/").content
        navigation = [q for q in captured if 'FROM "articles_section"' in q["sql"]]
        return page, len(navigation)

    assert latest()[1] == 1  # built, kept in Redis and in this process
    shared, nearby = caches["default"], caches["pages_in_process"]
    assert shared.get("value:navigation") and nearby.get("value:navigation")

    shared.delete("value:navigation")
    assert latest()[1] == 0  # from this process's memory

    nearby.clear()  # as in a worker that never read it: Redis has it, built elsewhere
    latest()
    page, built = latest()
    assert built == 0 and b'href="/pakistan/">Pakistan<' in page

    story.section.name = "Pakistan and the region"
    story.section.save()  # a change: the generations move, both copies go stale
    page, built = latest()
    assert built == 1 and b">Pakistan and the region<" in page


def test_the_redis_cache_reads_and_writes_through_one_kept_client():
    shared = caches["generations"]
    client = shared._cache.get_client()
    shared.set("kept-client-check", 7)
    assert shared.get("kept-client-check") == 7
    assert shared._cache.get_client(write=True) is client
    assert client.ping()
