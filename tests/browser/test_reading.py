"""A reader's journeys through the live site: read an article, follow a tag, search."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def ends_with(path):
    return re.compile(re.escape(path) + r"(\?.*)?$")


def test_read_an_article_from_the_home_page(page, demo):
    feature = demo.feature
    page.goto("/")
    page.locator(".top-stories .card-headline a", has_text=feature.headline).click()

    expect(page).to_have_url(ends_with(feature.get_absolute_url()))
    expect(page.locator("h1")).to_have_text(feature.headline)
    expect(page.locator(".standfirst")).to_have_text(feature.summary)

    byline = page.locator(".story-header .byline a")
    expect(byline).to_have_text(["Amina Siddiqui", "APP"])
    assert [link.get_attribute("href") for link in byline.all()] == [
        "/author/amina-siddiqui/",
        "/agency/app/",
    ]
    expect(page.locator(".story-header time")).to_have_text("Wednesday 20 March 2024")

    # The lead photo on top, the other between paragraphs, both real files the browser loaded.
    figures = page.locator("article.story figure")
    expect(figures).to_have_count(2)
    expect(figures.locator("figcaption")).to_have_text(
        [
            "A survey team crosses the Batura glacier. Amina Siddiqui",
            "A meltwater lake above Passu village. APP",
        ]
    )
    expect(figures.locator("figcaption .credit")).to_have_text(["Amina Siddiqui", "APP"])
    lead = figures.first.locator("img")
    expect(lead).to_have_attribute("alt", "Three people in red jackets walk across grey ice")
    # From srcset, the rendition that fills the 42rem (672 px) column at device scale 1: 800w.
    loaded = "img => img.complete && img.naturalWidth > 0 && img.currentSrc"
    page.wait_for_function(loaded, arg=lead.element_handle())
    assert re.search(r"/media/renditions/photos/.+/batura-800w\.webp$", lead.evaluate(loaded))
    inline = page.locator(".story-body figure img")
    inline.scroll_into_view_if_needed()  # lazy: loads once near the viewport
    page.wait_for_function(loaded, arg=inline.element_handle())
    assert re.search(r"/media/renditions/photos/.+/passu-lake-800w\.webp$", inline.evaluate(loaded))

    expect(page.get_by_role("region", name="Key points").locator("li")).to_have_text(
        feature.highlights
    )
    expect(page.locator(".story-body h2")).to_have_text(
        ["Lakes that grow every summer", "Sirens for the villages"]
    )

    # "More From": public stories linked, a draft's copy and a missing story unlinked.
    more = page.get_by_role("region", name="More From World")
    expect(more.locator("li")).to_have_text(
        [
            "Hunza valley braces for a wet monsoon",
            "Skardu airport reopens after snowfall",
            "Glacier desk copy awaiting checks",
            "Glacial lake outburst warnings issued in Chitral",
        ]
    )
    expect(more.locator("a")).to_have_count(2)
    expect(page.get_by_text("Glacier draft the desk has not checked")).to_have_count(0)

    related = demo.linked_related[0]
    more.get_by_role("link", name=related.headline).click()
    expect(page).to_have_url(ends_with(related.get_absolute_url()))
    expect(page.locator("h1")).to_have_text(related.headline)


def test_follow_a_tag_from_an_article(page, demo):
    page.goto(demo.feature.get_absolute_url())
    tags = page.get_by_role("navigation", name="Tags")
    expect(tags.get_by_role("link")).to_have_text(["Climate", "Gilgit-Baltistan"])

    tags.get_by_role("link", name="Climate").click()

    expect(page).to_have_url(ends_with("/tag/climate/"))
    expect(page.locator("h1")).to_have_text("Climate")
    # Newest first; the draft that carries the tag is not among them.
    expect(page.locator(".card-headline a")).to_have_text(
        [story.headline for story in demo.climate_stories]
    )
    page.locator(".card-headline a", has_text="Insurers price in flood risk").click()
    expect(page.locator("h1")).to_have_text(demo.climate_stories[1].headline)


def test_search_from_the_header(page, demo):
    page.goto(demo.busy_section.get_absolute_url())
    header_search = page.get_by_role("banner").get_by_role("search")
    header_search.get_by_role("searchbox", name="Search stories").fill("glaciers")
    header_search.get_by_role("searchbox").press("Enter")

    expect(page).to_have_url(ends_with("/search/?q=glaciers"))
    expect(page.locator("h1")).to_have_text("Search")
    expect(page.get_by_role("status")).to_have_text("2 stories for “glaciers”")
    results = page.locator(".search-result")
    # Headline matches first; the draft and the scheduled story are never found.
    expect(results.locator(".card-headline")).to_have_text(
        [demo.feature.headline, "Insurers price in flood risk for northern valleys"]
    )
    expect(results.first.locator(".card-headline mark")).to_have_text(["Glaciers"])
    expect(results.nth(1).locator(".snippet mark")).to_have_text(["glaciers"])
    for hidden in demo.hidden:
        expect(page.get_by_text(hidden.headline)).to_have_count(0)

    # The search page's own form keeps the words and searches again.
    box = page.get_by_role("main").get_by_role("searchbox", name="Words to find")
    expect(box).to_have_value("glaciers")
    box.fill("cricket roundup")
    box.press("Enter")
    expect(page.get_by_role("status")).to_have_text("3 stories for “cricket roundup”")
    expect(page.locator(".search-result .card-headline mark").first).to_have_text("Cricket")

    results.first.locator(".card-headline a").click()
    expect(page.locator("h1")).to_have_text(re.compile("^Cricket roundup"))
