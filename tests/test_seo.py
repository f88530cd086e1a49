"""What search engines and share previews read from real pages: JSON-LD, OpenGraph, Twitter cards,
canonical links and image markup, extracted with extruct from the rendered HTML."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import extruct
import lxml.html
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image

from articles.models import Article, Section
from tests.factories import add_photo, credit, make_agency, make_article, make_author

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
KARACHI = ZoneInfo("Asia/Karachi")
BREAKOUT = "</script><script>alert(1)</script>"


def png_file(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue())


def photo_with_file(article, name, size, **fields):
    """A photo whose image file really exists in the test's MEDIA_ROOT."""
    photo = add_photo(article, **fields)
    photo.image.save(name, png_file(*size))
    return photo


class Page:
    """A page as fetched by a client, with what extruct and lxml read from it."""

    def __init__(self, client, path):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        self.html = response.content.decode()
        self.doc = lxml.html.fromstring(self.html)
        data = extruct.extract(
            self.html, base_url=SITE + path, syntaxes=["json-ld", "opengraph", "microdata"]
        )
        self.json_ld = data["json-ld"]
        self.microdata = data["microdata"]
        self.og = [pair for item in data["opengraph"] for pair in item["properties"]]

    def one(self, schema_type):
        found = [item for item in self.json_ld if item.get("@type") == schema_type]
        assert len(found) == 1, [item.get("@type") for item in self.json_ld]
        return found[0]

    def og_values(self, prop):
        return [value for key, value in self.og if key == prop]

    def og_value(self, prop):
        values = self.og_values(prop)
        assert len(values) == 1, (prop, values)
        return values[0]

    def meta_name(self, name):
        return self.doc.xpath(f"//head/meta[@name='{name}']/@content")

    def canonical(self):
        links = self.doc.xpath("//link[@rel='canonical']/@href")
        assert len(links) == 1, links
        return links[0]


def offset_datetime(value):
    moment = datetime.fromisoformat(value)
    assert moment.utcoffset() is not None, value
    return moment


@pytest.fixture
def story():
    """A public story with a mixed byline, tags, a lead photo, a caption-only photo and an
    inline photo: the lead sits later in position order to show it still comes first."""
    article = make_article(
        "Ministers agree on border trade",
        section=Section.objects.get(slug="pakistan"),
        summary="Two ministers agreed to reopen the crossing.",
        published_at=datetime(2026, 11, 20, 9, 30, tzinfo=KARACHI),
        updated_at=datetime(2026, 11, 21, 14, 0, tzinfo=ZoneInfo("UTC")),
        body="<p>First.</p><p>Second.</p><p>Third.</p>",
    )
    credit(
        article,
        make_author("Sara Khan"),
        make_agency("APX", name="Agency X", url="https://agency-x.example/"),
        make_author("Imran Aziz"),
    )
    photo_with_file(
        article, "inline.png", (320, 200), caption="The crossing at dawn.", body_position=1
    )
    add_photo(article, "A photo the wire sent without its file.", "Wire", body_position=2)
    photo_with_file(
        article,
        "lead.png",
        (640, 360),
        caption="Ministers meet in Islamabad.",
        alt_text="Two ministers shake hands",
    )
    article.tags.add("Trade", "Borders")
    return Article.objects.get(pk=article.pk)


def media_url(article, caption):
    return SITE + article.photos.get(caption=caption).image.url


def test_article_page_carries_a_news_article(client, story):
    page = Page(client, story.get_absolute_url())
    news = page.one("NewsArticle")
    url = SITE + story.get_absolute_url()

    assert news["@context"] == "https://schema.org"
    assert news["headline"] == "Ministers agree on border trade"
    assert news["description"] == "Two ministers agreed to reopen the crossing."
    assert news["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert news["url"] == url == page.canonical()
    assert news["articleSection"] == "Pakistan"
    assert sorted(news["keywords"]) == ["Borders", "Trade"]
    # Lead photo first, the inline one next, the caption-only photo nowhere.
    assert news["image"] == [
        media_url(story, "Ministers meet in Islamabad."),
        media_url(story, "The crossing at dawn."),
    ]

    assert news["datePublished"] == "2026-11-20T09:30:00+05:00"
    assert news["dateModified"] == "2026-11-21T19:00:00+05:00"
    assert offset_datetime(news["dateModified"]) == datetime(
        2026, 11, 21, 14, tzinfo=ZoneInfo("UTC")
    )

    assert news["author"] == [
        {"@type": "Person", "name": "Sara Khan", "url": f"{SITE}/author/sara-khan/"},
        {
            "@type": "Organization",
            "name": "APX",
            "alternateName": "Agency X",
            "url": f"{SITE}/agency/apx/",
            "sameAs": "https://agency-x.example/",
        },
        {"@type": "Person", "name": "Imran Aziz", "url": f"{SITE}/author/imran-aziz/"},
    ]
    # Each author URL is a live public page.
    for author in news["author"]:
        assert client.get(author["url"].removeprefix(SITE)).status_code == 200

    # JSON-LD is the one structured-data source; no competing microdata item.
    assert page.microdata == []


def test_publisher_logo_is_a_small_real_image(client, story):
    publisher = Page(client, story.get_absolute_url()).one("NewsArticle")["publisher"]
    assert publisher["@type"] == "Organization"
    assert publisher["name"] == settings.NEWSDESK_SITE_NAME
    assert publisher["url"] == f"{SITE}/"
    logo = publisher["logo"]
    assert logo["@type"] == "ImageObject"
    assert logo["url"] == f"{SITE}/static/img/logo.png"

    response = client.get(logo["url"].removeprefix(SITE))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert len(content) < 10_000
    with Image.open(io.BytesIO(content)) as image:
        assert image.format == "PNG"
        assert image.size == (logo["width"], logo["height"]) == (600, 60)


def test_article_breadcrumbs_lead_home_section_article(client, story):
    crumbs = Page(client, story.get_absolute_url()).one("BreadcrumbList")
    assert [
        (item["@type"], item["position"], item["name"], item["item"])
        for item in crumbs["itemListElement"]
    ] == [
        ("ListItem", 1, settings.NEWSDESK_SITE_NAME, f"{SITE}/"),
        ("ListItem", 2, "Pakistan", f"{SITE}/pakistan/"),
        ("ListItem", 3, story.headline, SITE + story.get_absolute_url()),
    ]


def test_article_opengraph_and_twitter_card(client, story):
    page = Page(client, story.get_absolute_url())
    lead = media_url(story, "Ministers meet in Islamabad.")

    assert page.og_value("og:type") == "article"
    assert page.og_value("og:title") == story.headline
    assert page.og_value("og:description") == "Two ministers agreed to reopen the crossing."
    assert page.og_value("og:url") == page.canonical() == SITE + story.get_absolute_url()
    assert page.og_value("og:site_name") == settings.NEWSDESK_SITE_NAME
    assert page.og_value("og:image") == lead
    assert (page.og_value("og:image:width"), page.og_value("og:image:height")) == ("640", "360")
    assert page.og_value("og:image:alt") == "Two ministers shake hands"
    assert page.og_value("article:published_time") == "2026-11-20T09:30:00+05:00"
    assert page.og_value("article:modified_time") == "2026-11-21T19:00:00+05:00"
    assert page.og_value("article:section") == "Pakistan"
    assert sorted(page.og_values("article:tag")) == ["Borders", "Trade"]

    assert page.meta_name("twitter:card") == ["summary_large_image"]
    assert page.meta_name("twitter:title") == [story.headline]
    assert page.meta_name("twitter:image") == [lead]
    assert page.meta_name("description") == ["Two ministers agreed to reopen the crossing."]


def test_article_without_a_photo_file_has_no_image_fields(client):
    article = make_article(
        "Quiet day at the assembly",
        published_at=datetime(2026, 11, 22, 8, 0, tzinfo=KARACHI),
        body="<p>Nothing much happened in the assembly today.</p>",
    )
    add_photo(article, "Caption only: the wire sent no file.")
    # Named in the database but gone from storage: must neither break the page nor be offered.
    add_photo(article, "Lost file.", image="photos/2026/11/gone.png", body_position=0)

    page = Page(client, article.get_absolute_url())
    news = page.one("NewsArticle")
    assert "image" not in news
    assert "keywords" not in news
    assert "author" not in news  # no byline: nothing to claim
    assert news["description"] == "Nothing much happened in the assembly today."
    # No update time: modified is the publication time.
    assert news["dateModified"] == news["datePublished"] == "2026-11-22T08:00:00+05:00"

    assert page.og_values("og:image") == []
    assert page.og_values("article:tag") == []
    assert page.meta_name("twitter:card") == ["summary"]
    assert page.meta_name("twitter:image") == []
    assert page.doc.xpath("//img") == []
    assert len(page.doc.xpath("//figure")) == 2


def test_markup_in_a_story_cannot_break_out_of_the_script(client):
    article = make_article(
        BREAKOUT,
        summary="<!-- </SCRIPT > & <b>bold</b>",
        body="<p>Body.</p>",
    )
    article.tags.add("</script><img src=x onerror=alert(2)>")
    credit(article, make_author("</script><script>alert(3)</script>"))

    page = Page(client, article.get_absolute_url())
    news = page.one("NewsArticle")
    assert news["headline"] == BREAKOUT
    assert news["description"] == "<!-- </SCRIPT > & <b>bold</b>"
    assert news["keywords"] == ["</script><img src=x onerror=alert(2)>"]
    assert news["author"][0]["name"] == "</script><script>alert(3)</script>"
    assert page.one("BreadcrumbList")["itemListElement"][2]["name"] == BREAKOUT

    # Only our two JSON-LD scripts exist, and nothing executable was injected.
    scripts = page.doc.xpath("//script")
    assert [script.get("type") for script in scripts] == ["application/ld+json"] * 2
    assert page.doc.xpath("//img") == []
    assert "alert(1)</script>" not in page.html
    assert page.og_value("og:title") == BREAKOUT
    assert page.doc.xpath("string(//h1)") == BREAKOUT


@pytest.fixture
def listings():
    """A public story filed under a section, a tag, an author and an agency."""
    section = Section.objects.create(name="Science", slug="science")
    article = make_article("Comet seen over Karachi", section=section)
    author = make_author("Mehreen Akhtar")
    agency = make_agency("AFPX", name="Agence X")
    credit(article, author, agency)
    article.tags.add("Astronomy")
    return {
        "section": ("/science/", section.name),
        "tag": ("/tag/astronomy/", "Astronomy"),
        "author": ("/author/mehreen-akhtar/", "Mehreen Akhtar"),
        "agency": ("/agency/afpx/", "Agence X"),
        "latest": ("/latest/", "Latest"),
    }


@pytest.mark.parametrize("kind", ["section", "tag", "author", "agency", "latest"])
def test_listing_pages_carry_breadcrumbs_and_share_tags(client, listings, kind):
    path, name = listings[kind]
    # Filters in the query string do not make a page of their own.
    page = Page(client, f"{path}?published_from=2000-01-01")
    crumbs = page.one("BreadcrumbList")
    assert [
        (item["position"], item["name"], item["item"]) for item in crumbs["itemListElement"]
    ] == [
        (1, settings.NEWSDESK_SITE_NAME, f"{SITE}/"),
        (2, name, SITE + path),
    ]
    assert page.canonical() == SITE + path
    assert page.og_value("og:url") == SITE + path
    assert page.og_value("og:title") == name
    assert page.og_value("og:site_name") == settings.NEWSDESK_SITE_NAME
    assert page.og_value("og:type") == "website"
    (description,) = page.meta_name("description")
    assert description.strip()
    assert [item.get("@type") for item in page.json_ld] == ["BreadcrumbList"]


def test_home_page_share_tags(client, listings):
    page = Page(client, "/")
    assert page.canonical() == f"{SITE}/"
    assert page.og_value("og:url") == f"{SITE}/"
    assert page.og_value("og:title") == settings.NEWSDESK_SITE_NAME
    assert page.og_value("og:site_name") == settings.NEWSDESK_SITE_NAME
    (description,) = page.meta_name("description")
    assert description.startswith(f"The latest news from {settings.NEWSDESK_SITE_NAME}")
    assert page.json_ld == []


def test_later_pages_of_a_listing_are_their_own_canonical_page(client):
    for number in range(settings.NEWSDESK_PAGE_SIZE + 1):
        make_article(f"Story {number}")
    assert Page(client, "/latest/").canonical() == f"{SITE}/latest/"
    assert Page(client, "/latest/?page=1").canonical() == f"{SITE}/latest/"
    filtered_page_two = Page(client, "/latest/?published_from=2000-01-01&page=2")
    assert filtered_page_two.canonical() == f"{SITE}/latest/?page=2"


def test_photos_have_size_alt_and_lazy_loading_below_the_lead(client, story):
    page = Page(client, story.get_absolute_url())
    lead, inline = page.doc.xpath("//img")

    assert lead.xpath("ancestor::figure/@class") == ["photo photo--lead"]
    assert (lead.get("width"), lead.get("height")) == ("640", "360")
    assert lead.get("alt") == "Two ministers shake hands"
    assert lead.get("loading") is None
    assert lead.get("fetchpriority") == "high"
    assert lead.get("src") == story.photos.get(body_position=None).image.url

    assert (inline.get("width"), inline.get("height")) == ("320", "200")
    # No alt text given: the caption describes the photo.
    assert inline.get("alt") == "The crossing at dawn."
    assert (inline.get("loading"), inline.get("decoding")) == ("lazy", "async")
    assert inline.xpath("ancestor::div[@class='story-body']")


def test_a_second_top_photo_is_lazy_too(client):
    article = make_article("Two photos on top")
    photo_with_file(article, "one.png", (40, 30), caption="First")
    photo_with_file(article, "two.png", (40, 30), caption="Second", alt_text="")
    first, second = Page(client, article.get_absolute_url()).doc.xpath("//img")
    assert first.get("loading") is None
    assert (second.get("loading"), second.get("decoding")) == ("lazy", "async")
    assert second.get("alt") == "Second"


def test_an_article_description_is_its_teaser_cut_at_300_characters(client):
    long_summary = "Talks went on. " * 30  # 450 characters
    short = make_article("Short", summary="Talks went on.")
    long = make_article("Long", summary=long_summary)
    (short_description,) = Page(client, short.get_absolute_url()).meta_name("description")
    (long_description,) = Page(client, long.get_absolute_url()).meta_name("description")
    assert short_description == "Talks went on."
    assert long_description == long_summary[:299] + "…"


@pytest.mark.parametrize(
    "text",
    ["", "Fits.", "x" * 300, "x" * 301, "e\u0301" * 200, "cafe\u0301 " * 80, "Ta&lt;k <b>x</b>"],
)
def test_clip_cuts_as_truncatechars_does(text):
    from django.template.defaultfilters import truncatechars

    from articles.templating import clip

    assert clip(text, 300) == truncatechars(text, 300)


def test_absolute_urls_keep_what_is_already_absolute(rf):
    from articles.seo import absolute_url

    request = rf.get("/")
    assert absolute_url(request, "/pakistan/") == f"{SITE}/pakistan/"
    assert absolute_url(request, "https://media.example/a.jpg") == "https://media.example/a.jpg"
    assert absolute_url(request, "//media.example/a.jpg") == "http://media.example/a.jpg"
    assert absolute_url(request, "/a/../b/") == request.build_absolute_uri("/a/../b/")
