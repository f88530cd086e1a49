"""An editor's journey through the admin: edit a draft, add a photo, schedule it; then a reader
sees nothing until the time comes, and the story with its photo once it has.

Real time, no time_machine: a frozen or shifted clock would confuse Playwright's own timers. The
story is scheduled a few seconds ahead (or, where the browser's datetime-local input takes whole
minutes only, for the next whole minute at least that far ahead) and the reader waits for it.
"""

import re
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from PIL import Image
from playwright.sync_api import expect

from articles.models import Article
from articles.roles import sync_roles
from tests.browser.conftest import DESKTOP, open_page
from tests.desk import change_url, make_staff
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEAD_SECONDS = 8  # how far ahead the story is scheduled: time for the reader's checks before it
PUBLISH_GRACE_SECONDS = 15  # how long after the scheduled time the reader may wait for it


@pytest.fixture
def reader(browser, live_server, demo):
    """An anonymous reader: a browser context of its own, without the editor's cookies."""
    with open_page(browser, live_server, **DESKTOP) as page:
        yield page


@pytest.fixture
def photo_file(tmp_path):
    """A small real PNG, as a photographer's file on the editor's disk."""
    path = tmp_path / "flood-barrier.png"
    Image.new("RGB", (320, 200), (40, 110, 160)).save(path, format="PNG")
    return path


def schedule_value(at):
    """What the datetime-local input takes: the newsroom's wall-clock time, no offset."""
    return at.strftime("%Y-%m-%dT%H:%M:%S" if at.second else "%Y-%m-%dT%H:%M")


def test_editor_edits_adds_a_photo_and_schedules_a_draft(page, reader, demo, photo_file):
    sync_roles()  # the live server's flush after each test deletes the groups migration 0007 made
    editor = make_staff("editor", username="desk-editor")
    draft = make_article(
        "Draft: barrage gates",
        status=Article.Status.DRAFT,
        published_at=None,
        body="<p>Notes to be written up.</p>",
    )
    story_url = draft.get_absolute_url()
    headline = "Sukkur barrage opens its gates as the Indus rises"

    # The editor logs in through the admin's own form.
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill("pw-for-tests")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # Edits the draft's headline and body, and adds a photo in the photos inline.
    page.goto(change_url(draft))
    page.locator("#id_headline").fill(headline)
    page.locator("#id_body").fill(
        "<p>Engineers opened all 66 gates of the Sukkur barrage on Tuesday.</p>"
        "<p>Villages downstream were told to move livestock to higher ground.</p>"
    )
    page.get_by_role("button", name="Add another Photo").click()
    photo = page.locator(".inline-related:not(.empty-form)").filter(
        has=page.locator("input[type=file][name^='photos-']")
    )
    expect(photo).to_have_count(1)
    photo.locator("input[type=file][name$='-image']").set_input_files(photo_file)
    photo.locator("[name$='-caption']").fill("Water rushes through the barrage gates.")
    photo.locator("input[name$='-credit']").fill("Sindh Irrigation Department")
    photo.locator("[name$='-alt_text']").fill("Brown water foaming through open steel gates")
    page.locator("input[name=_continue]").click()

    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    expect(page.locator("#id_headline")).to_have_value(headline)
    draft.refresh_from_db()
    assert draft.headline == headline
    assert draft.status == Article.Status.DRAFT
    (saved,) = draft.photos.all()
    assert saved.image and saved.credit == "Sindh Irrigation Department"
    assert draft.get_absolute_url() == story_url  # a saved slug is not rewritten from the headline

    # Schedules it a few seconds ahead, in the newsroom's time zone.
    newsroom = ZoneInfo(settings.TIME_ZONE)
    at = (datetime.now(newsroom) + timedelta(seconds=LEAD_SECONDS)).replace(microsecond=0)
    schedule_at = page.locator("#schedule-at")
    schedule_at.fill(schedule_value(at))
    if not schedule_at.evaluate("input => input.checkValidity()"):
        # This input steps by whole minutes: the next whole minute at least as far ahead.
        at = (at + timedelta(seconds=59)).replace(second=0)
        schedule_at.fill(schedule_value(at))
    assert schedule_at.evaluate("input => input.checkValidity()")
    page.locator(".workflow-schedule").get_by_role("button", name="Schedule").click()

    expect(page.locator(".messagelist .success")).to_have_text(f"Scheduled: {headline}.")
    expect(page.locator(".workflow-panel .status")).to_have_text("Scheduled")
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert draft.published_at == at

    # Before the time: the reader gets a 404 for the story, and /latest/ does not list it.
    response = reader.goto(story_url)
    assert response.status == 404
    expect(reader.get_by_text(headline)).to_have_count(0)
    reader.goto("/latest/")
    expect(reader.locator("h1")).to_have_text("Latest")
    expect(reader.locator(".card-headline a")).not_to_have_count(0)
    expect(reader.get_by_text(headline)).to_have_count(0)
    assert datetime.now(newsroom) < at, "the checks before the scheduled time ran too late"

    # After it, with no one pressing anything: the story comes up on /latest/ by itself.
    deadline = at + timedelta(seconds=PUBLISH_GRACE_SECONDS)
    listed = reader.locator(".card-headline a", has_text=headline)
    while True:
        reader.goto("/latest/")
        if listed.count():
            break
        assert datetime.now(newsroom) < deadline, f"not on /latest/ by {deadline:%H:%M:%S}"
        time.sleep(1)
    assert datetime.now(newsroom) >= at

    listed.click()
    expect(reader).to_have_url(re.compile(re.escape(story_url) + "$"))
    expect(reader.locator("h1")).to_have_text(headline)
    expect(reader.locator("article.story")).to_contain_text("all 66 gates of the Sukkur barrage")
    figure = reader.locator("article.story figure")
    expect(figure).to_have_count(1)
    expect(figure.locator("figcaption")).to_have_text(
        "Water rushes through the barrage gates. Sindh Irrigation Department"
    )
    expect(figure.locator("figcaption .credit")).to_have_text("Sindh Irrigation Department")
    expect(figure.locator("img")).to_have_attribute(
        "alt", "Brown water foaming through open steel gates"
    )
