"""The editorial workflow through the admin's real views: each role against each transition,
forged requests refused with 403 and nothing changed, what each role is shown, and the record
of every move."""

import io
import itertools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.forms.models import model_to_dict
from django.urls import reverse
from PIL import Image

from articles.admin_workflow import WORKFLOW_FIELDS
from articles.models import Article, StatusChange
from articles.roles import ROLES as ROLE_PERMISSIONS
from tests.desk import (
    ROLES,
    change_url,
    client_for,
    form_data,
    form_fields,
    html,
    make_staff,
    offered_actions,
    panel_buttons,
    transition_url,
)
from tests.factories import add_photo, make_article

pytestmark = pytest.mark.django_db

KARACHI = ZoneInfo("Asia/Karachi")
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=KARACHI)
CHANGELIST = reverse("admin:articles_article_changelist")
Status, State = Article.Status, Article.State
_others = itertools.count(1)


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def desk(frozen):
    return {role: make_staff(role) for role in ROLES}


def story(kind, desk):
    """A story in one of the states the cases below start from."""
    reporter = desk["reporter"]
    kinds = {
        "own_draft": {"status": Status.DRAFT, "published_at": None, "created_by": reporter},
        "others_draft": {"status": Status.DRAFT, "published_at": None, "created_by": None},
        "review": {"status": Status.REVIEW, "published_at": None, "created_by": reporter},
        "wire_draft": {
            "status": Status.DRAFT,
            "source_format": "ninjs",
            "source_ref": "urn:example:wire:1",
            "published_at": NOW - timedelta(hours=2),
        },
        "published": {"status": Status.PUBLISHED, "published_at": NOW - timedelta(hours=1)},
    }
    fields = kinds[kind]
    if kind == "others_draft":
        fields["created_by"] = make_staff("reporter", f"reporter-{next(_others)}")
    return make_article(f"A {kind.replace('_', ' ')} story", **fields)


def stored(article):
    """Everything the database holds for the story, to prove a refusal changed nothing."""
    return model_to_dict(Article.objects.get(pk=article.pk), exclude=["tags"])


SCHEDULE_AT = {"published_at": "2026-03-02T09:30"}  # the newsroom's time (Karachi)

# (transition, starting story, posted fields, state after, roles allowed)
CASES = [
    ("submit_for_review", "own_draft", {}, State.REVIEW, {"reporter", "editor", "superuser"}),
    ("submit_for_review", "others_draft", {}, State.REVIEW, {"editor", "superuser"}),
    ("return_to_draft", "review", {}, State.DRAFT, {"editor", "superuser"}),
    ("publish", "review", {}, State.PUBLISHED, {"editor", "superuser"}),
    ("publish", "wire_draft", {}, State.PUBLISHED, {"editor", "wire_editor", "superuser"}),
    ("schedule", "own_draft", SCHEDULE_AT, State.SCHEDULED, {"editor", "superuser"}),
    ("withdraw", "published", {"reason": "Legal advice"}, State.WITHDRAWN, {"editor", "superuser"}),
    ("return_to_draft", "published", {}, State.DRAFT, {"editor", "superuser"}),
    ("discard", "wire_draft", {}, State.WITHDRAWN, {"editor", "wire_editor", "superuser"}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "transition, kind, posted, after, allowed",
    CASES,
    ids=[f"{case[0]}-{case[1]}" for case in CASES],
)
def test_each_role_against_each_transition(desk, role, transition, kind, posted, after, allowed):
    user = desk[role]
    article = story(kind, desk)
    before = stored(article)
    response = client_for(user).post(transition_url(article, transition), posted)
    article.refresh_from_db()
    if role in allowed:
        assert response.status_code == 302
        assert response["Location"] == change_url(article)
        assert article.editorial_state() == after
        (change,) = StatusChange.objects.filter(article=article)
        assert (change.by, change.at, change.to_status) == (user, NOW, after)
    else:
        assert response.status_code == 403
        assert stored(article) == before
        assert not StatusChange.objects.filter(article=article).exists()


def test_the_roles_are_groups_with_their_permissions():
    groups = {group.name: group for group in Group.objects.prefetch_related("permissions")}
    assert set(groups) >= set(ROLE_PERMISSIONS)
    held = {
        name: {f"{p.content_type.app_label}.{p.codename}" for p in groups[name].permissions.all()}
        for name in ROLE_PERMISSIONS
    }
    assert held == {name: set(perms) for name, perms in ROLE_PERMISSIONS.items()}
    assert "articles.publish_article" not in held["Reporter"]
    assert "articles.delete_article" not in held["Reporter"] | held["Editor"]
    assert {"articles.publish_article", "articles.withdraw_article"} <= held["Editor"]
    assert "articles.publish_wire_article" in held["Wire editor"]
    assert "articles.publish_article" not in held["Wire editor"]


# Forged requests: what the page does not offer is refused, and nothing changes.


def test_a_reporter_posting_a_publish_action_gets_403(desk):
    article = story("own_draft", desk)
    before = stored(article)
    for action in ("publish", "withdraw", "delete_selected"):
        response = client_for(desk["reporter"]).post(
            CHANGELIST, {"action": action, "_selected_action": [article.pk], "reason": "x"}
        )
        assert response.status_code == 403, action
    assert stored(article) == before
    assert Article.objects.filter(pk=article.pk).exists()


def test_a_wire_editor_posting_a_withdraw_action_gets_403(desk):
    article = story("wire_draft", desk)
    before = stored(article)
    response = client_for(desk["wire_editor"]).post(
        CHANGELIST,
        {"action": "withdraw", "_selected_action": [article.pk], "confirm": "yes", "reason": "x"},
    )
    assert response.status_code == 403
    assert stored(article) == before


@pytest.mark.parametrize(
    "forged",
    [
        {"status": "published"},
        {"published_at_0": "2026-03-01", "published_at_1": "09:00:00"},
        {"embargo_until_0": "2026-03-05", "embargo_until_1": "09:00:00"},
        {"withdrawal_reason": "none"},
    ],
    ids=["status", "published_at", "embargo", "withdrawal"],
)
def test_a_reporter_posting_publishing_fields_gets_403(desk, forged):
    article = story("own_draft", desk)
    client = client_for(desk["reporter"])
    before = stored(article)
    data = form_data(client.get(change_url(article)), headline="Changed headline", **forged)
    assert client.post(change_url(article), data).status_code == 403
    assert stored(article) == before


def test_no_one_sets_status_through_the_form(desk):
    article = story("own_draft", desk)
    client = client_for(desk["editor"])
    page = client.get(change_url(article))
    assert "status" not in form_fields(page)
    before = stored(article)
    assert client.post(change_url(article), form_data(page, status="published")).status_code == 403
    assert stored(article) == before
    add = reverse("admin:articles_article_add")
    forged = form_data(client.get(add), headline="Sneaked in", section=article.section_id)
    assert client.post(add, {**forged, "status": "published"}).status_code == 403
    assert not Article.objects.filter(headline="Sneaked in").exists()


def test_a_reporter_cannot_edit_a_submitted_story_or_someone_elses(desk):
    client = client_for(desk["reporter"])
    for kind in ("review", "others_draft", "published"):
        article = story(kind, desk)
        page = client.get(change_url(article))
        assert page.status_code == 200  # they may read it…
        assert "headline" not in form_fields(page)  # …but not edit it
        assert panel_buttons(page) == []
        before = stored(article)
        data = {"headline": "Rewritten", "section": article.section_id, "body": "<p>x</p>"}
        assert client.post(change_url(article), data).status_code == 403, kind
        assert stored(article) == before


def test_transitions_answer_only_post(desk):
    article = story("own_draft", desk)
    response = client_for(desk["editor"]).get(transition_url(article, "publish"))
    assert response.status_code == 405
    assert stored(article)["status"] == Status.DRAFT


def test_transitions_are_csrf_protected(desk):
    article = story("review", desk)
    client = client_for(desk["editor"], enforce_csrf_checks=True)
    assert client.post(transition_url(article, "publish")).status_code == 403
    article.refresh_from_db()
    assert article.status == Status.REVIEW

    page = html(client.get(change_url(article)))
    (form,) = page.cssselect("form.workflow-publish")
    token = form.cssselect("input[name=csrfmiddlewaretoken]")[0].get("value")
    response = client.post(form.get("action"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED


def test_staff_without_a_role_cannot_open_the_articles(desk):
    article = story("published", desk)
    client = client_for(desk["nobody"])
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(change_url(article)).status_code == 403


# What each role is shown.


@pytest.mark.parametrize(
    "role, kind, buttons",
    [
        ("reporter", "own_draft", ["Submit for review"]),
        ("editor", "own_draft", ["Submit for review", "Publish now", "Schedule", "Withdraw"]),
        ("editor", "review", ["Return to draft", "Publish now", "Schedule", "Withdraw"]),
        ("editor", "published", ["Return to draft", "Withdraw"]),
        ("wire_editor", "wire_draft", ["Submit for review", "Publish now", "Discard"]),
        ("wire_editor", "published", []),
        (
            "superuser",
            "wire_draft",
            ["Submit for review", "Publish now", "Schedule", "Withdraw", "Discard"],
        ),
    ],
)
def test_each_role_is_offered_only_its_buttons(desk, role, kind, buttons):
    page = client_for(desk[role]).get(change_url(story(kind, desk)))
    assert page.status_code == 200
    assert panel_buttons(page) == buttons


def test_a_reporters_form_has_no_publishing_fields(desk):
    page = client_for(desk["reporter"]).get(change_url(story("own_draft", desk)))
    fields = form_fields(page)
    assert {"headline", "section", "body", "tags"} <= fields
    assert not {name.rsplit("_", 1)[0] for name in fields} & WORKFLOW_FIELDS
    assert not fields & WORKFLOW_FIELDS
    headings = [h.text_content().strip() for h in html(page).cssselect("form#article_form h2")]
    assert "Publishing" not in headings


def test_an_editors_form_groups_the_story_and_its_publishing(desk):
    page = client_for(desk["editor"]).get(change_url(story("published", desk)))
    fields = form_fields(page)
    assert {"embargo_until_0", "updated_at_0", "needs_attention"} <= fields
    assert not fields & {"status", "published_at_0", "withdrawal_reason"}
    headings = [h.text_content().strip() for h in html(page).cssselect("form#article_form h2")]
    order = [heading.split(" (")[0] for heading in headings]
    story_at = order.index("Story")
    assert order[story_at : story_at + 5] == [
        "Story",
        "Byline",
        "Photos",
        "Related stories",
        "Tags",
    ]
    assert order.index("Publishing") > order.index("Tags")


def test_a_wire_editor_sees_publishing_but_cannot_set_an_embargo(desk):
    page = client_for(desk["wire_editor"]).get(change_url(story("wire_draft", desk)))
    fields = form_fields(page)
    assert "needs_attention" in fields and "headline" in fields
    assert "embargo_until_0" not in fields and "status" not in fields


@pytest.mark.parametrize(
    "role, actions",
    [
        ("reporter", {"submit_for_review"}),
        (
            "editor",
            {
                "submit_for_review",
                "publish",
                "return_to_draft",
                "withdraw",
                "discard",
                "apply_held_wire_version",
            },
        ),
        (
            "wire_editor",
            {
                "submit_for_review",
                "publish",
                "return_to_draft",
                "discard",
                "apply_held_wire_version",
            },
        ),
    ],
)
def test_the_changelist_offers_each_role_its_actions(desk, role, actions):
    story("published", desk)
    assert offered_actions(client_for(desk[role]).get(CHANGELIST)) == actions


def test_bulk_publish_checks_each_story(desk):
    wire, desk_story = story("wire_draft", desk), story("review", desk)
    response = client_for(desk["wire_editor"]).post(
        CHANGELIST,
        {"action": "publish", "_selected_action": [wire.pk, desk_story.pk]},
        follow=True,
    )
    text = response.content.decode()
    assert "Published 1 stories." in text
    assert f"Not changed: {desk_story.headline} (You may not publish this story.)" in text
    assert set(Article.objects.published()) == {wire}
    desk_story.refresh_from_db()
    assert desk_story.status == Status.REVIEW


# The life of a reporter's story, and its record.


def test_a_reporter_files_submits_and_gets_a_story_back(desk):
    reporter, editor = client_for(desk["reporter"]), client_for(desk["editor"])
    add = reverse("admin:articles_article_add")
    page = reporter.get(add)
    data = form_data(page, headline="Rains lash Quetta", body="<p>Roads shut.</p>")
    data["section"] = story("published", desk).section_id
    assert reporter.post(add, data).status_code == 302
    article = Article.objects.get(headline="Rains lash Quetta")
    assert (article.created_by, article.status) == (desk["reporter"], Status.DRAFT)

    edit = form_data(reporter.get(change_url(article)), body="<p>Roads shut for a day.</p>")
    assert reporter.post(change_url(article), edit).status_code == 302
    assert reporter.post(transition_url(article, "submit_for_review")).status_code == 302
    article.refresh_from_db()
    assert article.status == Status.REVIEW
    assert reporter.post(change_url(article), edit).status_code == 403

    editor.post(transition_url(article, "return_to_draft"))
    assert panel_buttons(reporter.get(change_url(article))) == ["Submit for review"]
    article.refresh_from_db()
    assert article.status == Status.DRAFT and article not in Article.objects.published()


def test_every_move_is_recorded_with_who_and_when(desk, frozen):
    article = story("own_draft", desk)
    editor = client_for(desk["editor"])
    editor.post(transition_url(article, "publish"))
    frozen.shift(timedelta(hours=3))
    editor.post(transition_url(article, "withdraw"), {"reason": "Legal advice"})
    changes = [
        (change.from_status, change.to_status, change.by, change.at, change.note)
        for change in StatusChange.objects.filter(article=article)
    ]
    assert changes == [
        (State.DRAFT, State.PUBLISHED, desk["editor"], NOW, ""),
        (
            State.PUBLISHED,
            State.WITHDRAWN,
            desk["editor"],
            NOW + timedelta(hours=3),
            "Legal advice",
        ),
    ]
    page = html(editor.get(change_url(article)))
    (history,) = [
        group
        for group in page.cssselect(".inline-group")
        if group.cssselect("h2")[0].text_content().strip() == "Status history"
    ]
    rows = [
        " ".join(td.text_content().split()) for td in history.cssselect("tbody tr td.field-note")
    ]
    assert rows == ["-", "Legal advice"]
    assert not history.cssselect("input:not([type=hidden]), textarea")
    assert [td.text_content().strip() for td in history.cssselect("td.field-who")] == [
        "editor",
        "editor",
    ]


def test_withdrawing_needs_a_reason(desk):
    article = story("published", desk)
    response = client_for(desk["editor"]).post(
        transition_url(article, "withdraw"), {"reason": "  "}, follow=True
    )
    assert "Give the reason for withdrawing the story." in response.content.decode()
    article.refresh_from_db()
    assert article in Article.objects.published()
    assert not StatusChange.objects.filter(article=article).exists()


def test_publishing_waits_for_each_photos_caption_credit_and_alt_text(desk):
    article = story("review", desk)
    photo = add_photo(article, caption="Flooded road", credit="", alt_text="")
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="PNG")
    photo.image.save("road.png", ContentFile(buffer.getvalue()))
    client = client_for(desk["editor"])
    for transition, posted in [("publish", {}), ("schedule", SCHEDULE_AT)]:
        response = client.post(transition_url(article, transition), posted, follow=True)
        text = response.content.decode()
        assert "needs its credit and alt text before publishing." in text, transition
        article.refresh_from_db()
        assert article.status == Status.REVIEW
    photo.credit, photo.alt_text = "Staff", "A flooded road"
    photo.save()
    client.post(transition_url(article, "publish"))
    assert article in Article.objects.published()
