"""What a wire desk relies on, format aside: versions, kills, embargoes, corrections, holds."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Correction, RelatedStory
from articles.wire.importer import import_story
from articles.wire.story import CANCELED, WITHHELD, ParsedCredit, ParsedLink, ParsedStory

pytestmark = pytest.mark.django_db


def wire_story(**fields):
    story = ParsedStory(
        format="ninjs",
        source_ref="urn:newsml:example.com:20240305:floods",
        headline="Floods recede in the south",
        body_html="<p>The river fell overnight.</p>",
        credits=[ParsedCredit("Sara Khan", "person"), ParsedCredit("AFP", "agency")],
        published_at=datetime(2024, 3, 5, 6, 0, tzinfo=UTC),
        version_created=datetime(2024, 3, 5, 6, 0, tzinfo=UTC),
        source_version="1",
        provider="AFP",
    )
    return replace(story, **fields)


def test_newer_version_updates_in_place_and_keeps_the_old_one():
    status, article = import_story(wire_story(), publish=True)
    assert status == "created"
    status, again = import_story(
        wire_story(source_version="2", body_html="<p>The river fell by two metres.</p>")
    )
    assert (status, again.pk) == ("updated", article.pk)
    article.refresh_from_db()
    assert "two metres" in article.body and article.updated_at is not None
    assert [v.source_version for v in article.wire_versions.order_by("pk")] == ["1", "2"]
    assert (
        article.wire_versions.first().story["body_html"] == "<p>The river fell by two metres.</p>"
    )


def test_older_or_equal_version_is_stale_and_changes_nothing():
    import_story(wire_story(source_version="978556838"))
    import_story(wire_story(source_version="1542761538", headline="Second"))
    for version in ["978556838", "1542761538"]:
        status, _ = import_story(wire_story(source_version=version, headline="Old"))
        assert status == "stale"
    assert Article.objects.get().headline == "Second"


def test_without_numbers_version_time_decides():
    early = datetime(2024, 3, 5, 6, 0, tzinfo=UTC)
    import_story(wire_story(source_version="", version_created=early + timedelta(hours=1)))
    status, _ = import_story(wire_story(source_version="", version_created=early, headline="x"))
    assert status == "stale"


def test_kill_withdraws_keeps_the_text_and_answers_410(client):
    _, article = import_story(wire_story(), publish=True)
    assert client.get(article.get_absolute_url()).status_code == 200
    kill = wire_story(source_version="2", pubstatus=CANCELED, body_html="", editor_note="KILL")
    status, _ = import_story(kill)
    assert status == "updated"
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN
    assert article.withdrawal_reason == "KILL" and article.withdrawn_at is not None
    assert article.body == "<p>The river fell overnight.</p>"  # kept for the record
    response = client.get(article.get_absolute_url())
    assert response.status_code == 410
    assert b"withdrawn" in response.content and b"The river fell" not in response.content
    assert article.headline.encode() not in client.get("/latest/").content


def test_a_kill_that_overtakes_its_story_keeps_it_from_ever_going_public(client):
    status, article = import_story(wire_story(source_version="2", pubstatus=CANCELED))
    assert status == "created"
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN
    assert import_story(wire_story(source_version="1"), publish=True)[0] == "stale"
    assert not Article.objects.published().exists()
    assert client.get(article.get_absolute_url()).status_code == 410


def test_kill_naming_an_earlier_document_by_its_id_finds_it():
    _, article = import_story(wire_story(source_ref="AP-1"), publish=True)
    import_story(wire_story(source_ref="AP-KILL-9", replaces=["AP-1"], pubstatus=CANCELED))
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN
    assert Article.objects.count() == 1


def test_embargo_holds_even_a_published_story_until_its_time(client, time_machine):
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    _, article = import_story(wire_story(embargo_until=now + timedelta(hours=2)), publish=True)
    assert article.status == Article.Status.PUBLISHED
    assert client.get(article.get_absolute_url()).status_code == 404
    assert not Article.objects.published().exists()
    time_machine.move_to(now + timedelta(hours=2, seconds=1), tick=False)
    assert client.get(article.get_absolute_url()).status_code == 200


def test_withheld_copy_arrives_as_a_flagged_draft_even_with_publish():
    status, article = import_story(
        wire_story(pubstatus=WITHHELD, editor_note="Not for publication"), publish=True
    )
    article.refresh_from_db()
    assert (status, article.status, article.needs_attention) == ("created", "draft", True)
    assert article.desk_note == "Not for publication"


def test_withheld_update_takes_a_live_story_down_for_the_desk():
    import_story(wire_story(), publish=True)
    _, article = import_story(wire_story(source_version="2", pubstatus=WITHHELD))
    article.refresh_from_db()
    assert (article.status, article.needs_attention) == ("draft", True)


def test_correction_adds_a_dated_notice_once(client):
    import_story(wire_story(), publish=True)
    corrected = wire_story(
        source_version="2",
        body_html="<p>The river fell overnight in Sukkur.</p>",
        correction_note="An earlier version misnamed the city.",
    )
    import_story(corrected)
    import_story(replace(corrected, source_version="3"))
    assert list(Correction.objects.values_list("text", flat=True)) == [
        "An earlier version misnamed the city."
    ]
    page = client.get(Article.objects.get().get_absolute_url()).content.decode()
    assert "An earlier version misnamed the city." in page


def test_update_to_a_story_edited_here_is_held_unless_forced():
    _, article = import_story(wire_story(), publish=True)
    article.headline = "Desk's better headline"
    article.save()
    status, _ = import_story(wire_story(source_version="2", headline="Wire headline v2"))
    article.refresh_from_db()
    assert (status, article.headline, article.needs_attention) == (
        "pending",
        "Desk's better headline",
        True,
    )
    assert article.wire_versions.filter(state="pending").count() == 1
    status, _ = import_story(
        wire_story(source_version="3", headline="Wire headline v3"), force_update=True
    )
    article.refresh_from_db()
    assert (status, article.headline) == ("updated", "Wire headline v3")


def test_related_links_by_identity_and_by_address():
    import_story(
        wire_story(
            related=[
                ParsedLink(ref="urn:newsml:example.com:20240305:dams", headline="Dams"),
                ParsedLink(url="https://example.com/video", headline="Video"),
                ParsedLink(url="javascript:alert(1)", headline="Bad link"),
            ]
        )
    )
    _, dams = import_story(
        wire_story(source_ref="urn:newsml:example.com:20240305:dams", headline="Dams fill up")
    )
    rows = list(RelatedStory.objects.order_by("position"))
    assert rows[0].target == dams
    assert (rows[1].url, rows[2].url) == ("https://example.com/video", "")


def test_a_refile_of_the_same_version_number_applies_when_it_is_later():
    first = datetime(2024, 3, 5, 6, 0, tzinfo=UTC)
    import_story(wire_story(version_created=first))
    refile = wire_story(version_created=first + timedelta(minutes=5), headline="Refiled")
    assert import_story(refile)[0] == "updated"
    older = wire_story(version_created=first + timedelta(minutes=1), headline="Late arrival")
    assert import_story(older)[0] == "stale"
    assert import_story(wire_story(version_created=None, headline="No time"))[0] == "stale"


def test_an_editor_can_apply_the_held_version_from_the_admin(admin_client):
    _, article = import_story(wire_story(), publish=True)
    article.headline = "Desk's headline"
    article.save()
    import_story(wire_story(source_version="2", headline="Wire headline v2"))
    response = admin_client.post(
        "/admin/articles/article/",
        {"action": "apply_held_wire_version", "_selected_action": [article.pk]},
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.needs_attention) == ("Wire headline v2", False)
    assert list(article.wire_versions.values_list("state", flat=True)) == ["applied", "applied"]
    assert article.source_version == "2"
