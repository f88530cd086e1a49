"""``manage.py import_wire PATH [PATH ...]``: import wire copy from files, folders, drop folders."""

import json
import logging
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.wire.batch import ImportRun, RunOptions
from articles.wire.formats import FORMAT_CHOICES
from articles.wire.importer import FAILED, PENDING, STALE, STATUSES

import_log = logging.getLogger("articles.import")


class Command(BaseCommand):
    help = "Import wire copy (files, or folders searched recursively) as draft articles."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--format", choices=FORMAT_CHOICES, help="Force a format.")
        parser.add_argument("--publish", action="store_true", help="New stories go live.")
        parser.add_argument("--dry-run", action="store_true", help="Report; save nothing.")
        parser.add_argument(
            "--force-update",
            action="store_true",
            help="Apply newer wire versions even to stories an editor has changed.",
        )
        parser.add_argument("--json", action="store_true", help="One JSON object per story.")
        parser.add_argument("--archive", type=Path, help="Move each imported file here.")
        parser.add_argument(
            "--quarantine", type=Path, help="Move each failed file here, with NAME.error.txt."
        )
        parser.add_argument(
            "--watch",
            action="store_true",
            help="Keep polling the folder for new files until stopped (needs --archive).",
        )
        parser.add_argument("--interval", type=float, default=2.0, help="Seconds between polls.")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=200,
            help="Files imported together; new stories go in by bulk inserts (default 200).",
        )

    def handle(self, *args, **options):
        self.started = time.monotonic()
        self.as_json = options["json"]
        self.on_terminal = self.stderr.isatty()
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        run = ImportRun(
            RunOptions(
                format=options["format"],
                publish=options["publish"],
                dry_run=options["dry_run"],
                force_update=options["force_update"],
                archive=options["archive"],
                quarantine=options["quarantine"],
                batch_size=options["batch_size"],
            ),
            report=self.report,
        )
        if options["watch"]:
            self.watch(run, options)
        else:
            run.run(options["paths"], progress=self.progress if self.on_terminal else None)
            if not run.files_found:
                raise CommandError("no files found")
        self.finish(run, dry_run=options["dry_run"])

    def watch(self, run, options):
        if len(options["paths"]) != 1 or not Path(options["paths"][0]).is_dir():
            raise CommandError("--watch takes exactly one folder")
        if options["archive"] is None:
            raise CommandError("--watch needs --archive, so that each file is imported once")
        folder = Path(options["paths"][0]).resolve()
        for other in (options["archive"], options["quarantine"]):
            if other is not None and other.resolve().is_relative_to(folder):
                raise CommandError(f"{other} is inside the watched folder; put it elsewhere")
        self.stderr.write(f"Watching {folder} (stop with Ctrl-C or SIGTERM)")
        run.watch(folder, interval=options["interval"])

    def report(self, outcome):
        if self.as_json:
            self.stdout.write(json.dumps(outcome.as_dict(), ensure_ascii=False))
        elif outcome.status == FAILED:
            self.stderr.write(f"{outcome.path}: {outcome.error}")
        elif not self.on_terminal:
            article = outcome.article
            where = f" → {article.get_absolute_url()}" if article.pk else ""
            self.stdout.write(f"{outcome.status}: {outcome.path}{where}")

    def progress(self, done, total):
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + "." * (width - filled)
        self.stderr.write(f"\r[{bar}] {done}/{total} files", ending="")
        if done == total:
            self.stderr.write("")

    def finish(self, run, *, dry_run):
        counts = run.counts
        # Stale and pending are named only when they happened; a file of several stories
        # counts each story, and a file that failed whole counts once.
        shown = [s for s in STATUSES if counts[s] or s not in (STALE, PENDING)]
        summary = ", ".join(f"{counts[status]} {status}" for status in shown)
        prefix = "Dry run, nothing saved: " if dry_run else ""
        self.stderr.write(f"{prefix}{summary} ({run.files_done} files)")
        import_log.info(
            "import.run",
            extra={
                "totals": {status: counts[status] for status in STATUSES},
                "files": run.files_done,
                "dry_run": dry_run,
                "duration_ms": round((time.monotonic() - self.started) * 1000, 1),
            },
        )
        if counts[FAILED]:
            raise CommandError(f"{counts[FAILED]} of {sum(counts.values())} stories failed")
