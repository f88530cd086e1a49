"""HTTP caching on real responses: Cache-Control for readers and staff, ETag and Last-Modified
with 304 answers (from the cache and without it), the CDN purge keys, and what the page cache
never keeps: staff pages, previews, posts, and pages that set cookies."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils.http import http_date

from articles.models import Article
from tests.desk import client_for, make_staff
from tests.factories import credit, make_agency, make_article, make_author, make_section

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=ZoneInfo("Asia/Karachi"))


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def story():
    article = make_article(
        "Budget passed after long night", section=make_section("Ledger", slug="ledger")
    )
    article.tags.add("budget")
    credit(article, make_author("Sara Khan"), make_agency("ZZA"))
    return article


@pytest.fixture(params=[True, False], ids=["page cache", "no page cache"])
def page_cache(request, settings):
    settings.NEWSDESK_PAGE_CACHE = request.param
    return request.param


def directives(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_readers_get_public_cache_control_and_purge_keys(story, settings):
    settings.NEWSDESK_CACHE_MAX_AGE, settings.NEWSDESK_CACHE_S_MAXAGE = 45, 900
    settings.NEWSDESK_CACHE_STALE_WHILE_REVALIDATE = 20
    for _ in range(2):  # the miss, then the hit
        response = Client().get(story.get_absolute_url())
        assert response.status_code == 200
        assert directives(response) == {
            "public",
            "max-age=45",
            "s-maxage=900",
            "stale-while-revalidate=20",
        }
        keys = set(response["Surrogate-Key"].split(" "))
        credits = story.credits.all()
        assert keys == {
            f"article-{story.pk}",
            f"section-{story.section_id}",
            f"tag-{story.tags.get().pk}",
            f"author-{credits[0].author_id}",
            f"agency-{credits[1].agency_id}",
            "nav",
        }
        assert set(response["Cache-Tag"].split(",")) == keys
        assert "Cookie" in response["Vary"]


@pytest.mark.parametrize(
    "url, keys",
    [
        ("/", {"site", "nav"}),
        ("/latest/", {"site", "nav"}),
        ("/search/?q=budget", {"site", "nav"}),
        ("/feeds/atom/", {"site", "nav"}),
        ("/sitemap.xml", {"site", "nav"}),
        ("/ledger/", "section"),
        ("/tag/budget/", "tag"),
        ("/feeds/author/sara-khan/rss/", "author"),
    ],
)
def test_listings_name_their_subject_or_the_site(story, url, keys):
    response = Client().get(url)
    assert response.status_code == 200
    if isinstance(keys, str):
        subject = {
            "section": story.section_id,
            "tag": story.tags.get().pk,
            "author": story.credits.all()[0].author_id,
        }[keys]
        keys = {f"{keys}-{subject}", "nav"}
    assert set(response["Surrogate-Key"].split()) == keys


def test_etag_answers_304_on_misses_and_hits(story, page_cache):
    reader = Client()
    url = story.get_absolute_url()
    first = reader.get(url)
    etag = first["ETag"]
    assert etag.startswith('"') and len(etag) > 10
    again = reader.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert "public" in directives(again)
    assert reader.get(url, headers={"if-none-match": '"something-else"'}).status_code == 200


def test_last_modified_answers_304_and_200_after_a_change(story, page_cache, frozen):
    reader = Client()
    url = story.get_absolute_url()
    first = reader.get(url)
    since = first["Last-Modified"]
    assert since == http_date(NOW.timestamp())
    assert reader.get(url, headers={"if-modified-since": since}).status_code == 304
    frozen.move_to(NOW + timedelta(minutes=5), tick=False)
    story.headline = "Budget passed at dawn"
    story.save()
    changed = reader.get(url, headers={"if-modified-since": since, "if-none-match": first["ETag"]})
    assert changed.status_code == 200
    assert b"Budget passed at dawn" in changed.content
    assert changed["ETag"] != first["ETag"]


def test_head_requests_are_answered_from_the_cache(story, django_assert_num_queries):
    reader = Client()
    url = story.get_absolute_url()
    assert reader.get(url).status_code == 200
    with django_assert_num_queries(0):
        response = reader.head(url)
    assert response.status_code == 200
    assert "public" in directives(response)


def test_turning_the_page_cache_off_keeps_the_headers(story, settings):
    settings.NEWSDESK_PAGE_CACHE = False
    reader = Client()
    url = story.get_absolute_url()
    reader.get(url)
    response = reader.get(url)
    assert "public" in directives(response)
    assert response["ETag"] and response["Surrogate-Key"]
    with CaptureQueriesContext(connection) as queries:
        reader.get(url)
    assert len(queries) > 0  # every request renders the page again


def test_staff_never_get_cached_pages(story):
    """An anonymous reader fills the cache; a write that sends no signal leaves that entry
    stale on purpose. Readers still get it; staff get the page as it is."""
    url = story.get_absolute_url()
    Client().get(url)
    Article.objects.filter(pk=story.pk).update(summary="Quietly edited summary")
    assert b"Quietly edited summary" not in Client().get(url).content
    staff = client_for(make_staff("editor"))
    response = staff.get(url)
    assert b"Quietly edited summary" in response.content
    assert {"private", "no-cache"} <= directives(response)
    assert "public" not in directives(response)
    assert "Surrogate-Key" not in response


def test_staff_never_fill_the_cache(story):
    url = story.get_absolute_url()
    client_for(make_staff("editor")).get(url)
    Article.objects.filter(pk=story.pk).update(summary="Quietly edited summary")
    assert b"Quietly edited summary" in Client().get(url).content


def test_a_session_cookie_alone_keeps_the_cache_away(story):
    url = story.get_absolute_url()
    Client().get(url)
    Article.objects.filter(pk=story.pk).update(summary="Quietly edited summary")
    visitor = Client()
    visitor.cookies["sessionid"] = "not-a-real-session"
    response = visitor.get(url)
    assert b"Quietly edited summary" in response.content
    assert "private" in directives(response)


def test_previews_stay_never_cache_and_readers_still_get_404(story):
    scheduled = make_article(
        "Tax plan due", section=story.section, published_at=NOW + timedelta(days=1)
    )
    staff = client_for(make_staff("editor"))
    preview = staff.get(scheduled.get_absolute_url())
    assert preview.status_code == 200
    assert {"private", "no-cache", "no-store"} <= directives(preview)
    assert Client().get(scheduled.get_absolute_url()).status_code == 404


def test_posts_and_not_found_pages_are_not_kept(story):
    reader = Client()
    assert reader.post("/latest/").status_code == 405
    assert reader.get("/no-such-section/").status_code == 404
    make_article("Now there is one", section=make_section("Lost", slug="no-such-section"))
    assert reader.get("/no-such-section/").status_code == 200


def test_withdrawn_stories_answer_410_from_the_cache_until_republished(
    story, django_assert_num_queries
):
    url = story.get_absolute_url()
    story.withdraw("Legal advice")
    reader = Client()
    assert reader.get(url).status_code == 410
    with django_assert_num_queries(0):
        assert reader.get(url).status_code == 410
    story.status = Article.Status.PUBLISHED
    story.save()
    assert reader.get(url).status_code == 200


def test_cache_lifetimes_stop_at_the_next_scheduled_publication(story, settings):
    make_article("Tax plan due", section=story.section, published_at=NOW + timedelta(seconds=40))
    response = Client().get("/")
    assert directives(response) >= {"public", "max-age=40", "s-maxage=40"}


def remembers_the_reader(request):
    """A page that declares its keys but sets a cookie: it must not be shared."""
    from django.http import HttpResponse

    from articles.page_cache import depends_on

    depends_on(request, "site")
    response = HttpResponse(" ".join(Article.objects.values_list("summary", flat=True)))
    response.set_cookie("seen", "1")
    return response


urlpatterns = [path("remembers/", remembers_the_reader)]


def test_pages_that_set_cookies_are_not_kept(settings, story):
    settings.ROOT_URLCONF = __name__
    reader = Client()
    first = reader.get("/remembers/")
    assert first.cookies["seen"].value == "1"
    assert "public" not in directives(first)
    Article.objects.filter(pk=story.pk).update(summary="Quietly edited summary")  # no signal
    assert b"Quietly edited summary" in reader.get("/remembers/").content
