"""``manage.py import_wire PATH [PATH ...]``: import wire copy from files and folders."""

import json
import sys
from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from articles.wire.formats import FORMAT_CHOICES
from articles.wire.importer import FAILED, STATUSES, import_file, wire_files

PROGRESS_EVERY = 100


class Command(BaseCommand):
    help = "Import wire copy (files, or folders searched recursively) as draft articles."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--format", choices=FORMAT_CHOICES, help="Skip detection: force a format."
        )
        parser.add_argument("--publish", action="store_true", help="Imported stories go live.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse and report; save nothing."
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="One JSON object per file per line on stdout.",
        )

    def handle(self, *args, **options):
        files = list(wire_files(options["paths"]))
        counts = Counter()
        for number, path in enumerate(files, start=1):
            outcome = import_file(
                path,
                format=options["format"],
                publish=options["publish"],
                dry_run=options["dry_run"],
            )
            counts[outcome.status] += 1
            self.report(outcome, options["json"])
            if len(files) > PROGRESS_EVERY and number % PROGRESS_EVERY == 0:
                self.stderr.write(f"… {number}/{len(files)} files")

        summary = ", ".join(f"{counts[status]} {status}" for status in STATUSES)
        prefix = "Dry run, nothing saved: " if options["dry_run"] else ""
        self.stderr.write(f"{prefix}{summary} ({len(files)} files)")
        if counts[FAILED] or not files:
            raise CommandError(
                f"{counts[FAILED]} of {len(files)} files failed" if files else "no files found"
            )

    def report(self, outcome, as_json):
        if as_json:
            self.stdout.write(json.dumps(outcome.as_dict(), ensure_ascii=False))
        elif outcome.status == FAILED:
            self.stderr.write(f"{outcome.path}: {outcome.error}")
        else:
            article = outcome.article
            where = f" → {article.get_absolute_url()}" if article.pk else ""
            self.stdout.write(f"{outcome.status}: {outcome.path}{where}")
        sys.stdout.flush()
