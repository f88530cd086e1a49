"""RSS and Atom feeds as a feed reader sees them: parsed by feedparser, never a bozo."""

import calendar
import html
from datetime import timedelta
from io import BytesIO

import feedparser
import lxml.etree
import lxml.html
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from articles.models import Article
from tests.factories import (
    add_photo,
    credit,
    make_agency,
    make_article,
    make_author,
    make_section,
)

pytestmark = pytest.mark.django_db

SERVER = "http://testserver"
HIDDEN = ["Secret draft", "Scheduled story", "Embargoed story", "Withdrawn story"]


def read_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed, response.content


def titles(feed):
    return [entry.title for entry in feed.entries]


def with_image(article, name="lead.jpg", size=(64, 48), **fields):
    """A photo whose image is a real JPEG written into the test's MEDIA_ROOT."""
    buffer = BytesIO()
    Image.new("RGB", size, "navy").save(buffer, "JPEG")
    photo = add_photo(article, **fields)
    photo.image.save(name, ContentFile(buffer.getvalue()))
    return photo


@pytest.fixture
def desk():
    """Two public stories in Pakistan, and one unpublished story of every other kind."""
    now = timezone.now()
    sara, imran = make_author("Sara Khan"), make_author("Imran Aziz")
    apx = make_agency("APX", name="Agency X")
    older = make_article(
        "Budget passed", published_at=now - timedelta(hours=3), summary="The assembly agreed."
    )
    credit(older, sara)
    older.tags.add("Budget")
    newer = make_article(
        "Floods recede",
        published_at=now - timedelta(hours=1),
        updated_at=now - timedelta(minutes=30),
        summary="Water levels fell overnight.",
    )
    credit(newer, apx, sara, imran)
    newer.tags.add("Sindh", "Floods")

    hidden = [
        make_article("Secret draft", status=Article.Status.DRAFT),
        make_article("Scheduled story", published_at=now + timedelta(hours=2)),
        make_article("Embargoed story", embargo_until=now + timedelta(hours=2)),
        make_article("Withdrawn story"),
    ]
    hidden[-1].withdraw("Legal advice")
    for article in hidden:
        credit(article, sara, apx)
        article.tags.add("Floods")
    return {"older": older, "newer": newer, "sara": sara, "apx": apx}


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_site_feed_lists_public_stories_newest_first(client, desk, kind):
    feed, content = read_feed(client, f"/feeds/{kind}/")
    assert feed.version == ("rss20" if kind == "rss" else "atom10")
    assert titles(feed) == ["Floods recede", "Budget passed"]
    for headline in HIDDEN:
        assert headline.encode() not in content


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_items_carry_link_guid_times_summary_and_tags(client, desk, kind):
    feed, _ = read_feed(client, f"/feeds/{kind}/")
    newer, older = feed.entries
    url = SERVER + desk["newer"].get_absolute_url()
    assert newer.link == url
    assert newer.id == url
    assert calendar.timegm(newer.published_parsed) == int(desk["newer"].published_at.timestamp())
    assert calendar.timegm(newer.updated_parsed) == int(desk["newer"].updated_at.timestamp())
    # A story never updated is last updated when it was published.
    assert calendar.timegm(older.updated_parsed) == int(desk["older"].published_at.timestamp())
    assert newer.summary == "Water levels fell overnight."
    assert [tag.term for tag in newer.tags] == ["Floods", "Sindh"]
    assert [tag.term for tag in older.tags] == ["Budget"]


def test_rss_guid_is_the_permanent_link(client, desk):
    _, content = read_feed(client, "/feeds/rss/")
    guids = lxml.etree.fromstring(content).xpath("//item/guid")
    assert [(guid.text, guid.get("isPermaLink")) for guid in guids] == [
        (SERVER + desk["newer"].get_absolute_url(), "true"),
        (SERVER + desk["older"].get_absolute_url(), "true"),
    ]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_text_is_escaped_once_for_readers(client, kind):
    make_article("Tom & Jerry <live>", summary="Cats < dogs & mice")
    feed, _ = read_feed(client, f"/feeds/{kind}/")
    assert feed.entries[0].title == "Tom & Jerry <live>"
    assert html.unescape(feed.entries[0].summary) == "Cats < dogs & mice"


def test_rss_has_one_dc_creator_per_person_or_agency_in_byline_order(client, desk):
    feed, content = read_feed(client, "/feeds/rss/")
    creators = lxml.etree.fromstring(content).xpath(
        "//item[1]/dc:creator/text()", namespaces={"dc": "http://purl.org/dc/elements/1.1/"}
    )
    assert creators == ["APX", "Sara Khan", "Imran Aziz"]
    assert [author.name for author in feed.entries[0].authors] == creators
    assert [author.name for author in feed.entries[1].authors] == ["Sara Khan"]


def test_atom_has_one_author_per_person_or_agency_with_their_page(client, desk):
    feed, _ = read_feed(client, "/feeds/atom/")
    assert feed.entries[0].authors == [
        {"name": "APX", "href": f"{SERVER}/agency/apx/"},
        {"name": "Sara Khan", "href": f"{SERVER}/author/sara-khan/"},
        {"name": "Imran Aziz", "href": f"{SERVER}/author/imran-aziz/"},
    ]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_lead_photo_is_an_enclosure_and_media_content(client, desk, kind):
    story = desk["newer"]
    add_photo(story, "Caption only, no image")
    lead = with_image(story, "flood.jpg", caption="Boats on the river", credit="APP")
    with_image(story, "second.jpg")
    feed, _ = read_feed(client, f"/feeds/{kind}/")
    entry = feed.entries[0]
    image_url = SERVER + lead.image.url
    assert lead.image.url.startswith("/media/photos/")
    assert [(e.href, e.length, e.type) for e in entry.enclosures] == [
        (image_url, str(lead.image.size), "image/jpeg")
    ]
    (media,) = entry.media_content
    assert media["url"] == image_url
    assert (media["medium"], media["type"]) == ("image", "image/jpeg")
    assert (media["width"], media["height"]) == ("64", "48")
    assert entry.media_credit[0]["content"] == "APP"
    # A story whose photos have no image file carries no enclosure at all.
    assert "enclosures" not in feed.entries[1] or feed.entries[1].enclosures == []
    assert "media_content" not in feed.entries[1]


@pytest.mark.parametrize("kind", ["rss", "atom"])
@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("section/pakistan", ["Floods recede", "Budget passed"]),
        ("tag/floods", ["Floods recede"]),
        ("author/sara-khan", ["Floods recede", "Budget passed"]),
        ("author/imran-aziz", ["Floods recede"]),
        ("agency/apx", ["Floods recede"]),
    ],
)
def test_subject_feeds_hold_only_that_subjects_public_stories(
    client, desk, kind, subject, expected
):
    feed, content = read_feed(client, f"/feeds/{subject}/{kind}/")
    assert titles(feed) == expected
    assert feed.feed.link == f"{SERVER}/{subject.removeprefix('section/')}/"
    for headline in HIDDEN:
        assert headline.encode() not in content


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_subjects_without_a_public_story_have_no_feed(client, desk, kind):
    weather = make_section("Weather")
    ghost, wire = make_author("Ghost Writer"), make_agency("WIRE")
    draft = make_article("Leaked", section=weather, status=Article.Status.DRAFT)
    credit(draft, ghost, wire)
    draft.tags.add("Leak")
    for subject in ["section/weather", "tag/leak", "author/ghost-writer", "agency/wire"]:
        assert client.get(f"/feeds/{subject}/{kind}/").status_code == 404, subject
    for subject in ["section/nowhere", "tag/nothing", "author/nobody", "agency/none"]:
        assert client.get(f"/feeds/{subject}/{kind}/").status_code == 404, subject


def test_an_embargoed_story_joins_the_feed_when_its_embargo_lifts(client, time_machine):
    lift = timezone.now() + timedelta(hours=2)
    make_article("Embargoed story", embargo_until=lift)
    time_machine.move_to(lift - timedelta(minutes=1))
    assert titles(read_feed(client, "/feeds/rss/")[0]) == []
    time_machine.move_to(lift + timedelta(minutes=1))
    assert titles(read_feed(client, "/feeds/rss/")[0]) == ["Embargoed story"]


def a_full_story(number):
    story = make_article(f"Story {number}")
    credit(story, make_author(f"Writer {number}"), make_agency(f"AG-{number}"))
    story.tags.add(f"topic-{number}", "common")
    add_photo(story, "No file")
    return story


@pytest.mark.parametrize("url", ["/feeds/rss/", "/feeds/atom/", "/feeds/tag/common/atom/"])
def test_a_feed_costs_the_same_queries_for_two_stories_or_twenty(
    client, url, django_assert_max_num_queries
):
    for number in range(2):
        a_full_story(number)
    with CaptureQueriesContext(connection) as few:
        assert len(read_feed(client, url)[0].entries) == 2
    for number in range(2, 20):
        a_full_story(number)
    with django_assert_max_num_queries(len(few)):
        assert len(read_feed(client, url)[0].entries) == 20


def alternates(client, url):
    doc = lxml.html.fromstring(client.get(url).content)
    return [
        (link.get("type"), link.get("href")) for link in doc.xpath("//head/link[@rel='alternate']")
    ]


SITE_FEEDS = [
    ("application/rss+xml", "/feeds/rss/"),
    ("application/atom+xml", "/feeds/atom/"),
]


@pytest.mark.parametrize(
    ("page", "subject"),
    [
        ("/", None),
        ("/latest/", None),
        ("/pakistan/", "section/pakistan"),
        ("/tag/floods/", "tag/floods"),
        ("/author/sara-khan/", "author/sara-khan"),
        ("/agency/apx/", "agency/apx"),
    ],
)
def test_pages_link_their_feeds(client, desk, page, subject):
    expected = list(SITE_FEEDS)
    if subject:
        expected += [
            ("application/rss+xml", f"/feeds/{subject}/rss/"),
            ("application/atom+xml", f"/feeds/{subject}/atom/"),
        ]
    links = alternates(client, page)
    assert links == expected
    for _type, href in links:
        assert read_feed(client, href)[0].entries


def test_article_pages_link_the_site_feeds(client, desk):
    assert alternates(client, desk["newer"].get_absolute_url()) == SITE_FEEDS
