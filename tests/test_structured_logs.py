"""Structured logs: one JSON object per imported story, per import run and per status change."""

import io
import json
import logging

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from newsdesk.jsonlog import JSONFormatter
from tests.desk import client_for, make_staff, transition_url
from tests.factories import make_article
from tests.pagetext import page_text

pytestmark = pytest.mark.django_db


def events(caplog, logger):
    return [record for record in caplog.records if record.name == logger]


def as_json(record):
    return json.loads(JSONFormatter().format(record))


def import_wire(*paths):
    call_command("import_wire", *map(str, paths), stdout=io.StringIO(), stderr=io.StringIO())


def test_import_logs_each_story_and_the_run(tmp_path, caplog):
    good = tmp_path / "floods.txt"
    good.write_bytes(page_text("Floods recede in the south"))
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"pakistan\n")
    caplog.set_level(logging.INFO, logger="articles.import")
    with pytest.raises(CommandError):
        import_wire(good, broken)

    story_lines = [as_json(r) for r in events(caplog, "articles.import")]
    by_path = {line["path"]: line for line in story_lines if line["event"] == "import.story"}
    article = Article.objects.get()
    created = by_path[str(good)]
    assert created["logger"] == "articles.import" and created["level"] == "INFO"
    assert (created["format"], created["status"], created["article_id"], created["error"]) == (
        "page-text",
        "created",
        article.pk,
        None,
    )
    assert isinstance(created["duration_ms"], float) and created["duration_ms"] >= 0
    failed = by_path[str(broken)]
    assert (failed["status"], failed["article_id"], failed["level"]) == ("failed", None, "WARNING")
    assert failed["error"] == "missing the date: the file ends after line 1"

    (run,) = [line for line in story_lines if line["event"] == "import.run"]
    assert run["totals"] == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "stale": 0,
        "pending": 0,
        "failed": 1,
    }
    assert run["files"] == 2 and run["dry_run"] is False and run["duration_ms"] >= 0


def test_reimport_logs_unchanged(tmp_path, caplog):
    story = tmp_path / "floods.txt"
    story.write_bytes(page_text("Floods recede in the south"))
    caplog.set_level(logging.INFO, logger="articles.import")
    import_wire(story)
    caplog.clear()
    import_wire(story)
    (line,) = [as_json(r) for r in events(caplog, "articles.import") if r.msg == "import.story"]
    assert line["status"] == "unchanged"
    assert line["article_id"] == Article.objects.get().pk


def test_publishing_transitions_are_logged(caplog):
    editor = make_staff("editor", "nadia")
    article = make_article("Budget passed", status=Article.Status.DRAFT, published_at=None)
    caplog.set_level(logging.INFO, logger="articles.workflow")
    client = client_for(editor)
    assert client.post(transition_url(article, "publish")).status_code == 302
    client.post(transition_url(article, "withdraw"), {"reason": "Legal advice"})

    lines = [as_json(r) for r in events(caplog, "articles.workflow")]
    assert [(line["from_status"], line["to_status"]) for line in lines] == [
        ("draft", "published"),
        ("published", "withdrawn"),
    ]
    for line in lines:
        assert line["event"] == "workflow.transition"
        assert line["article_id"] == article.pk
        assert line["user"] == "nadia"
        assert line["at"].startswith(str(article.status_changes.first().at.date()))


def test_formatter_writes_one_json_object_a_line():
    record = logging.makeLogRecord(
        {"name": "articles.import", "levelname": "INFO", "msg": "import.story", "path": "a\nb"}
    )
    line = JSONFormatter().format(record)
    assert "\n" not in line
    assert json.loads(line)["path"] == "a\nb"
