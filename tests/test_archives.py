"""Date archives (/archive/YYYY/, /YYYY/MM/, /YYYY/MM/DD/) by the newsroom's local date, and
listings that page by id (deep pages stay on the article indexes)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from tests.factories import credit, make_article, make_author, make_section

pytestmark = pytest.mark.django_db

KARACHI = ZoneInfo("Asia/Karachi")


def karachi(*args):
    return datetime(*args, tzinfo=KARACHI)


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return lxml.html.fromstring(response.content) if status == 200 else None


def headlines(doc):
    return [a.text_content() for a in doc.cssselect(".card-headline a")]


def links(doc, selector):
    return {a.text_content().strip(): a.get("href") for a in doc.cssselect(selector)}


@pytest.fixture
def december():
    """Stories around 15 December 2022, Karachi time, with what readers must never see."""
    stories = {
        # 23:30 in Karachi is 18:30 UTC: the 15th either way.
        "late": make_article("Late night vote", published_at=karachi(2022, 12, 15, 23, 30)),
        # 00:30 on the 16th in Karachi is still the 15th in UTC.
        "early": make_article("Early edition", published_at=karachi(2022, 12, 16, 0, 30)),
        "morning": make_article("Morning markets", published_at=karachi(2022, 12, 15, 9, 0)),
        "later": make_article("Week ahead", published_at=karachi(2022, 12, 20, 12, 0)),
        "november": make_article("November note", published_at=karachi(2022, 11, 30, 8, 0)),
        "next year": make_article("New year", published_at=karachi(2023, 1, 2, 8, 0)),
    }
    make_article(
        "Secret draft",
        status=Article.Status.DRAFT,
        published_at=karachi(2022, 12, 17, 10, 0),
    )
    make_article(
        "Embargoed story",
        published_at=karachi(2022, 12, 18, 10, 0),
        embargo_until=karachi(2999, 1, 1, 0, 0),
    )
    make_article("Withdrawn story", published_at=karachi(2022, 12, 19, 10, 0)).withdraw("Legal")
    return stories


def test_a_day_lists_its_public_stories_by_local_date(client, december):
    doc = page(client, "/archive/2022/12/15/")
    assert doc.xpath("string(//h1)") == "Stories from 15 December 2022"
    assert headlines(doc) == ["Late night vote", "Morning markets"]
    assert headlines(page(client, "/archive/2022/12/16/")) == ["Early edition"]


def test_days_link_to_the_nearest_days_with_public_stories(client, december):
    doc = page(client, "/archive/2022/12/16/")
    nav = doc.cssselect(".archive-nav")[0]
    assert nav.cssselect("a[rel=prev]")[0].get("href") == "/archive/2022/12/15/"
    # The draft (17th), embargoed (18th) and withdrawn (19th) days are skipped.
    assert nav.cssselect("a[rel=next]")[0].get("href") == "/archive/2022/12/20/"
    assert links(doc, ".archive-nav a")["All of December 2022"] == "/archive/2022/12/"
    first = page(client, "/archive/2022/11/30/").cssselect(".archive-nav")[0]
    assert not first.cssselect("a[rel=prev]")
    assert first.cssselect("a[rel=next]")[0].get("href") == "/archive/2022/12/15/"


@pytest.mark.parametrize(
    "url",
    [
        "/archive/2022/12/17/",  # only a draft
        "/archive/2022/12/18/",  # only an embargoed story
        "/archive/2022/12/19/",  # only a withdrawn story
        "/archive/2022/12/14/",  # nothing at all
        "/archive/2022/10/",
        "/archive/2021/",
        "/archive/2022/13/",
        "/archive/2022/02/30/",
        "/archive/1999/12/31/",
    ],
)
def test_dates_without_public_stories_are_not_found(client, december, url):
    assert client.get(url).status_code == 404


def test_a_month_lists_its_stories_and_days(client, december):
    doc = page(client, "/archive/2022/12/")
    assert doc.xpath("string(//h1)") == "Stories from December 2022"
    assert headlines(doc) == ["Week ahead", "Early edition", "Late night vote", "Morning markets"]
    assert list(links(doc, ".archive-dates a").values()) == [
        "/archive/2022/12/15/",
        "/archive/2022/12/16/",
        "/archive/2022/12/20/",
    ]
    nav = links(doc, ".archive-nav a")
    assert nav["← November 2022"] == "/archive/2022/11/"
    assert nav["January 2023 →"] == "/archive/2023/01/"
    assert nav["All of 2022"] == "/archive/2022/"


def test_a_year_lists_its_stories_and_months(client, december):
    doc = page(client, "/archive/2022/")
    assert doc.xpath("string(//h1)") == "Stories from 2022"
    assert set(headlines(doc)) == {
        "Week ahead",
        "Early edition",
        "Late night vote",
        "Morning markets",
        "November note",
    }
    assert links(doc, ".archive-dates a") == {
        "November": "/archive/2022/11/",
        "December": "/archive/2022/12/",
    }
    assert links(doc, ".archive-nav a") == {"2023 →": "/archive/2023/"}


def test_a_story_late_on_new_years_eve_belongs_to_the_old_year(client):
    make_article("Fireworks", published_at=karachi(2022, 12, 31, 23, 45))
    assert headlines(page(client, "/archive/2022/")) == ["Fireworks"]
    assert client.get("/archive/2023/").status_code == 404


def test_future_stories_are_not_in_the_archive(client, time_machine):
    time_machine.move_to(karachi(2022, 12, 15, 12, 0), tick=False)
    make_article("Already out", published_at=karachi(2022, 12, 15, 9, 0))
    make_article("Scheduled", published_at=karachi(2022, 12, 15, 18, 0))
    make_article("Tomorrow", published_at=karachi(2022, 12, 16, 9, 0))
    assert headlines(page(client, "/archive/2022/12/15/")) == ["Already out"]
    assert client.get("/archive/2022/12/16/").status_code == 404
    time_machine.move_to(karachi(2022, 12, 16, 10, 0), tick=False)
    assert headlines(page(client, "/archive/2022/12/15/")) == ["Scheduled", "Already out"]
    assert headlines(page(client, "/archive/2022/12/16/")) == ["Tomorrow"]


def test_archive_pages_are_paginated(client):
    for minute in range(25):
        make_article(f"Bulletin {minute:02d}", published_at=karachi(2022, 12, 15, 10, minute))
    first = page(client, "/archive/2022/12/15/")
    assert headlines(first) == [f"Bulletin {m:02d}" for m in range(24, 4, -1)]
    (older,) = first.cssselect(".pagination a[rel=next]")
    assert older.get("href") == "?page=2"
    assert headlines(page(client, "/archive/2022/12/15/?page=2")) == [
        f"Bulletin {m:02d}" for m in range(4, -1, -1)
    ]
    assert client.get("/archive/2022/12/15/?page=3").status_code == 404


def test_the_article_date_links_to_its_local_day(client, december):
    story = december["late"]
    doc = page(client, story.get_absolute_url())
    (link,) = doc.cssselect(".story-header a.archive-link")
    assert link.get("href") == "/archive/2022/12/15/"
    assert link.cssselect("time")[0].get("datetime") == "2022-12-15T23:30:00+05:00"
    assert story.headline in headlines(page(client, link.get("href")))


# -- listings page by id ------------------------------------------------------------------------


def test_deep_listing_pages_show_the_right_stories_in_order(client):
    section = make_section("Weather")
    start = karachi(2022, 1, 1, 8, 0)
    for number in range(45):
        make_article(
            f"Forecast {number:02d}", section=section, published_at=start + timedelta(hours=number)
        )
    # Two stories at the same minute: the newer id first, on whichever page they fall.
    make_article("Twin A", section=section, published_at=start + timedelta(minutes=30))
    make_article("Twin B", section=section, published_at=start + timedelta(minutes=30))
    make_article("Hidden draft", section=section, status=Article.Status.DRAFT)
    pages = [headlines(page(client, f"/weather/?page={n}")) for n in (1, 2, 3)]
    expected = [f"Forecast {n:02d}" for n in range(44, 0, -1)] + ["Twin B", "Twin A", "Forecast 00"]
    assert [h for p in pages for h in p] == expected
    assert [len(p) for p in pages] == [20, 20, 7]
    assert client.get("/weather/?page=4").status_code == 404


def count_queries(client, url):
    # The page as rendered: from the page cache it would cost no query at all.
    with override_settings(NEWSDESK_PAGE_CACHE=False), CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize(
    "url", ["/weather/?page=2", "/tag/rain/?page=2", "/author/sara-khan/?page=2"]
)
def test_listing_counts_and_pages_touch_only_the_article_table(client, url):
    section = make_section("Weather")
    author = make_author("Sara Khan")
    for number in range(25):
        story = make_article(f"Forecast {number}", section=section)
        story.tags.add("rain")
        credit(story, author)
    queries = count_queries(client, url)
    (count,) = [sql for sql in queries if "COUNT(" in sql.upper()]
    assert " JOIN " not in count.upper()
    (ids,) = [sql for sql in queries if sql.startswith('SELECT "articles_article"."id" AS')]
    assert " JOIN " not in ids.upper()
    assert "LIMIT 5 OFFSET 20" in ids.upper()  # the last 5 of 25
    # The page's cards: the stories by id, then their credits and photos, at any depth.
    assert len([sql for sql in queries if '"articles_article"."body"' in sql]) == 1


def test_date_filters_compare_published_at_directly(client):
    make_article("In range", published_at=karachi(2022, 12, 15, 0, 10))
    make_article("Day before", published_at=karachi(2022, 12, 14, 23, 50))
    make_article("Day after", published_at=karachi(2022, 12, 16, 0, 0))
    url = "/latest/?published_from=2022-12-15&published_to=2022-12-15"
    assert headlines(page(client, url)) == ["In range"]
    queries = count_queries(client, url)
    (count,) = [sql for sql in queries if "COUNT(" in sql.upper()]
    assert "CAST_DATE" not in count.upper() and "::DATE" not in count.upper()
