"""Redis out of reach: readers still get every page, built without the cache, while /healthz/
tells the load balancer what is wrong."""

import socket

import pytest
from django.core.cache import caches

from articles import freshness
from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    """Written while the cache is up: a write needs it (its generations are replaced)."""
    return make_article("Floods recede in Sindh", summary="Water levels fall.")


@pytest.fixture
def redis_down(settings):
    """The production cache settings, pointed at a port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    unreachable = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{closed_port}/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    settings.CACHES = {
        "default": unreachable,
        "generations": unreachable,
        "pages_in_process": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    settings.NEWSDESK_PAGE_CACHE = True
    settings.NEWSDESK_PAGE_CACHE_IN_PROCESS = True
    yield
    caches["pages_in_process"].clear()


def test_pages_are_built_without_the_cache_when_redis_is_down(client, story, redis_down, caplog):
    for url in (story.get_absolute_url(), "/", "/latest/", "/pakistan/", "/feeds/rss/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Floods recede in Sindh" in response.content.decode(), url
    page = client.get(story.get_absolute_url()).content.decode()
    assert 'aria-current="page">Pakistan<' in page
    assert "cache unreachable" in caplog.text

    health = client.get("/healthz/")
    assert health.status_code == 503
    assert health.json()["cache"] != "ok"


def test_a_change_made_while_redis_is_down_is_saved_and_reported(story, redis_down):
    story.headline = "Floods recede further"
    with pytest.raises(freshness.CACHE_ERRORS):
        story.save()  # the generations of what changed cannot be replaced: an error, loudly
    assert Article.objects.get(pk=story.pk).headline == "Floods recede further"
