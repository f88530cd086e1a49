"""Story history: revisions kept by admin saves and wire imports, diffs, and restores."""

import io
from datetime import UTC, datetime, timedelta

import lxml.html
import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from PIL import Image
from reversion.models import Version

from articles import roles
from articles.models import Agency, Article
from articles.revision_diff import ADDED, CHANGED, REMOVED, SAME, body_paragraphs, diff_words
from articles.revisions import diff_revisions, restore_revision, story_versions
from articles.wire.importer import import_file, import_story
from articles.wire.story import ParsedPhoto, ParsedStory
from tests.factories import add_photo, credit, make_article, make_author
from tests.pagetext import page_text

pytestmark = pytest.mark.django_db

T1 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
FIRST_BODY = (
    "<p>The river fell two metres overnight.</p>"
    "<p>Schools in Sukkur stay shut until Monday.</p>"
    "<p>Relief camps are closing.</p>"
)


def page(response):
    return lxml.html.fromstring(response.content.decode())


def texts(element, selector):
    return [" ".join(e.text_content().split()) for e in element.cssselect(selector)]


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def history_url(article):
    return reverse("admin:articles_article_history", args=[article.pk])


def restore_url(article, version):
    return reverse("admin:articles_article_revision", args=[article.pk, version.pk])


def compare_url(article, *versions):
    query = "&".join(f"version={version.pk}" for version in versions)
    return f"{reverse('admin:articles_article_compare', args=[article.pk])}?{query}"


def save_in_admin(client, article, **changes):
    """Send the change form back as a browser would, with some fields edited."""
    url = change_url(article)
    (form,) = page(client.get(url)).cssselect("form#article_form")
    data = {**dict(form.form_values()), **changes}
    response = client.post(url, data)
    assert response.status_code == 302, texts(page(response), ".errorlist")
    article.refresh_from_db()
    return article


def local(moment):
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def diff_page_field(response, name):
    """(change, text) for each block of one field on a diff page."""
    (field,) = page(response).cssselect(f".revision-diff #diff-{name}")
    return [
        (
            block.get("class").split()[-1].removeprefix("diff-"),
            " ".join(block.text_content().split()),
        )
        for block in field.cssselect("p.diff-block")
    ]


def marked(response, name, tag):
    return texts(page(response), f".revision-diff #diff-{name} {tag}")


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "desk", password="pw-for-tests", is_staff=True, is_superuser=True
    )


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def story(time_machine):
    """A live story with two photos, filed before any revision was kept."""
    time_machine.move_to(T1 - timedelta(hours=2), tick=False)
    article = make_article("Floods recede in Sindh", body=FIRST_BODY, summary="Water falls.")
    credit(article, make_author("Sana Baloch"), Agency.objects.get(code="APP"))
    add_photo(article, caption="Boats on a flooded street", credit="Reuters")
    add_photo(article, caption="Children wade to school", credit="APP", body_position=1)
    article.tags.add("floods")
    return article


@pytest.fixture
def edited_story(story, editor_client, time_machine):
    """Three admin saves an hour apart: a summary fix, a rewrite, then a caption and a cut."""
    time_machine.move_to(T1, tick=False)
    save_in_admin(editor_client, story, summary="The water is falling across Sindh.")
    time_machine.move_to(T1 + timedelta(hours=1), tick=False)
    save_in_admin(
        editor_client,
        story,
        headline="Floods recede across Sindh",
        body=FIRST_BODY + "<p>Officials expect roads to reopen by Friday.</p>",
        tags="floods, sukkur",
    )
    time_machine.move_to(T1 + timedelta(hours=2), tick=False)
    new_body = FIRST_BODY.replace("<p>Relief camps are closing.</p>", "")
    save_in_admin(
        editor_client,
        story,
        body=new_body + "<p>Officials expect roads to reopen by Friday.</p>",
        **{"photos-0-caption": "Boats on a drying street in Sukkur", "photos-1-DELETE": "on"},
    )
    return story


def test_each_admin_save_keeps_one_revision_with_its_user_and_time(edited_story, editor):
    versions = list(story_versions(edited_story))
    assert len(versions) == 3
    assert [v.revision.date_created for v in versions] == [
        T1 + timedelta(hours=2),
        T1 + timedelta(hours=1),
        T1,
    ]
    assert {v.revision.user for v in versions} == {editor}
    assert versions[1].revision.get_comment().lower() == "changed headline, body and tags."
    # Each revision holds the whole story: article, byline, photos and tags as they stood.
    assert Version.objects.filter(revision=versions[2].revision).count() == 1 + 2 + 2 + 1
    assert Version.objects.filter(revision=versions[0].revision).count() == 1 + 2 + 1 + 2


def test_history_lists_revisions_with_who_and_when(edited_story, editor_client):
    response = editor_client.get(history_url(edited_story))
    assert response.status_code == 200
    rows = page(response).cssselect("tr.revision")
    assert [texts(row, "th")[0] for row in rows] == [
        local(T1 + timedelta(hours=2)),
        local(T1 + timedelta(hours=1)),
        local(T1),
    ]
    assert [texts(row, ".revision-user")[0] for row in rows] == ["desk"] * 3
    assert len(page(response).cssselect("input[type=checkbox][name=version]")) == 3


def test_diff_of_first_and_third_revision_through_the_history_form(edited_story, editor_client):
    history = page(editor_client.get(history_url(edited_story)))
    (form,) = history.cssselect("form#revision-compare")
    boxes = form.cssselect("input[name=version]")
    newest, oldest = boxes[0].get("value"), boxes[-1].get("value")
    response = editor_client.get(form.get("action"), {"version": [oldest, newest]})
    assert response.status_code == 200

    assert marked(response, "headline", "del") == ["in"]
    assert marked(response, "headline", "ins") == ["across"]
    assert diff_page_field(response, "body") == [
        (SAME, "The river fell two metres overnight."),
        (SAME, "Schools in Sukkur stay shut until Monday."),
        (REMOVED, "Removed Relief camps are closing."),
        (ADDED, "Added Officials expect roads to reopen by Friday."),
    ]
    assert diff_page_field(response, "photos") == [
        (CHANGED, "Changed Boats on a flooded drying street in Sukkur — Reuters"),
        (REMOVED, "Removed Children wade to school — APP"),
    ]
    assert marked(response, "photos", "del") == ["flooded", "Children wade to school — APP"]
    assert marked(response, "photos", "ins") == ["drying", "in Sukkur"]
    assert diff_page_field(response, "tags") == [(SAME, "floods"), (ADDED, "Added sukkur")]
    # The summary fix is the first revision itself: nothing changed in it since.
    assert not page(response).cssselect("#diff-summary")
    unchanged = texts(page(response), ".diff-unchanged-field")
    assert unchanged == ["Summary", "Key points", "Byline", "Corrections"]


def test_compare_needs_two_revisions_of_this_story(edited_story, editor_client):
    first = story_versions(edited_story).last()
    other = make_article("Another story")
    save_in_admin(editor_client, other, summary="Elsewhere.")
    response = editor_client.get(compare_url(edited_story, first, story_versions(other).get()))
    assert response.status_code == 302
    assert response["Location"] == history_url(edited_story)
    assert editor_client.get(compare_url(edited_story, first)).status_code == 302


def test_restoring_the_first_revision_through_the_admin(
    edited_story, editor_client, editor, time_machine
):
    first = story_versions(edited_story).last()
    deleted_photo = first.revision.version_set.get(object_repr="Children wade to school")
    time_machine.move_to(T1 + timedelta(hours=3), tick=False)

    # The restore page says what restoring changes, now → then.
    confirm = editor_client.get(restore_url(edited_story, first))
    assert confirm.status_code == 200
    assert marked(confirm, "headline", "del") == ["across"]
    assert (ADDED, "Added Relief camps are closing.") in diff_page_field(confirm, "body")
    assert (REMOVED, "Removed Officials expect roads to reopen by Friday.") in diff_page_field(
        confirm, "body"
    )
    (form,) = page(confirm).cssselect("#content-main form[method=post]")
    response = editor_client.post(restore_url(edited_story, first), dict(form.form_values()))
    assert response.status_code == 302
    assert response["Location"] == change_url(edited_story)

    article = Article.objects.get(pk=edited_story.pk)
    assert (article.headline, article.summary) == (
        "Floods recede in Sindh",
        "The water is falling across Sindh.",
    )
    assert article.body == FIRST_BODY
    photos = [(p.pk, p.caption, p.credit) for p in article.photos.all()]
    assert photos == [
        (photos[0][0], "Boats on a flooded street", "Reuters"),
        (int(deleted_photo.object_id), "Children wade to school", "APP"),
    ]
    assert set(article.tags.names()) == {"floods"}
    # Still live, and readers are told the story changed.
    assert article.status == Article.Status.PUBLISHED
    assert article.updated_at == T1 + timedelta(hours=3)

    # The restore is a revision of its own, by the editor.
    latest = story_versions(article).first()
    assert latest.revision.user == editor
    assert latest.revision.get_comment() == f"Restored the revision of {local(T1)} by desk"

    reader = page(editor_client.get(article.get_absolute_url()))
    assert texts(reader, "h1") == ["Floods recede in Sindh"]
    assert texts(reader, "figcaption") == [
        "Boats on a flooded street Reuters",
        "Children wade to school APP",
    ]
    story_text = reader.cssselect("article")[0].text_content()
    assert "Relief camps are closing." in story_text
    assert "Officials expect" not in story_text


def test_restore_keeps_the_publishing_state(edited_story, editor_client):
    first = story_versions(edited_story).last()
    url = reverse("admin:articles_article_changelist")
    withdraw = {"action": "withdraw", "_selected_action": [edited_story.pk], "confirm": "1"}
    editor_client.post(url, {**withdraw, "reason": "Legal advice."})
    restore_revision(first, user=None)
    article = Article.objects.get(pk=edited_story.pk)
    assert article.headline == "Floods recede in Sindh"
    assert article.status == Article.Status.WITHDRAWN
    assert editor_client.get(article.get_absolute_url()).status_code == 410


def test_restore_touches_no_other_story_of_a_bulk_action(editor_client, time_machine):
    time_machine.move_to(T1, tick=False)
    ours = make_article("Budget talks stall", status=Article.Status.DRAFT, published_at=None)
    theirs = make_article("Cricket board meets", status=Article.Status.DRAFT, published_at=None)
    changelist = reverse("admin:articles_article_changelist")
    editor_client.post(changelist, {"action": "publish", "_selected_action": [ours.pk, theirs.pk]})
    published = story_versions(ours).get()
    assert story_versions(theirs).get().revision == published.revision  # one revision, two stories

    save_in_admin(editor_client, ours, headline="Budget talks collapse")
    save_in_admin(editor_client, theirs, headline="Cricket board elects a chair")
    editor_client.post(restore_url(ours, published))
    assert Article.objects.get(pk=ours.pk).headline == "Budget talks stall"
    assert Article.objects.get(pk=theirs.pk).headline == "Cricket board elects a chair"


def png(width=600, height=400):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, "PNG")
    return SimpleUploadedFile("boats.png", buffer.getvalue(), content_type="image/png")


def test_restore_brings_back_a_deleted_photo_with_its_renditions(
    editor_client, django_capture_on_commit_callbacks
):
    article = make_article("Floods recede in Sindh")
    photo = add_photo(article, caption="Boats", credit="Reuters", alt_text="Boats", image=png())
    files = [entry["name"] for entry in photo.renditions]
    assert files and all(default_storage.exists(name) for name in files)
    save_in_admin(editor_client, article, summary="With a photo.")
    with_photo = story_versions(article).get()
    with django_capture_on_commit_callbacks(execute=True):
        save_in_admin(editor_client, article, **{"photos-0-DELETE": "on"})
    assert not article.photos.exists()
    assert not any(default_storage.exists(name) for name in files)

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(restore_url(article, with_photo))
    (restored,) = article.photos.all()
    assert (restored.pk, restored.caption, restored.image.name) == (
        photo.pk,
        "Boats",
        photo.image.name,
    )
    assert all(default_storage.exists(entry["name"]) for entry in restored.renditions)
    (img,) = page(editor_client.get(article.get_absolute_url())).cssselect("figure img")
    assert len(img.get("srcset").split(",")) == len(restored.renditions)


# Permissions ------------------------------------------------------------------------------------


@pytest.fixture
def viewer_client(django_user_model):
    """A reporter-like staff member who may look at stories but not change them."""
    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client = Client()
    client.force_login(viewer)
    return client


def test_without_change_permission_no_diff_and_no_restore(edited_story, viewer_client):
    versions = list(story_versions(edited_story))
    history = viewer_client.get(history_url(edited_story))
    assert history.status_code == 200
    assert len(page(history).cssselect("tr.revision")) == 3
    assert not page(history).cssselect("input[name=version], a.revision-restore")
    assert viewer_client.get(compare_url(edited_story, versions[2], versions[0])).status_code == 403
    assert viewer_client.get(restore_url(edited_story, versions[2])).status_code == 403
    assert viewer_client.post(restore_url(edited_story, versions[2])).status_code == 403
    edited_story.refresh_from_db()
    assert edited_story.headline == "Floods recede across Sindh"
    assert len(story_versions(edited_story)) == 3


def test_a_reporter_compares_and_restores_only_their_own_drafts(edited_story, django_user_model):
    roles.sync_roles()
    reporter = django_user_model.objects.create_user("reporter", password="pw", is_staff=True)
    reporter.groups.add(Group.objects.get(name=roles.REPORTER))
    client = Client()
    client.force_login(reporter)
    older, newer = story_versions(edited_story)[2], story_versions(edited_story)[0]
    assert client.get(compare_url(edited_story, older, newer)).status_code == 403
    assert client.post(restore_url(edited_story, older)).status_code == 403

    draft = make_article("Budget talks stall", status=Article.Status.DRAFT, created_by=reporter)
    save_in_admin(client, draft, summary="Talks stall.")
    save_in_admin(client, draft, summary="Talks stall over taxes.")
    older, newer = story_versions(draft)[1], story_versions(draft)[0]
    assert marked(client.get(compare_url(draft, older, newer)), "summary", "ins") == ["over taxes"]
    assert client.post(restore_url(draft, older)).status_code == 302
    assert Article.objects.get(pk=draft.pk).summary == "Talks stall."


def test_a_forged_restore_post_is_refused(edited_story, editor):
    forger = Client(enforce_csrf_checks=True)
    forger.force_login(editor)
    first = story_versions(edited_story).last()
    assert forger.post(restore_url(edited_story, first)).status_code == 403
    edited_story.refresh_from_db()
    assert edited_story.headline == "Floods recede across Sindh"


def test_reversions_whole_revision_recover_pages_are_not_offered(editor_client):
    for name in ("recoverlist", "recover"):
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:articles_article_{name}", args=[1] if name == "recover" else [])
    changelist = editor_client.get(reverse("admin:articles_article_changelist"))
    assert b"recover/" not in changelist.content


# Wire imports -----------------------------------------------------------------------------------


def wire_copy(tmp_path, paragraphs, name="floods.txt"):
    path = tmp_path / name
    path.write_bytes(
        page_text(
            "Floods recede in Sindh",
            lead_photo="Boats on a flooded street — Reuters",
            paragraphs=paragraphs,
        )
    )
    return path


def test_importing_a_story_twice_with_a_change_keeps_two_revisions(tmp_path):
    path = wire_copy(tmp_path, ["The river fell overnight.", "Schools stay shut."])
    (created,) = import_file(path)
    assert created.status == "created"
    (unchanged,) = import_file(path)
    assert unchanged.status == "unchanged"
    assert len(story_versions(created.article)) == 1

    wire_copy(tmp_path, ["The river fell two metres overnight.", "Schools stay shut."])
    (updated,) = import_file(path, dry_run=True)
    assert updated.status == "updated"
    assert len(story_versions(created.article)) == 1  # a dry run keeps nothing
    (updated,) = import_file(path)
    assert updated.status == "updated"

    newer, older = story_versions(created.article)
    assert older.revision.get_comment() == "Imported from wire: floods.txt (created)"
    assert newer.revision.get_comment() == "Imported from wire: floods.txt (updated)"
    assert newer.revision.user is None
    body, photos = (
        next(diff for diff in diff_revisions(older, newer) if diff.name == name)
        for name in ("body", "photos")
    )
    (changed,) = body.having(CHANGED)
    assert [(run.change, run.text) for run in changed.words] == [
        (SAME, "The river fell"),
        (ADDED, "two metres"),
        (SAME, "overnight."),
    ]
    # The photos were written after the article (by bulk_create): both revisions still hold them.
    assert [block.text for block in photos.blocks] == ["Boats on a flooded street — Reuters"]
    assert not photos.changed


def test_import_revisions_name_the_version(tmp_path):
    def story(version, body):
        return ParsedStory(
            format="ninjs",
            source_ref="urn:newsml:example.com:floods",
            headline="Floods recede in Sindh",
            body_html=body,
            source_version=version,
            photos=[ParsedPhoto(caption="Boats", credit="Reuters")],
        )

    assert import_story(story("1", "<p>First take.</p>"))[0] == "created"
    assert import_story(story("2", "<p>Second take.</p>"))[0] == "updated"
    assert import_story(story("1", "<p>First take.</p>"))[0] == "unchanged"
    article = Article.objects.get(source_ref="urn:newsml:example.com:floods")
    assert [v.revision.get_comment() for v in story_versions(article)] == [
        "Imported from wire: urn:newsml:example.com:floods version 2 (updated)",
        "Imported from wire: urn:newsml:example.com:floods version 1 (created)",
    ]


def test_applying_a_held_wire_version_keeps_its_photos_in_the_revision(editor_client):
    def story(version, caption):
        return ParsedStory(
            format="ninjs",
            source_ref="urn:newsml:example.com:rain",
            headline="Rain warning for Karachi",
            body_html="<p>Heavy rain is expected.</p>",
            source_version=version,
            photos=[ParsedPhoto(caption=caption, credit="AFP")],
        )

    import_story(story("1", "Clouds over the harbour"))
    article = Article.objects.get(source_ref="urn:newsml:example.com:rain")
    save_in_admin(editor_client, article, summary="Edited on the desk.")
    assert import_story(story("2", "Rain on the harbour"))[0] == "pending"
    changelist = reverse("admin:articles_article_changelist")
    action = {"action": "apply_held_wire_version", "_selected_action": [article.pk]}
    assert editor_client.post(changelist, action).status_code == 302

    applied, desk_edit = list(story_versions(article))[:2]
    photos = next(d for d in diff_revisions(desk_edit, applied) if d.name == "photos")
    assert [(block.change, block.text) for block in photos.blocks] == [
        (CHANGED, "Rain on the harbour — AFP")
    ]


# The diff itself ----------------------------------------------------------------------------------


def test_body_paragraphs_read_as_text():
    html = "<p>One <b>bold</b> claim.</p><h2>What next</h2><ul><li>Roads</li><li>Schools</li></ul>"
    assert body_paragraphs(html) == [
        "One bold claim.",
        "Subheading: What next",
        "• Roads",
        "• Schools",
    ]


def test_word_diff_keeps_reading_order():
    runs = diff_words("Floods recede in Sindh", "Floods recede across all of Sindh")
    assert [(run.change, run.text) for run in runs] == [
        (SAME, "Floods recede"),
        (REMOVED, "in"),
        (ADDED, "across all of"),
        (SAME, "Sindh"),
    ]
