"""Staff previews: a story readers cannot see yet, at its future address, marked as a preview,
never cached and never indexed; readers still get 404 (410 once withdrawn)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from articles.models import Article
from tests.desk import change_url, client_for, html, make_staff
from tests.factories import make_article

pytestmark = pytest.mark.django_db

KARACHI = ZoneInfo("Asia/Karachi")
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=KARACHI)
NEVER_CACHE = {"no-cache", "no-store", "must-revalidate", "private"}


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def editor():
    return client_for(make_staff("editor"))


def stories():
    """A story in each state readers cannot see, by its state."""
    return {
        "draft": make_article("Draft budget", status=Article.Status.DRAFT, published_at=None),
        "review": make_article("Budget in review", status=Article.Status.REVIEW, published_at=None),
        "scheduled": make_article("Budget at six", published_at=NOW + timedelta(hours=6)),
        "embargoed": make_article("Embargoed budget", embargo_until=NOW + timedelta(hours=2)),
    }


def cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def banner(response):
    found = html(response).cssselect(".preview-banner")
    return " ".join(found[0].text_content().split()) if found else None


def robots(response):
    return html(response).xpath("//head/meta[@name='robots']/@content")


@pytest.mark.parametrize("state", ["draft", "review", "scheduled", "embargoed"])
def test_an_editor_previews_a_story_readers_cannot_see(editor, state):
    article = stories()[state]
    response = editor.get(article.get_absolute_url())
    assert response.status_code == 200
    assert html(response).cssselect("h1")[0].text_content() == article.headline
    assert banner(response).startswith("Preview — ")
    assert banner(response).endswith("Readers cannot see this story yet.")
    assert cache_control(response) >= NEVER_CACHE
    assert robots(response) == ["noindex"]
    assert Client().get(article.get_absolute_url()).status_code == 404


def test_the_banner_says_when_a_scheduled_or_embargoed_story_goes_public(editor):
    made = stories()
    scheduled = banner(editor.get(made["scheduled"].get_absolute_url()))
    assert scheduled == (
        "Preview — Scheduled, public from 1 March 2026, 18:00. Readers cannot see this story yet."
    )
    embargoed = banner(editor.get(made["embargoed"].get_absolute_url()))
    assert embargoed == (
        "Preview — Published, embargoed until 1 March 2026, 14:00. "
        "Readers cannot see this story yet."
    )
    draft = banner(editor.get(made["draft"].get_absolute_url()))
    assert draft == "Preview — Draft. Readers cannot see this story yet."


def test_a_public_story_is_never_a_preview(editor):
    article = make_article("Budget passed")
    for client in (editor, Client()):
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        assert banner(response) is None
        assert robots(response) == []
        assert "no-store" not in cache_control(response)


def test_who_may_preview(editor):
    draft = stories()["draft"]
    url = draft.get_absolute_url()
    assert editor.get(url).status_code == 200
    assert client_for(make_staff("reporter")).get(url).status_code == 200  # change permission
    assert client_for(make_staff("wire_editor")).get(url).status_code == 200
    assert client_for(make_staff("nobody")).get(url).status_code == 404  # staff, no permission
    assert Client().get(url).status_code == 404


def test_a_withdrawn_story_is_410_for_everyone(editor):
    article = make_article("Pulled budget story")
    article.withdraw("Legal advice")
    for client in (editor, Client()):
        response = client.get(article.get_absolute_url())
        assert response.status_code == 410
        assert banner(response) is None


def test_a_preview_at_an_old_address_redirects_but_not_permanently(editor):
    draft = stories()["draft"]
    old = draft.get_absolute_url()
    draft.slug = "budget-draft-two"
    draft.save()
    response = editor.get(old)
    assert (response.status_code, response["Location"]) == (302, draft.get_absolute_url())
    assert cache_control(response) >= NEVER_CACHE
    assert Client().get(old).status_code == 404


def test_the_change_form_links_the_preview(editor):
    made = stories()
    panel = html(editor.get(change_url(made["draft"]))).cssselect(".workflow-panel a")
    assert [(a.text_content(), a.get("href")) for a in panel] == [
        ("Preview", made["draft"].get_absolute_url())
    ]
    public = make_article("Budget passed")
    panel = html(editor.get(change_url(public))).cssselect(".workflow-panel a")
    assert [(a.text_content(), a.get("href")) for a in panel] == [
        ("View on site", public.get_absolute_url())
    ]
