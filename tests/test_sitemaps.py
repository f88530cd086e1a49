"""Sitemaps and robots.txt as a crawler sees them, validated against the sitemaps.org XSDs."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import lxml.etree
import pytest
import xmlschema
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles.models import Article
from articles.sitemaps import ArticleSitemap, NewsSitemap
from tests.factories import credit, make_agency, make_article, make_author, make_section

pytestmark = pytest.mark.django_db

SERVER = "http://testserver"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
NS = {"sm": SITEMAP_NS, "news": NEWS_NS}
KARACHI = ZoneInfo("Asia/Karachi")
HIDDEN = ["Secret draft", "Scheduled story", "Embargoed story", "Withdrawn story"]


@pytest.fixture
def urlset_schema(schemas):
    return xmlschema.XMLSchema(schemas / "sitemap.xsd")


@pytest.fixture
def index_schema(schemas):
    return xmlschema.XMLSchema(schemas / "siteindex.xsd")


@pytest.fixture
def news_schema(schemas):
    """sitemap.xsd with its extension wildcards processed laxly: Google publishes no XSD for
    the news: elements here, so the test checks those itself."""
    text = (schemas / "sitemap.xsd").read_text(encoding="utf-8")
    return xmlschema.XMLSchema(text.replace('processContents="strict"', 'processContents="lax"'))


def fetch(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response


def xml(client, url, schema):
    """The document at ``url``, after checking that it is valid against ``schema``."""
    content = fetch(client, url).content
    schema.validate(content.decode())
    return lxml.etree.fromstring(content)


def locations(doc, tag="url"):
    return doc.xpath(f"/*/sm:{tag}/sm:loc/text()", namespaces=NS)


def index_locations(client, index_schema):
    return locations(xml(client, "/sitemap.xml", index_schema), "sitemap")


@pytest.fixture
def desk():
    """Public stories with bylines and tags, and one unpublished story of every other kind.

    Each unpublished story is the only story of its section, tag, author and agency, so none
    of those may appear either.
    """
    now = timezone.now()
    sara, apx = make_author("Sara Khan"), make_agency("APX")
    older = make_article(
        "Budget passed",
        published_at=now - timedelta(days=5),
        updated_at=now - timedelta(days=4),
    )
    credit(older, sara)
    older.tags.add("Budget")
    newer = make_article("Floods recede", published_at=now - timedelta(hours=3))
    credit(newer, apx)
    newer.tags.add("Floods")

    hidden = [
        make_article("Secret draft", status=Article.Status.DRAFT),
        make_article("Scheduled story", published_at=now + timedelta(hours=2)),
        make_article("Embargoed story", embargo_until=now + timedelta(hours=2)),
        make_article("Withdrawn story", published_at=now - timedelta(hours=2)),
    ]
    hidden[-1].withdraw("Legal advice")
    for number, article in enumerate(hidden):
        article.section = make_section(f"Hidden {number}")
        article.save()
        credit(article, make_author(f"Ghost {number}"), make_agency(f"GHOST{number}"))
        article.tags.add(f"secret-{number}")
    return {"older": older, "newer": newer, "hidden": hidden}


def test_index_names_every_sitemap_and_validates(client, desk, index_schema):
    assert index_locations(client, index_schema) == [
        f"{SERVER}/sitemap-sections.xml",
        f"{SERVER}/sitemap-tags.xml",
        f"{SERVER}/sitemap-authors.xml",
        f"{SERVER}/sitemap-agencies.xml",
        f"{SERVER}/sitemap-articles.xml",
        f"{SERVER}/sitemap-news.xml",
    ]


def test_every_sitemap_in_the_index_validates_and_lists_only_public_things(
    client, desk, index_schema, urlset_schema, news_schema
):
    listed = {}
    for location in index_locations(client, index_schema):
        path = location.removeprefix(SERVER)
        schema = news_schema if path == "/sitemap-news.xml" else urlset_schema
        listed[path] = locations(xml(client, path, schema))
    stories = [desk["newer"], desk["older"]]
    assert listed == {
        "/sitemap-sections.xml": [f"{SERVER}/pakistan/"],
        "/sitemap-tags.xml": [f"{SERVER}/tag/budget/", f"{SERVER}/tag/floods/"],
        "/sitemap-authors.xml": [f"{SERVER}/author/sara-khan/"],
        "/sitemap-agencies.xml": [f"{SERVER}/agency/apx/"],
        "/sitemap-articles.xml": [SERVER + story.get_absolute_url() for story in stories[::-1]],
        "/sitemap-news.xml": [SERVER + desk["newer"].get_absolute_url()],
    }
    for path in listed:
        content = fetch(client, path).content.decode()
        for article in desk["hidden"]:
            assert article.headline not in content
            assert f"-{article.pk}/" not in content
            assert article.section.slug not in content


def test_article_lastmod_is_the_update_time_else_the_publication_time(client, desk, urlset_schema):
    doc = xml(client, "/sitemap-articles.xml", urlset_schema)
    lastmods = [parse_datetime(value) for value in doc.xpath("//sm:lastmod/text()", namespaces=NS)]
    assert lastmods == [desk["older"].updated_at, desk["newer"].published_at]


def test_withdrawing_a_story_takes_it_out_of_every_sitemap(client, desk, urlset_schema):
    desk["newer"].withdraw("Kill")
    url = SERVER + desk["newer"].get_absolute_url()
    assert locations(xml(client, "/sitemap-articles.xml", urlset_schema)) == [
        SERVER + desk["older"].get_absolute_url()
    ]
    assert url not in fetch(client, "/sitemap-news.xml").content.decode()
    assert f"{SERVER}/agency/apx/" not in fetch(client, "/sitemap-agencies.xml").content.decode()


def test_articles_are_paginated_across_sitemap_files(
    client, monkeypatch, index_schema, urlset_schema
):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    stories = [
        make_article(f"Story {day}", published_at=timezone.now() - timedelta(days=10 - day))
        for day in range(5)
    ]
    article_files = [
        url for url in index_locations(client, index_schema) if "sitemap-articles" in url
    ]
    assert article_files == [
        f"{SERVER}/sitemap-articles.xml",
        f"{SERVER}/sitemap-articles.xml?p=2",
        f"{SERVER}/sitemap-articles.xml?p=3",
    ]
    pages = [locations(xml(client, url, urlset_schema)) for url in article_files]
    assert pages == [
        [SERVER + story.get_absolute_url() for story in stories[0:2]],
        [SERVER + story.get_absolute_url() for story in stories[2:4]],
        [SERVER + stories[4].get_absolute_url()],
    ]
    fetch(client, "/sitemap-articles.xml?p=4", status=404)


def news_entries(doc):
    """(loc, name, language, publication date, title) of each url, all required by Google."""
    entries = []
    for url in doc.xpath("/sm:urlset/sm:url", namespaces=NS):
        (news,) = url.xpath("news:news", namespaces=NS)
        (publication,) = news.xpath("news:publication", namespaces=NS)
        entries.append(
            (
                url.xpath("string(sm:loc)", namespaces=NS),
                publication.xpath("string(news:name)", namespaces=NS),
                publication.xpath("string(news:language)", namespaces=NS),
                parse_datetime(news.xpath("string(news:publication_date)", namespaces=NS)),
                news.xpath("string(news:title)", namespaces=NS),
            )
        )
    return entries


def test_news_sitemap_holds_the_last_two_days_with_its_required_elements(
    client, settings, time_machine, news_schema
):
    settings.NEWSDESK_SITE_NAME = "The Desk"
    now = datetime(2026, 11, 26, 12, 0, tzinfo=KARACHI)
    time_machine.move_to(now, tick=False)
    fresh = make_article("Fresh & new", published_at=now - timedelta(hours=1), language="ur")
    day_old = make_article("A day old", published_at=now - timedelta(hours=47))
    make_article("Too old", published_at=now - timedelta(hours=49))
    make_article("Scheduled", published_at=now + timedelta(minutes=5))
    make_article("Draft", published_at=now - timedelta(hours=1), status=Article.Status.DRAFT)

    doc = xml(client, "/sitemap-news.xml", news_schema)
    assert news_entries(doc) == [
        (SERVER + fresh.get_absolute_url(), "The Desk", "ur", fresh.published_at, "Fresh & new"),
        (SERVER + day_old.get_absolute_url(), "The Desk", "en", day_old.published_at, "A day old"),
    ]

    # Two days on, the scheduled story is the only one left; a little later, none is, and
    # the news sitemap leaves the index.
    time_machine.move_to(now + timedelta(days=2), tick=False)
    assert [entry[-1] for entry in news_entries(xml(client, "/sitemap-news.xml", news_schema))] == [
        "Scheduled"
    ]
    time_machine.move_to(now + timedelta(days=2, minutes=10), tick=False)
    assert news_entries(lxml.etree.fromstring(fetch(client, "/sitemap-news.xml").content)) == []
    assert f"{SERVER}/sitemap-news.xml" not in fetch(client, "/sitemap.xml").content.decode()


def test_news_sitemap_never_holds_more_than_its_limit_per_file(
    client, monkeypatch, index_schema, news_schema
):
    assert NewsSitemap.limit == 1000
    monkeypatch.setattr(NewsSitemap, "limit", 2)
    for hour in range(5):
        make_article(f"News {hour}", published_at=timezone.now() - timedelta(hours=hour + 1))
    news_files = [url for url in index_locations(client, index_schema) if "sitemap-news" in url]
    assert news_files == [
        f"{SERVER}/sitemap-news.xml",
        f"{SERVER}/sitemap-news.xml?p=2",
        f"{SERVER}/sitemap-news.xml?p=3",
    ]
    titles = [
        [entry[-1] for entry in news_entries(xml(client, url, news_schema))] for url in news_files
    ]
    assert titles == [["News 0", "News 1"], ["News 2", "News 3"], ["News 4"]]


def test_empty_sitemaps_are_left_out_of_the_index(client, index_schema):
    make_article("Untagged and uncredited", published_at=timezone.now() - timedelta(days=3))
    assert index_locations(client, index_schema) == [
        f"{SERVER}/sitemap-sections.xml",
        f"{SERVER}/sitemap-articles.xml",
    ]


def test_unknown_sitemap_is_404(client, desk):
    fetch(client, "/sitemap-nothing.xml", status=404)


def test_robots_txt_names_both_sitemaps_and_keeps_crawlers_out_of_the_admin(client, desk):
    response = fetch(client, "/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    sitemaps = [line.removeprefix("Sitemap: ") for line in lines if line.startswith("Sitemap:")]
    assert sitemaps == [f"{SERVER}/sitemap.xml", f"{SERVER}/sitemap-news.xml"]
    for url in sitemaps:
        fetch(client, url.removeprefix(SERVER))
