"""Listings in the live site: filters without JavaScript, paging a section and a date archive."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.demo import BUSY_DAY, BUSY_DAY_STORIES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE_SIZE = 20


def headlines(page):
    return page.locator("main .card-headline a").all_inner_texts()


def test_filter_a_section_by_author_and_tag_without_javascript(page_without_js, demo):
    page = page_without_js
    page.goto(demo.busy_section.get_absolute_url())
    filters = page.locator("details.filters")
    expect(filters).not_to_have_attribute("open", "")
    filters.locator("summary", has_text="Filter stories").click()
    form = filters.locator("form")
    expect(form).to_be_visible()
    # A section page's own section is no filter of it.
    expect(form.get_by_label("Section", exact=True)).to_have_count(0)

    form.get_by_label("Author", exact=True).select_option(label="Bilal Khan")
    form.get_by_role("button", name="Apply").click()

    expect(page).to_have_url(re.compile(r"/pakistan/\?(.*&)?author=bilal-khan(&|$)"))
    expect(page.locator("details.filters")).to_have_attribute("open", "")
    expect(page.locator("main .card")).to_have_count(len(demo.by_bilal))
    assert headlines(page) == [story.headline for story in demo.by_bilal]
    for byline in page.locator("main .card .byline").all():
        expect(byline).to_have_text("By Bilal Khan")
    expect(page.get_by_label("Author", exact=True)).to_have_value("bilal-khan")

    # A second filter narrows further; Clear goes back to everything.
    page.get_by_label("Tag", exact=True).select_option(label="Economy")
    page.get_by_role("button", name="Apply").click()
    expected = [story.headline for story in demo.by_bilal if story in demo.economy_stories]
    assert expected  # the demo holds stories with both
    expect(page.locator("main .card-headline a")).to_have_text(expected)
    page.get_by_role("link", name="Clear").click()
    expect(page).to_have_url(re.compile(r"/pakistan/$"))
    expect(page.locator("main .card")).to_have_count(PAGE_SIZE)

    # A name no public story carries: no stories, and the reason is the field's description.
    page.goto(demo.busy_section.get_absolute_url() + "?author=nobody")
    expect(page.locator("main .card")).to_have_count(0)
    expect(page.locator("main .empty")).to_have_text("No stories here yet for these filters.")
    expect(page.get_by_label("Author", exact=True)).to_have_accessible_description(
        re.compile("^Select a valid choice")
    )


def test_page_through_a_section(page, demo):
    newest_first = [story.headline for story in demo.busy_day_stories]
    assert len(newest_first) == BUSY_DAY_STORIES
    page.goto(demo.busy_section.get_absolute_url())
    pages = page.get_by_role("navigation", name="Pages")
    expect(pages).to_contain_text("Page 1 of 3")
    expect(pages.get_by_role("link", name="Newer")).to_have_count(0)
    assert headlines(page) == newest_first[:PAGE_SIZE]

    pages.get_by_role("link", name="Older").click()
    expect(pages).to_contain_text("Page 2 of 3")
    assert headlines(page) == newest_first[PAGE_SIZE : 2 * PAGE_SIZE]

    pages.get_by_role("link", name="Older").click()
    expect(pages).to_contain_text("Page 3 of 3")
    expect(pages.get_by_role("link", name="Older")).to_have_count(0)
    assert headlines(page) == newest_first[2 * PAGE_SIZE :]

    pages.get_by_role("link", name="Newer").click()
    expect(pages).to_contain_text("Page 2 of 3")
    assert headlines(page) == newest_first[PAGE_SIZE : 2 * PAGE_SIZE]


def test_page_through_the_date_archive(page, demo):
    year, month, day = BUSY_DAY
    page.goto(f"/archive/{year}/{month:02d}/")
    expect(page.locator("h1")).to_have_text("Stories from March 2024")
    days = page.get_by_role("navigation", name="Days of March 2024")
    expect(days.get_by_role("link")).to_have_text([f"{n} Mar" for n in (14, 17, 18, 19, 20)])

    days.get_by_role("link", name="14 Mar").click()
    expect(page).to_have_url(re.compile(rf"/archive/{year}/{month:02d}/{day:02d}/$"))
    expect(page.locator("h1")).to_have_text("Stories from 14 March 2024")
    newest_first = [story.headline for story in demo.busy_day_stories]
    pages = page.get_by_role("navigation", name="Pages")
    expect(pages).to_contain_text("Page 1 of 3")
    assert headlines(page) == newest_first[:PAGE_SIZE]
    pages.get_by_role("link", name="Older").click()
    expect(pages).to_contain_text("Page 2 of 3")
    assert headlines(page) == newest_first[PAGE_SIZE : 2 * PAGE_SIZE]
    pages.get_by_role("link", name="Older").click()
    expect(pages).to_contain_text("Page 3 of 3")
    assert headlines(page) == newest_first[2 * PAGE_SIZE :]

    # The next day with stories is one link away; its stories are another day's.
    other_days = page.get_by_role("navigation", name="Other days")
    other_days.get_by_role("link", name=re.compile("17 March 2024")).click()
    expect(page.locator("h1")).to_have_text("Stories from 17 March 2024")
    expect(page.locator("main .card-headline a")).to_have_text(
        [f"Cricket roundup {number}: Karachi Kings win again" for number in (3, 2, 1)]
    )

    # An article's date leads to its day in the archive.
    page.goto(demo.feature.get_absolute_url())
    page.locator(".story-header .archive-link").click()
    expect(page.locator("h1")).to_have_text("Stories from 20 March 2024")
    expect(page.locator("main .card-headline a")).to_have_text([demo.feature.headline])
