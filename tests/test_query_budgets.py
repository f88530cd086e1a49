"""Every public page runs a small, fixed number of SQL queries, whatever a story carries.

Two newsrooms are built with the same shape: in the *lean* one each story has one credit, photo,
tag, related story and correction; in the *rich* one each has 12 credits (authors and agencies
mixed), 8 photos, 10 tags, 6 related stories and 3 corrections, and listings hold more stories
than a page. Each page must stay within its budget in ``BUDGETS`` (cache cleared: every value
computed; and warm: cached values reused), and cost exactly as many queries in both newsrooms.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import search
from articles.models import Correction, Section
from tests.factories import add_photo, credit, make_agency, make_article, make_author, relate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pages_rendered(settings):
    """Budgets are what a page costs to render: the whole-page cache would answer with none."""
    settings.NEWSDESK_PAGE_CACHE = False


KARACHI = ZoneInfo("Asia/Karachi")
DAY = datetime(2022, 12, 15, 9, 0, tzinfo=KARACHI)

# page: (queries with the cache cleared, queries warm). One table, so a change shows in review.
# Warm, a listing costs: its subject, the page's ids, the stories, their credits, their photos
# (navigation, filter choices and the unfiltered count come from the cache). The article page
# and its ninjs: one query, the story's row carrying its section, tags, credits, photos,
# corrections and related stories (+ the navigation when uncached). Archives also find their
# date list and the nearest dates; the sitemap index counts each sitemap. A subject feed,
# uncached, also reads the navigation's query (it tells when its cached count must end: the
# next story due to go public). Pages that show no navigation (site feeds, sitemaps, ninjs)
# read it once uncached all the same: the page cache asks it when the page may be kept until.
BUDGETS = {
    "home": (4, 3),
    "article": (2, 1),
    "latest": (9, 4),
    "latest filtered": (9, 5),
    "section": (10, 5),
    "section page 2": (10, 5),
    "tag": (9, 5),
    "author": (9, 5),
    "agency": (9, 5),
    "archive year": (10, 9),
    "archive month": (10, 9),
    "archive day": (11, 10),
    "search": (9, 5),
    "feed rss": (4, 3),
    "feed atom": (4, 3),
    "section feed rss": (6, 4),
    "section feed atom": (6, 4),
    "tag feed rss": (6, 4),
    "tag feed atom": (6, 4),
    "author feed rss": (6, 4),
    "author feed atom": (6, 4),
    "agency feed rss": (6, 4),
    "agency feed atom": (6, 4),
    "sitemap index": (9, 8),
    "sitemap news": (3, 2),
    "sitemap sections": (3, 2),
    "sitemap tags": (3, 2),
    "sitemap authors": (3, 2),
    "sitemap agencies": (3, 2),
    "sitemap articles": (3, 2),
    "ninjs": (2, 1),
    "robots": (0, 0),
}


def build_newsroom(prefix, *, stories, people, agencies, photos, tags, related, corrections):
    """Stories in one section, all on DAY, each carrying the given number of each relation.

    Every name is prefixed, so two newsrooms can share a database and differ only in shape.
    """
    section = Section.objects.create(name=f"{prefix} desk", slug=f"{prefix}-desk")
    people = [make_author(f"{prefix} reporter {n}") for n in range(people)]
    agencies = [make_agency(f"{prefix.upper()}{n}") for n in range(agencies)]
    # Mixed bylines: person, agency, person, agency...
    byline = [who for pair in zip(people, agencies, strict=True) for who in pair]
    tag_names = [f"{prefix} topic {n}" for n in range(tags)]
    made = []
    with search.batched():
        for number in range(stories):
            article = make_article(
                f"{prefix} flood story {number}",
                section=section,
                summary="The river rose overnight.",
                published_at=DAY.replace(minute=number),
            )
            credit(article, *byline)
            for n in range(photos):
                add_photo(article, f"Photo {n}", body_position=None if n == 0 else n)
            article.tags.add(*tag_names)
            for n in range(corrections):
                Correction.objects.create(article=article, text=f"Correction {n}.")
            made.append(article)
        for index, article in enumerate(made):
            for n in range(related):
                relate(article, target=made[(index + n + 1) % len(made)])
    return {
        "section": section,
        "article": made[-1],
        "tag": made[-1].tags.first().slug,
        "author": people[0],
        "agency": agencies[0],
        "prefix": prefix,
    }


def page_urls(room):
    """The URL of each page in ``BUDGETS``, for one newsroom."""
    article = room["article"]
    section, tag = room["section"].slug, room["tag"]
    author, agency = room["author"].slug, room["agency"].slug
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "latest": "/latest/",
        "latest filtered": f"/latest/?section={section}&tag={tag}&author={author}",
        "section": f"/{section}/",
        "section page 2": f"/{section}/?page=2",
        "tag": f"/tag/{tag}/",
        "author": f"/author/{author}/",
        "agency": f"/agency/{agency}/",
        "archive year": "/archive/2022/",
        "archive month": "/archive/2022/12/",
        "archive day": "/archive/2022/12/15/",
        "search": f"/search/?q={room['prefix']}+flood",
        "feed rss": "/feeds/rss/",
        "feed atom": "/feeds/atom/",
        "section feed rss": f"/feeds/section/{section}/rss/",
        "section feed atom": f"/feeds/section/{section}/atom/",
        "tag feed rss": f"/feeds/tag/{tag}/rss/",
        "tag feed atom": f"/feeds/tag/{tag}/atom/",
        "author feed rss": f"/feeds/author/{author}/rss/",
        "author feed atom": f"/feeds/author/{author}/atom/",
        "agency feed rss": f"/feeds/agency/{agency}/rss/",
        "agency feed atom": f"/feeds/agency/{agency}/atom/",
        "sitemap index": "/sitemap.xml",
        "sitemap news": "/sitemap-news.xml",
        "sitemap sections": "/sitemap-sections.xml",
        "sitemap tags": "/sitemap-tags.xml",
        "sitemap authors": "/sitemap-authors.xml",
        "sitemap agencies": "/sitemap-agencies.xml",
        "sitemap articles": "/sitemap-articles.xml",
        "ninjs": f"/api/ninjs/{article.pk}/",
        "robots": "/robots.txt",
    }


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


@pytest.fixture
def clock(time_machine):
    """The day after DAY: every story is public and within the news sitemap's two days."""
    time_machine.move_to(datetime(2022, 12, 16, 9, 0, tzinfo=KARACHI), tick=False)


def build_rich():
    return build_newsroom(
        "rich", stories=25, people=6, agencies=6, photos=8, tags=10, related=6, corrections=3
    )


def build_lean():
    return build_newsroom(
        "lean", stories=21, people=1, agencies=1, photos=1, tags=1, related=1, corrections=1
    )


def measure(client, urls):
    """(cache cleared, warm) query counts of each page."""
    counts = {}
    for name, url in urls.items():
        cache.clear()
        counts[name] = (count_queries(client, url), count_queries(client, url))
    return counts


def test_the_rich_article_page_shows_many_of_everything(client, clock):
    room = build_rich()
    doc = lxml.html.fromstring(client.get(room["article"].get_absolute_url()).content)
    assert len(doc.cssselect(".story-header .byline a")) == 12
    assert len(doc.cssselect("figure")) == 8
    assert len(doc.cssselect("a[rel=tag]")) == 10
    assert len(doc.cssselect("section.related a")) == 6
    assert len(doc.cssselect("section.corrections li")) == 3
    listing = lxml.html.fromstring(client.get(f"/{room['section'].slug}/").content)
    assert len(listing.cssselect(".card")) == 20
    assert len(listing.cssselect(".card .byline a")) == 20 * 12


def test_every_page_stays_within_its_budget(client, clock, django_assert_max_num_queries):
    urls = page_urls(build_rich())
    assert urls.keys() == BUDGETS.keys()
    for name, url in urls.items():
        uncached, warm = BUDGETS[name]
        assert warm <= uncached, name
        cache.clear()
        with django_assert_max_num_queries(uncached, info=f"{name}, cache cleared"):
            assert client.get(url).status_code == 200, url
        with django_assert_max_num_queries(warm, info=f"{name}, warm"):
            assert client.get(url).status_code == 200, url


def test_query_counts_are_the_same_with_one_or_many_of_everything(client, clock):
    lean = measure(client, page_urls(build_lean()))
    rich = measure(client, page_urls(build_rich()))
    assert rich == lean
