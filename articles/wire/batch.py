"""Import runs over many files: archive and quarantine, claiming files, and a watched folder.

A run claims a file before reading it (an atomic rename to a hidden name in the same folder)
whenever it will move the file afterwards, so two importers on one drop folder never read
the same file twice and never lose one: whoever renames first owns it.
"""

import logging
import os
import signal
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.db import reset_queries

from .bulk import import_files
from .importer import FAILED, wire_files

logger = logging.getLogger(__name__)
import_log = logging.getLogger("articles.import")  # one JSON line per story and per run


@dataclass
class RunOptions:
    format: str | None = None
    publish: bool = False
    dry_run: bool = False
    force_update: bool = False
    archive: Path | None = None
    quarantine: Path | None = None
    batch_size: int = 200  # files read and imported together (new stories in bulk)

    @property
    def moves_files(self):
        return not self.dry_run and (self.archive is not None or self.quarantine is not None)


class ImportRun:
    """Imports files a batch at a time, reporting each outcome to ``report`` as it comes."""

    def __init__(self, options, report=lambda outcome: None):
        self.options = options
        self.report = report
        self.counts = Counter()
        self.files_done = 0
        self.files_found = 0  # more than done when another importer took some

    def run(self, paths, progress=None):
        total = sum(1 for _ in wire_files(paths)) if progress else 0
        batch = []
        for path in wire_files(paths):
            self.files_found += 1
            batch.append(path)
            if len(batch) >= self.options.batch_size:
                self.import_paths(batch)
                batch = []
                if progress:
                    progress(self.files_done, total)
        if batch:
            self.import_paths(batch)
        if progress:
            progress(self.files_done, total)

    def import_path(self, path):
        return self.import_paths([path])

    def import_paths(self, paths):
        """Import files as one batch (articles/wire/bulk.py); each file's outcomes are reported,
        and the file put away, in the order given. Returns the outcomes."""
        started = time.monotonic()
        claimed = {}
        for path in map(Path, paths):
            owned = self._claim(path) if self.options.moves_files else path
            if owned is not None:  # else another importer took it
                claimed[path] = owned
        per_file = import_files(
            list(claimed.values()),
            format=self.options.format,
            publish=self.options.publish,
            dry_run=self.options.dry_run,
            force_update=self.options.force_update,
        )
        # A batch is written together: each story's share of its time is what a log can say.
        duration_ms = round((time.monotonic() - started) * 1000 / max(len(claimed), 1), 1)
        done = []
        for (path, owned), outcomes in zip(claimed.items(), per_file, strict=True):
            for outcome in outcomes:
                outcome.path = str(path)
                self.counts[outcome.status] += 1
                level = logging.WARNING if outcome.status == FAILED else logging.INFO
                fields = {**outcome.as_log(), "duration_ms": duration_ms}
                import_log.log(level, "import.story", extra=fields)
                self.report(outcome)
            if owned != path:
                self._put_away(owned, path, outcomes)
            self.files_done += 1
            done += outcomes
        reset_queries()  # with DEBUG on, Django keeps every query: memory must stay flat
        return done

    def _claim(self, path):
        claimed = path.with_name(f".{path.name}.claimed-{os.getpid()}")
        try:
            path.rename(claimed)
        except FileNotFoundError:
            return None
        return claimed

    def _put_away(self, claimed, original, outcomes):
        failed = [o for o in outcomes if o.status == FAILED]
        folder = self.options.quarantine if failed else self.options.archive
        if folder is None:
            claimed.rename(original)
            return
        folder.mkdir(parents=True, exist_ok=True)
        destination = _free_name(folder / original.name)
        claimed.rename(destination)
        if failed:
            errors = "".join(f"{o.error}\n" for o in failed)
            destination.with_name(destination.name + ".error.txt").write_text(errors)

    def watch(self, folder, *, interval=2.0, settle=None, stop=None, max_polls=None):
        """Poll a drop folder, importing each file once it has stopped changing.

        A file is read when its size and modification time have not changed for ``settle``
        seconds (one poll interval by default), so a file still being written is left alone.
        Stops on SIGTERM or SIGINT after the batch in hand, when ``stop()`` is true, or after
        ``max_polls`` polls.
        """
        settle = interval if settle is None else settle
        stopping = []
        if stop is None:
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stopping.append(True))
            stop = lambda: bool(stopping)  # noqa: E731
        unchanged_since, polls = {}, 0
        while not stop() and (max_polls is None or polls < max_polls):
            polls += 1
            now, current = time.monotonic(), {}
            for path in wire_files([folder]):
                signature = _signature(path)
                if signature is None:
                    continue
                previous = unchanged_since.get(path)
                current[path] = (
                    previous
                    if previous and previous[0] == signature
                    else (
                        signature,
                        now,
                    )
                )
            unchanged_since = current
            settled = [path for path, (_, since) in current.items() if now - since >= settle]
            size = self.options.batch_size
            for start in range(0, len(settled), size):
                if stop():
                    break
                self.import_paths(settled[start : start + size])
            deadline = time.monotonic() + interval
            while time.monotonic() < deadline and not stop():
                time.sleep(0.1)


def _signature(path):
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return (stat.st_size, stat.st_mtime_ns)


def _free_name(path):
    """The path itself, or NAME.2.EXT, NAME.3.EXT… when something is already there."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}.{number}{path.suffix}")
    return candidate
