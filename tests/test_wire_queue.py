"""The wire queue: imported wire stories waiting for the desk, newest arrival first, with
one-click Publish and Discard that only wire editors (and editors) may use."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article, StatusChange
from articles.wire.importer import import_story
from articles.wire.story import CANCELED, WITHHELD, ParsedCredit, ParsedStory
from articles.workflow import DISCARD_REASON
from tests.desk import client_for, html, make_staff
from tests.factories import make_article

pytestmark = pytest.mark.django_db

KARACHI = ZoneInfo("Asia/Karachi")
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=KARACHI)
QUEUE = reverse("admin:articles_wirequeueitem_changelist")


def wire(ref, headline, agency="AFP", version="1", **fields):
    return ParsedStory(
        format="ninjs",
        source_ref=f"urn:example:{ref}",
        headline=headline,
        body_html=f"<p>{headline}, the agency reports.</p>",
        credits=[ParsedCredit(agency, "agency")],
        published_at=T0 - timedelta(hours=1),
        version_created=T0,
        source_version=version,
        provider=agency,
        **fields,
    )


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(T0, tick=False)
    return time_machine


@pytest.fixture
def newsroom(clock):
    """What the wire brought in over a morning, and a desk story that is not wire copy."""
    stories = {}
    _, stories["locusts"] = import_story(wire("locusts", "Locusts reach Balochistan"))
    clock.shift(timedelta(hours=1))
    embargoed = wire(
        "budget",
        "Budget figures leaked",
        agency="Reuters",
        pubstatus=WITHHELD,
        embargo_until=T0 + timedelta(hours=5),
    )
    _, stories["budget"] = import_story(embargoed)
    _, stories["live"] = import_story(wire("live", "Cricket final tonight"), publish=True)
    _, stories["killed"] = import_story(wire("killed", "Retracted story", pubstatus=CANCELED))
    _, stories["review"] = import_story(wire("review", "Port strike spreads", agency="APP"))
    Article.objects.filter(pk=stories["review"].pk).update(status=Article.Status.REVIEW)
    clock.shift(timedelta(hours=1))
    # A write-thru of the first story: it comes back to the top of the queue.
    import_story(wire("locusts", "Locusts reach Balochistan and Sindh", version="2"))
    stories["locusts"].refresh_from_db()
    stories["desk"] = make_article("Desk draft", status=Article.Status.DRAFT, published_at=None)
    return stories


def rows(response):
    """The queue as the desk reads it: one dict of column texts per row, top first."""
    table = html(response).cssselect("#result_list")
    if not table:
        return []
    header = [
        next((name for name in th.get("class", "").split() if name.startswith("column-")), "")
        for th in table[0].cssselect("thead th")
    ]
    found = []
    for tr in table[0].cssselect("tbody tr"):
        cells = tr.cssselect("th, td")
        found.append(
            {
                name.removeprefix("column-"): " ".join(cell.text_content().split())
                for name, cell in zip(header, cells, strict=True)
                if name.startswith("column-")
            }
        )
    return found


def button_url(article, name):
    return reverse("admin:articles_wirequeueitem_button", args=[article.pk, name])


def test_the_queue_lists_waiting_wire_stories_newest_first(newsroom):
    response = client_for(make_staff("wire_editor")).get(QUEUE)
    assert response.status_code == 200
    assert rows(response) == [
        {
            "story": "Locusts reach Balochistan and Sindh",
            "agency": "AFP",
            "version": "2",
            "arrived_at": "1 Mar, 11:00",
            "embargo": "—",
            "attention": "-",
            "state": "Draft",
            "buttons": "Publish Discard",
        },
        {
            "story": "Port strike spreads",
            "agency": "APP",
            "version": "1",
            "arrived_at": "1 Mar, 10:00",
            "embargo": "—",
            "attention": "-",
            "state": "In review",
            "buttons": "Publish Discard",
        },
        {
            "story": "Budget figures leaked",
            "agency": "Reuters",
            "version": "1",
            "arrived_at": "1 Mar, 10:00",
            "embargo": "Embargoed until 1 Mar 2026, 14:00",
            "attention": "Needs attention",
            "state": "Draft",
            "buttons": "Publish Discard",
        },
    ]
    page = html(response)
    (link,) = page.xpath('//a[text()="Port strike spreads"]/@href')
    assert link == reverse("admin:articles_article_change", args=[newsroom["review"].pk])
    labels = page.cssselect("button.queue-publish")[0].get("aria-label")
    assert labels == "Publish: Locusts reach Balochistan and Sindh"


def test_publishing_from_the_queue(newsroom, clock):
    user = make_staff("wire_editor")
    client = client_for(user, enforce_csrf_checks=True)
    page = html(client.get(QUEUE))
    token = page.cssselect("form#changelist-form input[name=csrfmiddlewaretoken]")[0].get("value")
    locusts, budget = newsroom["locusts"], newsroom["budget"]
    for article in (locusts, budget):
        (button,) = page.xpath(f'//tr[.//a[text()="{article.headline}"]]//button[text()="Publish"]')
        response = client.post(button.get("formaction"), {"csrfmiddlewaretoken": token})
        assert (response.status_code, response["Location"]) == (302, QUEUE)
    assert [row["story"] for row in rows(client.get(QUEUE))] == ["Port strike spreads"]
    reader = Client()
    locusts.refresh_from_db()
    assert reader.get(locusts.get_absolute_url()).status_code == 200
    (change,) = StatusChange.objects.filter(article=locusts)
    assert (change.by, change.from_status, change.to_status) == (user, "draft", "published")
    # Published, but the embargo still holds it back from every reader until it lifts.
    assert reader.get(budget.get_absolute_url()).status_code == 404
    clock.move_to(T0 + timedelta(hours=5), tick=False)
    assert reader.get(budget.get_absolute_url()).status_code == 200


def test_discarding_from_the_queue_withdraws_and_keeps_the_record(newsroom):
    user = make_staff("wire_editor")
    locusts = newsroom["locusts"]
    response = client_for(user).post(button_url(locusts, "discard"), follow=True)
    assert f"Discarded: {locusts.headline}." in response.content.decode()
    locusts.refresh_from_db()
    assert (locusts.status, locusts.withdrawal_reason) == ("withdrawn", DISCARD_REASON)
    (change,) = StatusChange.objects.filter(article=locusts)
    assert (change.by, change.to_status, change.note) == (user, "withdrawn", DISCARD_REASON)
    assert locusts.headline not in [row["story"] for row in rows(response)]
    # The wire sending it again, or a newer version, does not bring it back.
    again = wire("locusts", "Locusts reach Balochistan and Sindh", version="2")
    assert import_story(again)[0] == "unchanged"
    assert import_story(wire("locusts", "Locust swarms retreat", version="3"))[0] == "updated"
    locusts.refresh_from_db()
    assert locusts.status == "withdrawn"
    assert not Article.objects.wire_queue().filter(pk=locusts.pk).exists()


@pytest.mark.parametrize("role", ["reporter", "nobody"])
def test_only_the_desk_opens_the_queue_or_presses_its_buttons(newsroom, role):
    client = client_for(make_staff(role))
    assert client.get(QUEUE).status_code == 403
    locusts = newsroom["locusts"]
    for name in ("publish", "discard"):
        assert client.post(button_url(locusts, name)).status_code == 403
    locusts.refresh_from_db()
    assert locusts.status == "draft"
    assert not StatusChange.objects.exists()


def test_an_editor_works_the_queue_too(newsroom):
    client = client_for(make_staff("editor"))
    assert [row["buttons"] for row in rows(client.get(QUEUE))] == ["Publish Discard"] * 3
    client.post(button_url(newsroom["review"], "publish"))
    assert newsroom["review"] in Article.objects.published()


def test_the_buttons_take_only_queue_stories_and_only_post(newsroom):
    client = client_for(make_staff("wire_editor"))
    for story in ("desk", "live", "killed"):
        assert client.post(button_url(newsroom[story], "publish")).status_code == 404, story
    assert client.post(button_url(newsroom["locusts"], "withdraw")).status_code == 404
    assert client.get(button_url(newsroom["locusts"], "publish")).status_code == 405
    newsroom["desk"].refresh_from_db()
    assert newsroom["desk"].status == "draft"
    assert Article.objects.published().count() == 1  # the story imported as live


def test_queue_buttons_need_a_csrf_token(newsroom):
    client = client_for(make_staff("wire_editor"), enforce_csrf_checks=True)
    assert client.post(button_url(newsroom["locusts"], "publish")).status_code == 403
    newsroom["locusts"].refresh_from_db()
    assert newsroom["locusts"].status == "draft"


def test_bulk_discard_from_the_queue(newsroom):
    client = client_for(make_staff("wire_editor"))
    picked = [newsroom["locusts"].pk, newsroom["review"].pk]
    response = client.post(QUEUE, {"action": "discard", "_selected_action": picked}, follow=True)
    assert "Discarded 2 stories." in response.content.decode()
    assert [row["story"] for row in rows(response)] == ["Budget figures leaked"]
    forged = client.post(QUEUE, {"action": "withdraw", "_selected_action": picked})
    assert forged.status_code == 403
