"""Public pages as a reader sees them: what shows, what 404s, and the article's markup."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Section
from tests.factories import (
    add_photo,
    credit,
    make_agency,
    make_article,
    make_author,
    make_section,
    relate,
)

pytestmark = pytest.mark.django_db


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return lxml.html.fromstring(response.content) if status == 200 else response


def headlines(doc):
    return [a.text_content() for a in doc.cssselect(".card-headline a")]


@pytest.fixture
def story():
    """A published story with everything the article page shows, plus a draft alongside."""
    section = Section.objects.get(slug="pakistan")
    article = make_article(
        "Pakistan, Tajikistan ‘face similar security challenges’",
        section=section,
        published_at=datetime(2022, 12, 15, tzinfo=ZoneInfo("Asia/Karachi")),
        highlights=["Expertise will be shared.", "Peace is the aim."],
        body="<p>First.</p><p>Second.</p><h2>Similar security challenges</h2><p>Third.</p>",
    )
    credit(article, make_author("Sara Khan"), make_agency("APX", name="Agency X"))
    add_photo(article, "Ministers meet in Islamabad.", "PID", alt_text="Two ministers shake hands")
    add_photo(article, "The delegation arrives.", "APP", body_position=2)
    article.tags.add("Defence", "Tajikistan")
    make_article("Budget passed", section=section)
    make_article("Secret draft", section=section, status=Article.Status.DRAFT)
    relate(article, "Budget passed")
    relate(article, "Secret draft")
    relate(article, "A story we do not have")
    return article


def test_article_page_markup(client, story):
    doc = page(client, story.get_absolute_url())
    assert doc.xpath("string(//h1)") == story.headline
    byline = doc.cssselect(".story-header .byline a")
    assert [(a.text, a.get("href")) for a in byline] == [
        ("Sara Khan", "/author/sara-khan/"),
        ("APX", "/agency/apx/"),
    ]
    assert doc.cssselect(".story-header time")[0].get("datetime") == "2022-12-15T00:00:00+05:00"

    figures = doc.xpath("//figure")
    assert len(figures) == 2
    caption = figures[0].find("figcaption")
    assert caption.text.strip() == "Ministers meet in Islamabad."
    assert caption.find("span").text == "PID"
    # The inline photo stands before the body's third block (the subheading).
    body = doc.cssselect(".story-body")[0]
    assert [child.tag for child in body] == ["p", "p", "figure", "h2", "p"]
    assert body.xpath("string(figure/figcaption)").startswith("The delegation arrives.")

    assert doc.xpath("//section[@class='highlights']//li/text()") == [
        "Expertise will be shared.",
        "Peace is the aim.",
    ]
    assert body.xpath("h2/text()") == ["Similar security challenges"]
    assert sorted(doc.xpath("//a[@rel='tag']/@href")) == ["/tag/defence/", "/tag/tajikistan/"]

    related = doc.cssselect("section.related")[0]
    assert related.xpath("string(h2)") == "More From Pakistan"
    items = related.xpath(".//li")
    assert [li.text_content().strip() for li in items] == [
        "Budget passed",
        "Secret draft",
        "A story we do not have",
    ]
    budget = Article.objects.get(headline="Budget passed")
    assert items[0].xpath("a/@href") == [budget.get_absolute_url()]
    assert items[1].xpath("a") == [] and items[2].xpath("a") == []


def test_article_page_has_a_fixed_query_count(client, story, django_assert_max_num_queries):
    for number in range(10):
        credit(story, make_author(f"Writer {number}"))
        add_photo(story, f"Photo {number}")
        relate(story, f"Related {number}")
        story.tags.add(f"tag {number}")
    with django_assert_max_num_queries(8):
        client.get(story.get_absolute_url())


def test_old_slugs_and_sections_redirect_to_the_canonical_url(client, story):
    canonical = story.get_absolute_url()
    old = f"/world/old-headline-words-{story.pk}/"
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (301, canonical)
    story.headline = "A corrected headline"
    story.slug = "a-corrected-headline"
    story.save()
    response = client.get(canonical)
    assert (response.status_code, response["Location"]) == (301, story.get_absolute_url())


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.WITHDRAWN])
def test_unpublished_story_is_a_404_everywhere(client, status):
    author, agency = make_author("Hidden Writer"), make_agency("HID")
    article = make_article("Not for readers", status=status)
    credit(article, author, agency)
    article.tags.add("hidden-tag")
    page(client, article.get_absolute_url(), 404)
    page(client, "/tag/hidden-tag/", 404)
    page(client, author.get_absolute_url(), 404)
    for url in ["/", "/latest/", "/pakistan/", agency.get_absolute_url()]:
        assert "Not for readers" not in client.get(url).content.decode()


def test_future_and_embargoed_stories_are_404_until_their_time(client, time_machine):
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    scheduled = make_article("Tomorrow's story", published_at=now + timedelta(days=1))
    embargoed = make_article("Embargoed story", embargo_until=now + timedelta(hours=2))
    page(client, scheduled.get_absolute_url(), 404)
    page(client, embargoed.get_absolute_url(), 404)
    assert headlines(page(client, "/latest/")) == []
    time_machine.move_to(now + timedelta(days=1, minutes=1), tick=False)
    page(client, scheduled.get_absolute_url())
    assert headlines(page(client, "/latest/")) == ["Tomorrow's story", "Embargoed story"]


def test_home_groups_latest_stories_by_section(client):
    world = Section.objects.get(slug="world")
    now = timezone.now()
    for number in range(6):
        make_article(f"Pakistan {number}", published_at=now - timedelta(hours=number + 1))
    make_article("World 0", section=world)
    make_article("Draft world", section=world, status=Article.Status.DRAFT)
    doc = page(client, "/")
    groups = {
        section.xpath("string(h2)"): headlines(section)
        for section in doc.cssselect("section.home-section")
    }
    assert groups == {
        "Pakistan": ["Pakistan 0", "Pakistan 1", "Pakistan 2", "Pakistan 3"],
        "World": ["World 0"],
    }
    assert "Draft world" not in doc.text_content()


def test_listing_pages_show_their_stories(client, story):
    sara = story.credits.get(author__isnull=False).author
    agency = story.credits.get(agency__isnull=False).agency
    for url in [
        "/pakistan/",
        "/tag/defence/",
        sara.get_absolute_url(),
        agency.get_absolute_url(),
        "/latest/",
    ]:
        assert story.headline in headlines(page(client, url)), url
    assert headlines(page(client, sara.get_absolute_url())) == [story.headline]
    page(client, "/world/", 404)  # a section with no public story
    page(client, "/no-such-section/", 404)
    page(client, "/author/nobody/", 404)


def test_listing_filters(client, story):
    world = Section.objects.get(slug="world")
    make_article("World story", section=world, published_at=timezone.now() - timedelta(days=3))
    assert headlines(page(client, "/latest/?section=world")) == ["World story"]
    assert headlines(page(client, "/latest/?author=sara-khan")) == [story.headline]
    assert headlines(page(client, "/latest/?agency=apx")) == [story.headline]
    assert headlines(page(client, "/pakistan/?tag=tajikistan")) == [story.headline]
    dated = "/latest/?published_from=2022-12-15&published_to=2022-12-15"
    assert headlines(page(client, dated)) == [story.headline]
    doc = page(client, "/latest/?section=nowhere")
    assert headlines(doc) == [] and doc.cssselect(".filter-form .error")
    assert page(client, "/pakistan/").xpath("//select[@name='section']") == []


def test_pagination_keeps_filters_and_404s_past_the_end(client, settings):
    now = timezone.now()
    for number in range(25):
        make_article(f"Story {number:02}", published_at=now - timedelta(minutes=number + 1))
    first = page(client, "/pakistan/?tag=")
    assert len(headlines(first)) == 20
    assert first.xpath("//a[@rel='next']/@href") == ["?tag=&page=2"]
    assert headlines(page(client, "/pakistan/?page=2")) == [f"Story {n}" for n in range(20, 25)]
    page(client, "/pakistan/?page=3", 404)


def test_reserved_section_names_do_not_shadow_site_pages(client):
    make_article("Tagged", section=Section.objects.get(slug="world")).tags.add("world")
    assert reverse("articles:tag", args=["world"]) == "/tag/world/"
    assert headlines(page(client, "/tag/world/")) == ["Tagged"]


def test_names_found_only_on_drafts_never_reach_readers(client):
    make_article("Public story").tags.add("weather")
    secret_section = Section.objects.create(name="Elections", slug="elections")
    draft = make_article("Draft", section=secret_section, status=Article.Status.DRAFT)
    draft.tags.add("Secret Merger")
    secret_agency = make_agency("SWB", name="Secret Wire Bureau")
    credit(draft, make_author("Secret Person"), secret_agency)
    for url in ["/", "/latest/", "/pakistan/", "/tag/weather/", "/nowhere/"]:
        text = client.get(url).content.decode()
        for name in ["Elections", "Secret Merger", "Secret Wire Bureau", "SWB", "Secret Person"]:
            assert name not in text, (url, name)
    page(client, "/elections/", 404)
    page(client, secret_agency.get_absolute_url(), 404)
    # A draft-only name and a name that does not exist are refused alike.
    unknown = page(client, "/latest/?author=nobody-at-all").cssselect(".error")[0].text
    assert page(client, "/latest/?author=secret-person").cssselect(".error")[0].text == unknown


def test_related_link_to_a_draft_shows_no_headline(client):
    article = make_article("Public story")
    relate(article, target=make_article("Merger talks collapse", status=Article.Status.DRAFT))
    relate(article, "Wire headline", target=make_article("Unpublished", status="draft"))
    text = client.get(article.get_absolute_url()).content.decode()
    assert "Merger talks collapse" not in text and "Unpublished" not in text
    assert "Wire headline" in text


def test_a_body_without_inline_photos_is_printed_as_stored_and_stray_text_still_wrapped(client):
    stored = "<p>One &amp; only.</p>  <h2>Two</h2>  <ul><li>Three</li></ul>"
    blocks_only = make_article("Blocks only", body=stored)
    add_photo(blocks_only, "A lead photo")  # lead photos stand above the body, not in it
    blocks_only.refresh_from_db()
    assert blocks_only.body == stored  # as the desk saved it (the sanitiser keeps it)
    # Verbatim, spacing and all: not written out again block by block.
    assert stored in client.get(blocks_only.get_absolute_url()).text
    stray = make_article("Stray text", body="Opening words<p>One.</p> trailing words")
    body = page(client, stray.get_absolute_url()).cssselect(".story-body")[0]
    assert [(child.tag, child.text_content()) for child in body] == [
        ("p", "Opening words"), ("p", "One."), ("p", "trailing words"),
    ]  # fmt: skip


def test_the_body_keeps_its_blocks_and_photos_in_order(client):
    article = make_article(
        "Water returns to the fields",
        body="Stray opening words<p>One.</p><p>Two.</p><blockquote>Three.</blockquote><p>Four.</p>",
    )
    add_photo(article, "Before the first block", body_position=0)
    add_photo(article, "Before the third", body_position=2)
    add_photo(article, "Also before the third", body_position=2)
    add_photo(article, "Past the end", body_position=9)
    body = page(client, article.get_absolute_url()).cssselect(".story-body")[0]
    assert [child.tag for child in body] == [
        "figure", "p", "p", "figure", "figure", "p", "blockquote", "p", "figure",
    ]  # fmt: skip
    texts = [
        (
            child.xpath("string(figcaption/text())")
            if child.tag == "figure"
            else child.text_content()
        )
        for child in body
    ]
    assert [text.strip() for text in texts] == [
        "Before the first block",
        "Stray opening words",
        "One.",
        "Before the third",
        "Also before the third",
        "Two.",
        "Three.",
        "Four.",
        "Past the end",
    ]


def test_the_header_marks_the_section_a_page_is_about(client):
    climate = make_section("Climate")
    story = make_article("Glaciers retreat", section=climate)
    make_article("Budget passed")  # in Pakistan

    def current(url):
        nav = page(client, url).cssselect("ul.section-nav")[0]
        return [a.text for a in nav.xpath(".//a[@aria-current='page']")], nav

    assert current(story.get_absolute_url())[0] == ["Climate"]
    assert current(climate.get_absolute_url())[0] == ["Climate"]
    assert current("/pakistan/")[0] == ["Pakistan"]
    marked, nav = current("/latest/")
    assert marked == []
    assert [a.text for a in nav.xpath(".//a")] == ["Latest", "Pakistan", "Climate"]


def test_the_header_follows_a_renamed_section(client):
    climate = make_section("Climate")
    story = make_article("Glaciers retreat", section=climate)
    page(client, story.get_absolute_url())  # the navigation rendered once
    climate.name = "Climate and Environment"
    climate.save()
    nav = page(client, story.get_absolute_url()).cssselect("ul.section-nav")[0]
    assert nav.xpath(".//a[@aria-current='page']/text()") == ["Climate and Environment"]
