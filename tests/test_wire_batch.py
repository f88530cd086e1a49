"""Import runs over folders: archive, quarantine, watched drop folders, two importers at once."""

import io
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles.models import Article
from articles.wire.batch import ImportRun, RunOptions
from tests.pagetext import page_text

PROJECT = Path(__file__).resolve().parent.parent


def write_stories(folder, count, start=0):
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(start, start + count):
        day = date(2024, 1, 1) + timedelta(days=number % 300)
        (folder / f"story-{number:04}.txt").write_bytes(page_text(f"Story {number}", on=day))


@pytest.mark.django_db
def test_archive_and_quarantine_sort_the_drop_folder(tmp_path):
    inbox, archive, quarantine = tmp_path / "in", tmp_path / "done", tmp_path / "bad"
    write_stories(inbox, 3)
    (inbox / "broken.txt").write_bytes(b"pakistan\n")
    with pytest.raises(CommandError, match="1 of 4 stories failed"):
        call_command(
            "import_wire",
            str(inbox),
            archive=archive,
            quarantine=quarantine,
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert list(inbox.iterdir()) == []
    assert sorted(p.name for p in archive.iterdir()) == [f"story-000{n}.txt" for n in range(3)]
    assert sorted(p.name for p in quarantine.iterdir()) == ["broken.txt", "broken.txt.error.txt"]
    reason = (quarantine / "broken.txt.error.txt").read_text()
    assert reason == "missing the date: the file ends after line 1\n"
    assert Article.objects.count() == 3


@pytest.mark.django_db
def test_a_second_file_of_the_same_name_does_not_overwrite_the_archived_one(tmp_path):
    inbox, archive = tmp_path / "in", tmp_path / "done"
    for headline in ["First", "Second"]:
        inbox.mkdir(exist_ok=True)
        (inbox / "same.txt").write_bytes(page_text(headline))
        ImportRun(RunOptions(archive=archive)).run([inbox])
    assert sorted(p.name for p in archive.iterdir()) == ["same.2.txt", "same.txt"]


@pytest.mark.django_db
def test_dry_run_moves_nothing(tmp_path):
    inbox = tmp_path / "in"
    write_stories(inbox, 2)
    ImportRun(RunOptions(dry_run=True, archive=tmp_path / "done")).run([inbox])
    assert len(list(inbox.iterdir())) == 2 and not (tmp_path / "done").exists()
    assert Article.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_watch_imports_files_as_they_arrive_but_not_half_written(tmp_path):
    inbox, archive = tmp_path / "in", tmp_path / "done"
    inbox.mkdir()
    seen = []
    run = ImportRun(RunOptions(archive=archive), report=seen.append)
    done = threading.Event()
    watcher = threading.Thread(
        target=run.watch,
        args=(inbox,),
        kwargs={"interval": 0.05, "settle": 0.5, "stop": done.is_set},
    )
    watcher.start()
    try:
        growing, full = inbox / "growing.txt", page_text("Arrives slowly")

        release = threading.Event()

        def slow_writer():
            """Appends a little every 0.1 s, never finishing until released."""
            size = 5
            while not release.is_set():
                growing.write_bytes(full[: min(size, len(full) - 1)])
                size += 5
                time.sleep(0.1)
            growing.write_bytes(full)

        writer = threading.Thread(target=slow_writer)
        writer.start()
        write_stories(inbox, 2)
        deadline = time.monotonic() + 30
        while len(seen) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [o.status for o in seen] == ["created", "created"]
        assert growing.exists()  # still being written: left alone
        release.set()
        writer.join()
        while len(seen) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        done.set()
        watcher.join(timeout=10)
    assert [o.status for o in seen] == ["created"] * 3
    assert Article.objects.filter(headline="Arrives slowly").exists()
    assert sorted(p.name for p in archive.iterdir()) == [
        "growing.txt",
        "story-0000.txt",
        "story-0001.txt",
    ]


def test_watch_needs_an_archive_outside_the_folder(tmp_path):
    with pytest.raises(CommandError, match="--watch needs --archive"):
        call_command("import_wire", str(tmp_path), watch=True)
    with pytest.raises(CommandError, match="inside the watched folder"):
        call_command("import_wire", str(tmp_path), watch=True, archive=tmp_path / "done")


def importer_process(*args):
    database = connection.settings_dict
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings.test",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "import_wire", *map(str, args)],
        cwd=PROJECT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


needs_postgres = pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", ""),
    reason="needs a database other processes can reach: PostgreSQL (CI runs it)",
)


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_importers_on_one_folder_make_no_duplicates_and_lose_no_file(tmp_path):
    inbox, archive = tmp_path / "in", tmp_path / "done"
    write_stories(inbox, 60)
    # The same stories again under other names: both processes race on the same identities.
    write_stories(inbox / "again", 60)
    # Small batches, so that both take files before the other has claimed them all.
    first = importer_process(inbox, "--archive", archive, "--json", "--batch-size", "5")
    second = importer_process(inbox, "--archive", archive, "--json", "--batch-size", "5")
    outputs = [process.communicate(timeout=300) for process in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], [err for _, err in outputs]
    assert Article.objects.count() == 60
    assert len(set(Article.objects.values_list("source_ref", flat=True))) == 60
    assert len(list(archive.iterdir())) == 120  # every file archived exactly once
    assert not any(p.is_file() for p in inbox.rglob("*"))


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_sigterm_stops_a_watching_importer_cleanly(tmp_path):
    inbox, archive = tmp_path / "in", tmp_path / "done"
    write_stories(inbox, 5)
    process = importer_process(inbox, "--watch", "--interval", "0.2", "--archive", archive)
    deadline = time.monotonic() + 60
    while Article.objects.count() < 5 and time.monotonic() < deadline:
        time.sleep(0.2)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "5 created, 0 updated, 0 unchanged, 0 failed (5 files)" in err
    assert len(list(archive.iterdir())) == 5
