"""What readers see of an editor's moves, at the right moment: publish, schedule, embargo,
withdraw and correct, each done through the admin's real views with time frozen, and each checked
on the article page, the latest listing, the RSS feed and search."""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import feedparser
import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from tests.desk import (
    change_url,
    client_for,
    form_data,
    html,
    make_staff,
    transition_url,
)
from tests.factories import make_article

pytestmark = pytest.mark.django_db

KARACHI = ZoneInfo("Asia/Karachi")
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=KARACHI)
CHANGELIST = reverse("admin:articles_article_changelist")


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def editor(clock):
    return client_for(make_staff("editor"))


@pytest.fixture
def draft():
    return make_article(
        "Monsoon floods close Karakoram highway",
        status=Article.Status.DRAFT,
        published_at=None,
        body="<p>Landslides blocked the road near Chilas.</p>",
    )


def seen_by_readers(article):
    """Where an anonymous reader finds the story now: page status and each listing."""
    reader = Client()
    page = reader.get(article.get_absolute_url())
    feed = feedparser.parse(reader.get("/feeds/rss/").content)
    search = html(reader.get("/search/", {"q": "Karakoram"}))
    latest = html(reader.get("/latest/"))
    return {
        "page": page.status_code,
        "latest": article.headline in latest.text_content(),
        "feed": article.headline in [entry.title for entry in feed.entries],
        "search": article.headline in search.text_content(),
    }


PUBLIC = {"page": 200, "latest": True, "feed": True, "search": True}
HIDDEN = {"page": 404, "latest": False, "feed": False, "search": False}


def admin_status(editor, article):
    """The status column of the story's row in the changelist: its classes and its text."""
    row = html(editor.get(CHANGELIST)).xpath(f'//tr[.//a[text()="{article.headline}"]]')[0]
    (cell,) = row.cssselect("td.field-status_label")
    return [span.get("class") for span in cell.cssselect(".status, .embargo-badge")], " ".join(
        cell.text_content().split()
    )


def test_publish_shows_the_story_at_once(editor, draft, django_capture_on_commit_callbacks):
    assert seen_by_readers(draft) == HIDDEN
    assert admin_status(editor, draft) == (["status status-draft"], "Draft")
    with django_capture_on_commit_callbacks(execute=True):  # as the request's commit does
        editor.post(transition_url(draft, "publish"))
    assert seen_by_readers(draft) == PUBLIC
    draft.refresh_from_db()
    assert draft.published_at == NOW
    assert admin_status(editor, draft) == (["status status-published"], "Published")


def test_a_scheduled_story_goes_public_by_itself_at_its_time(editor, draft, clock):
    response = editor.post(transition_url(draft, "schedule"), {"published_at": "2026-03-01T18:00"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.published_at == datetime(2026, 3, 1, 18, 0, tzinfo=KARACHI)
    assert admin_status(editor, draft) == (["status status-scheduled"], "Scheduled")
    clock.move_to(datetime(2026, 3, 1, 17, 59, tzinfo=KARACHI), tick=False)
    assert seen_by_readers(draft) == HIDDEN
    clock.move_to(datetime(2026, 3, 1, 18, 0, tzinfo=KARACHI), tick=False)
    assert seen_by_readers(draft) == PUBLIC  # nothing ran in between: the query decides
    assert admin_status(editor, draft) == (["status status-published"], "Published")


def test_scheduling_refuses_a_time_already_past(editor, draft):
    response = editor.post(
        transition_url(draft, "schedule"), {"published_at": "2026-03-01T11:00"}, follow=True
    )
    assert "A scheduled time must be in the future" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_an_embargo_hides_a_published_story_until_it_lifts(editor, draft, clock):
    page = editor.get(change_url(draft))
    data = form_data(page, embargo_until_0="2026-03-01", embargo_until_1="15:00:00")
    assert editor.post(change_url(draft), data).status_code == 302
    editor.post(transition_url(draft, "publish"))
    classes, text = admin_status(editor, draft)
    assert classes == ["status status-embargoed", "embargo-badge"]
    assert text == "Embargoed Embargoed until 1 Mar 2026, 15:00"
    top = html(editor.get(change_url(draft))).cssselect(".workflow-panel .embargo-badge")
    assert [badge.text_content() for badge in top] == ["Embargoed until 1 Mar 2026, 15:00"]
    clock.move_to(datetime(2026, 3, 1, 14, 59, tzinfo=KARACHI), tick=False)
    assert seen_by_readers(draft) == HIDDEN
    assert Client().get(f"/api/ninjs/{draft.pk}/").status_code == 404
    clock.move_to(datetime(2026, 3, 1, 15, 0, tzinfo=KARACHI), tick=False)
    assert seen_by_readers(draft) == PUBLIC
    assert admin_status(editor, draft) == (["status status-published"], "Published")


def test_withdrawal_takes_the_story_down_with_a_410(editor, draft, clock):
    editor.post(transition_url(draft, "publish"))
    clock.shift(timedelta(hours=2))
    editor.post(transition_url(draft, "withdraw"), {"reason": "Wrong death toll"})
    seen = seen_by_readers(draft)
    assert seen == {**HIDDEN, "page": 410}
    gone = Client().get(draft.get_absolute_url())
    assert "This story has been withdrawn" in gone.content.decode()
    assert "Wrong death toll" not in gone.content.decode()  # the reason is the desk's
    assert admin_status(editor, draft) == (["status status-withdrawn"], "Withdrawn")


def test_a_correction_shows_at_the_foot_and_in_json_ld_and_updates_the_story(editor, draft, clock):
    editor.post(transition_url(draft, "publish"))
    clock.move_to(datetime(2026, 3, 2, 9, 30, tzinfo=KARACHI), tick=False)
    page = editor.get(change_url(draft))
    data = form_data(
        page,
        **{
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-noted_at_0": "2026-03-02",
            "corrections-0-noted_at_1": "09:30:00",
            "corrections-0-text": "An earlier version placed Chilas in Swat.",
        },
    )
    assert editor.post(change_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert draft.updated_at == datetime(2026, 3, 2, 9, 30, tzinfo=KARACHI)
    assert draft.published_at == NOW  # publication time unchanged

    response = Client().get(draft.get_absolute_url())
    doc = html(response)
    (foot,) = doc.cssselect("section.corrections li")
    assert " ".join(foot.text_content().split()) == (
        "2 March 2026: An earlier version placed Chilas in Swat."
    )
    assert doc.cssselect(".meta .updated")[0].text_content() == "Updated 2 March 2026, 09:30"
    (news,) = [
        data
        for data in map(json.loads, doc.xpath("//script[@type='application/ld+json']/text()"))
        if data["@type"] == "NewsArticle"
    ]
    assert news["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "An earlier version placed Chilas in Swat.",
            "datePublished": "2026-03-02T09:30:00+05:00",
        }
    ]
    assert news["dateModified"] == "2026-03-02T09:30:00+05:00"


def test_a_correction_to_a_draft_is_not_an_update(editor, draft):
    page = editor.get(change_url(draft))
    data = form_data(
        page,
        **{
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-noted_at_0": "2026-03-01",
            "corrections-0-noted_at_1": "12:00:00",
            "corrections-0-text": "Spelling of Chilas.",
        },
    )
    assert editor.post(change_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert draft.corrections.count() == 1
    assert draft.updated_at is None


def test_the_changelist_filters_by_schedule_and_embargo(editor, draft):
    scheduled = make_article("Budget at six", published_at=NOW + timedelta(hours=6))
    embargoed = make_article("Embargoed figures", embargo_until=NOW + timedelta(hours=2))
    live = make_article("Live story")

    def listed(**query):
        page = html(editor.get(CHANGELIST, query))
        return {a.text_content() for a in page.cssselect("#result_list th.field-headline a")}

    assert listed(schedule="scheduled") == {scheduled.headline}
    assert listed(schedule="live") == {live.headline}
    assert listed(embargo="active") == {embargoed.headline}
    assert listed(status__exact="draft") == {draft.headline}
    assert listed(q="Chilas") == {draft.headline}  # search reaches the body
