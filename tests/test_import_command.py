"""``import_wire`` through call_command: statuses, options, idempotence, reuse and atomicity."""

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from articles.models import Agency, Article, Author, RelatedStory, Section
from tests.pagetext import page_text

pytestmark = pytest.mark.django_db


def run(*args, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_wire", *map(str, args), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def json_lines(out):
    return [json.loads(line) for line in out.splitlines()]


@pytest.fixture
def story_file(tmp_path):
    path = tmp_path / "floods.txt"
    path.write_bytes(
        page_text(
            "Floods recede in the south",
            byline="Sara Khan & APP",
            lead_photo="Boats on a street. — Reuters",
            highlights=["Water down two metres."],
            paragraphs=["The river fell overnight.", "Shops reopened."],
            related=["Dams near capacity"],
        )
    )
    return path


def test_json_reports_one_object_per_file(story_file, tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"pakistan\n")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_wire", str(story_file), str(broken), json=True, stdout=out)
    created, failed = json_lines(out.getvalue())
    assert (created["status"], failed["status"], failed["path"]) == (
        "created",
        "failed",
        str(broken),
    )
    assert failed["error"] == "missing the date: the file ends after line 1"
    out, _ = run(story_file, json=True)
    [report] = json_lines(out)
    article = Article.objects.get()
    assert report == {
        "path": str(story_file),
        "format": "page-text",
        "status": "unchanged",
        "id": article.pk,
        "url": article.get_absolute_url(),
        "error": None,
    }


def test_created_then_unchanged_then_updated_in_place(story_file):
    out, err = run(story_file, json=True)
    assert json_lines(out)[0]["status"] == "created"
    assert err.strip() == "1 created, 0 updated, 0 unchanged, 0 failed (1 files)"
    first = Article.objects.get()

    out, _ = run(story_file, json=True)
    assert json_lines(out)[0]["status"] == "unchanged"
    unchanged = Article.objects.get()
    assert unchanged.modified_at == first.modified_at
    assert unchanged.updated_at is None

    story_file.write_bytes(
        story_file.read_bytes().replace(b"Shops reopened.", b"Most shops reopened.")
    )
    out, _ = run(story_file, json=True)
    [report] = json_lines(out)
    assert (report["status"], report["id"]) == ("updated", first.pk)
    updated = Article.objects.get()
    assert "Most shops reopened." in updated.body
    assert updated.updated_at is not None
    assert updated.photos.count() == 1 and updated.credits.count() == 2
    assert RelatedStory.objects.count() == 1


def test_corrected_headline_under_the_same_file_name_updates(story_file):
    run(story_file)
    story_file.write_bytes(
        story_file.read_bytes().replace(b"Floods recede", b"Flood waters recede")
    )
    out, _ = run(story_file, json=True)
    assert json_lines(out)[0]["status"] == "updated"
    assert Article.objects.get().headline == "Flood waters recede in the south"


def test_same_story_under_another_file_name_is_unchanged(story_file, tmp_path):
    run(story_file)
    copy = tmp_path / "copy" / "floods-again.txt"
    copy.parent.mkdir()
    copy.write_bytes(story_file.read_bytes().replace(b"\n", b"\r\n"))
    out, _ = run(copy, json=True)
    assert json_lines(out)[0]["status"] == "unchanged"
    assert Article.objects.count() == 1


def test_agencies_authors_sections_and_related_are_reused(tmp_path):
    for number in range(3):
        (tmp_path / f"s{number}.txt").write_bytes(
            page_text(f"Story {number}", section="sports", byline="Sara Khan & APP")
        )
    sections, agencies = Section.objects.count(), Agency.objects.count()
    run(tmp_path)
    assert Article.objects.count() == 3
    assert Author.objects.filter(name="Sara Khan").count() == 1
    assert Agency.objects.count() == agencies  # APP is a seeded agency
    assert Section.objects.count() == sections  # sports is a seeded section
    for article in Article.objects.all():
        assert [str(c) for c in article.byline] == ["Sara Khan", "APP"]


def test_unknown_desk_names_become_agencies_and_people_authors(tmp_path):
    (tmp_path / "a.txt").write_bytes(page_text("One", byline="Staff Reporter"))
    (tmp_path / "b.txt").write_bytes(page_text("Two", byline="KPN"))
    (tmp_path / "c.txt").write_bytes(page_text("Three", byline="Zainab Malik"))
    run(tmp_path)
    assert Agency.objects.filter(code__in=["Staff Reporter", "KPN"]).count() == 2
    assert Author.objects.get().name == "Zainab Malik"


def test_new_section_is_named_from_the_more_from_line(tmp_path):
    (tmp_path / "a.txt").write_bytes(
        page_text("Probe lands", section="science", related=["Other"], more_from="Science & Tech")
    )
    run(tmp_path)
    assert Section.objects.get(slug="science").name == "Science & Tech"


def test_drafts_by_default_and_live_with_publish(tmp_path):
    (tmp_path / "a.txt").write_bytes(page_text("Draft story"))
    (tmp_path / "b.txt").write_bytes(page_text("Live story", on=date(2024, 3, 6)))
    run(tmp_path / "a.txt")
    run(tmp_path / "b.txt", publish=True)
    assert Article.objects.get(headline="Draft story").status == "draft"
    assert list(Article.objects.published().values_list("headline", flat=True)) == ["Live story"]


def test_dry_run_saves_nothing(story_file):
    out, err = run(story_file, dry_run=True, json=True)
    [report] = json_lines(out)
    assert (report["status"], report["id"], report["url"]) == ("created", None, None)
    assert err.startswith("Dry run, nothing saved: 1 created")
    assert Article.objects.count() == 0
    assert Author.objects.filter(name="Sara Khan").count() == 0


def test_failed_file_names_itself_and_the_run_goes_on(story_file, tmp_path):
    bad = tmp_path / "aaa-bad.txt"
    bad.write_bytes(b"pakistan\nMonday Jan 09 2023\nBy\nAPP\n")
    missing = tmp_path / "nowhere.txt"
    with pytest.raises(CommandError, match="2 of 3 stories failed"):
        run(bad, story_file, missing)
    assert Article.objects.count() == 1


def test_failure_midway_through_a_story_leaves_nothing_of_it(story_file, tmp_path, monkeypatch):
    """A story is one transaction: a fault after the article row is written rolls it all back."""
    original_save = RelatedStory.save

    def failing_save(self, *args, **kwargs):
        if self.headline == "Dams near capacity":
            raise RuntimeError("disk full")
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(RelatedStory, "save", failing_save)
    other = tmp_path / "other.txt"
    other.write_bytes(page_text("Unrelated story"))
    with pytest.raises(CommandError, match="1 of 2 stories failed"):
        run(story_file, other)
    assert list(Article.objects.values_list("headline", flat=True)) == ["Unrelated story"]
    assert not Author.objects.filter(name="Sara Khan").exists()


def test_forced_format_overrides_detection(tmp_path):
    page = tmp_path / "story.json"
    page.write_bytes(page_text("Saved under a misleading name"))
    out, _ = run(page, format="page-text", json=True)
    assert json_lines(out)[0]["status"] == "created"

    ninjs = tmp_path / "story.txt"
    ninjs.write_bytes(b'{"uri": "urn:x:1", "headline": "JSON, not page text"}')
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 of 1 stories failed"):
        call_command("import_wire", str(ninjs), format="page-text", json=True, stdout=out)
    report = json_lines(out.getvalue())[0]
    assert (report["status"], report["format"]) == ("failed", "page-text")
    assert report["error"].startswith("line 1: expected a section name")


def test_missing_path_and_empty_folder_are_errors(tmp_path):
    with pytest.raises(CommandError, match="1 of 1 stories failed"):
        run(tmp_path / "absent.txt")
    (tmp_path / "empty").mkdir()
    with pytest.raises(CommandError, match="no files found"):
        run(tmp_path / "empty")


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_line_per_file_in_logs_and_a_progress_bar_on_a_terminal(tmp_path):
    for number in range(3):
        (tmp_path / f"{number:03}.txt").write_bytes(page_text(f"Batch story {number}"))
    out, _ = run(tmp_path)
    assert [line.split(":")[0] for line in out.splitlines()] == ["created"] * 3
    (tmp_path / "003.txt").write_bytes(b"pakistan\n")
    terminal_out, terminal = io.StringIO(), Terminal()
    with pytest.raises(CommandError):
        call_command("import_wire", str(tmp_path), stdout=terminal_out, stderr=terminal)
    assert terminal_out.getvalue() == ""  # on a terminal only failures get a line of their own
    assert "\r[" + "#" * 30 + "] 4/4 files" in terminal.getvalue()
    assert "003.txt: missing the date" in terminal.getvalue()


def test_different_stories_sharing_a_file_name_stay_apart(tmp_path):
    for folder, headline, lede in [
        ("a", "Floods hit Sindh", "Rain fell."),
        ("b", "Budget passed", "MPs voted."),
    ]:
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_bytes(page_text(headline, paragraphs=[lede]))
    out, _ = run(tmp_path / "a", tmp_path / "b", json=True)
    assert [r["status"] for r in json_lines(out)] == ["created", "created"]
    assert Article.objects.count() == 2


def test_every_version_received_is_known_so_reruns_are_idempotent(tmp_path):
    """An old and a corrected copy in one batch: the second run changes nothing."""
    for folder, headline in [("c1", "Floods recede"), ("c2", "Flood waters recede")]:
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "app.txt").write_bytes(page_text(headline))
    first, _ = run(tmp_path, json=True)
    assert [r["status"] for r in json_lines(first)] == ["created", "updated"]
    again, _ = run(tmp_path, json=True)
    assert [r["status"] for r in json_lines(again)] == ["unchanged", "unchanged"]
    article = Article.objects.get()
    assert article.headline == "Flood waters recede"
    assert article.wire_versions.count() == 2


def test_non_latin_headlines_and_bylines_keep_their_identity(tmp_path):
    (tmp_path / "a.txt").write_bytes(page_text("کراچی میں بارش", byline="سارہ احمد"))
    (tmp_path / "b.txt").write_bytes(page_text("لاہور میں دھند", byline="علی خان"))
    out, _ = run(tmp_path, json=True)
    assert [r["status"] for r in json_lines(out)] == ["created", "created"]
    assert sorted(Author.objects.values_list("name", flat=True)) == ["سارہ احمد", "علی خان"]
    assert [str(a.byline[0]) for a in Article.objects.order_by("pk")] == ["سارہ احمد", "علی خان"]


def test_reimport_keeps_editor_tags_and_summary_and_status(story_file):
    run(story_file, publish=True)
    article = Article.objects.get()
    article.tags.add("Defence")
    article.summary = "Editor's summary."
    article.unpublish()
    story_file.write_bytes(story_file.read_bytes().replace(b"Shops reopened.", b"Shops opened."))
    run(story_file, publish=True)
    article.refresh_from_db()
    assert list(article.tags.names()) == ["Defence"]
    assert article.summary == "Editor's summary."
    assert article.status == Article.Status.DRAFT


def test_overlong_fields_are_refused_naming_the_field(tmp_path):
    (tmp_path / "long.txt").write_bytes(page_text("Headline " * 40))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_wire", str(tmp_path), json=True, stdout=out)
    error = json_lines(out.getvalue())[0]["error"]
    assert error.startswith("headline is 359 characters, over the limit of 300")
