"""WCAG 2.2 AA in the live site: axe-core on every kind of page, in light and in dark mode."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import AXE_SCRIPT, blocking_violations, describe
from tests.browser.conftest import require

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BACKGROUND = {"light": "rgb(255, 255, 255)", "dark": "rgb(18, 20, 23)"}


def pages_to_check(demo):
    return {
        "home": "/",
        "section": demo.busy_section.get_absolute_url(),
        "tag": "/tag/climate/",
        "article": demo.feature.get_absolute_url(),
        "search": "/search/?q=glaciers",
        "listing with filters open": "/latest/?author=amina-siddiqui",
        "author": "/author/amina-siddiqui/",
        "day archive": "/archive/2024/03/14/",
    }


def test_no_serious_or_critical_violations_in_light_and_dark(page, demo):
    require(AXE_SCRIPT.exists(), f"axe-core missing at {AXE_SCRIPT}: run `npm ci` (make setup)")
    found = []
    for label, url in pages_to_check(demo).items():
        page.emulate_media(color_scheme="light")
        response = page.goto(url)
        assert response.status == 200, (label, url, response.status)
        for scheme in ("light", "dark"):
            # The media query applies at once, without a reload; the page's own background shows
            # the stylesheet really switched.
            page.emulate_media(color_scheme=scheme)
            background = page.evaluate("getComputedStyle(document.body).backgroundColor")
            assert background == BACKGROUND[scheme], (label, scheme, background)
            if violations := blocking_violations(page):
                found.append(describe(f"{label} ({url}, {scheme})", violations))
    assert not found, "axe-core found serious or critical violations:\n" + "\n".join(found)


def test_keyboard_reader_skips_to_the_story_with_visible_focus(page, demo):
    page.goto(demo.feature.get_absolute_url())
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    outline = skip.evaluate("el => getComputedStyle(el).outline")
    assert "solid 3px" in outline, outline

    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    # The next stop is the story's first link, not the header's navigation.
    page.keyboard.press("Tab")
    expect(page.get_by_role("main").get_by_role("link", name="World")).to_be_focused()
