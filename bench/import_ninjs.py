"""Benchmark: import generated ninjs stories on SQLite and PostgreSQL, in batches.

Prints stories per second and the importer's peak memory (max RSS) for 1,000 and 5,000 new
stories (``--stories``) on each database: peak memory should be about the same for both, since
the import holds one batch at a time (``--batch-size``, default 200). The time is the whole
``manage.py import_wire`` command, start-up included; the importer's own CPU time is shown
too (on a busy machine it says more than the wall clock, and the database server's share of the
work is not in it). Not a test: run it by hand, e.g.

    .venv/bin/python bench/import_ninjs.py                       # SQLite, and PostgreSQL if set
    .venv/bin/python bench/import_ninjs.py --stories 200 1000 --batch-size 100 --skip-postgres

PostgreSQL is reached at DATABASE_URL (or BENCH_POSTGRES_URL) when it names a PostgreSQL server;
a scratch database ``<that database's name>_bench`` is created there and dropped at the end.
Figures depend on the machine and on what else it is running: compare runs on one machine.
"""

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SECTIONS = ["04000000", "15000000", "13000000", "11000000"]


def write_stories(folder, count):
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for number in range(count):
        created = start + timedelta(minutes=number)
        story = {
            "uri": f"urn:newsml:bench.example:2026:story-{number}",
            "version": "1",
            "type": "text",
            "versioncreated": created.isoformat(),
            "firstcreated": created.isoformat(),
            "pubstatus": "usable",
            "language": "en",
            "headlines": [{"role": "main", "value": f"Benchmark story {number} on the wire"}],
            "descriptions": [{"role": "summary", "value": f"Summary of story {number}."}],
            "bodies": [
                {
                    "role": "main",
                    "contenttype": "text/html",
                    "value": "".join(
                        f"<p>Paragraph {p} of story {number}, with enough words to look "
                        "like a real paragraph of wire copy about the day's events.</p>"
                        for p in range(8)
                    ),
                }
            ],
            "by": f"Reporter {number % 97} and AFP",
            "located": "Karachi",
            "subjects": [{"name": f"topic {number % 50}", "uri": f"medtop:{SECTIONS[number % 4]}"}],
        }
        (folder / f"story-{number:05}.json").write_text(json.dumps(story))


# Runs manage.py in-process and reports that process's own peak memory on its last line.
MEASURED = """
import resource, sys
sys.argv = sys.argv[1:]
sys.path.insert(0, ".")
try:
    import manage
    manage.main()
finally:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"peak-kib {usage.ru_maxrss} cpu-s {usage.ru_utime + usage.ru_stime}", file=sys.stderr)
"""


def run(command, env):
    return subprocess.run(
        [sys.executable, "-c", MEASURED, *command],
        cwd=PROJECT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )


def bench(label, database_url, folder, count, batch_size):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings.dev",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-" + "x" * 50,
        "NEWSDESK_LOG_LEVEL": "WARNING",
    }
    run(["manage.py", "migrate", "--noinput", "-v", "0"], env)
    started = time.perf_counter()
    result = run(["manage.py", "import_wire", str(folder), "--batch-size", str(batch_size)], env)
    elapsed = time.perf_counter() - started
    *_, summary, usage_line = result.stderr.strip().splitlines()
    _, peak_kib, _, cpu = usage_line.split()
    print(
        f"{label:<11} {count:>6} stories  batch {batch_size:>4}  {elapsed:6.1f} s  "
        f"{count / elapsed:6.1f} stories/s  (importer CPU {float(cpu):5.1f} s: "
        f"{count / float(cpu):6.1f} stories/CPU-s)  peak RSS {int(peak_kib) / 1024:5.1f} MiB  "
        f"[{summary}]",
        flush=True,
    )


def postgres_url():
    for name in ("BENCH_POSTGRES_URL", "DATABASE_URL"):
        url = os.environ.get(name, "")
        if url.startswith(("postgres://", "postgresql://")):
            return url
    return None


@contextlib.contextmanager
def scratch_postgres(url):
    """A fresh database beside the one ``url`` names; dropped afterwards."""
    import psycopg

    server, name = url.rsplit("/", 1)
    scratch = f"{name or 'postgres'}_bench"
    admin = f"{server}/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        connection.execute(f'CREATE DATABASE "{scratch}"')
    try:
        yield f"{server}/{scratch}"
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE "{scratch}"')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--skip-postgres", action="store_true")
    options = parser.parse_args()
    load = os.getloadavg()[0]
    print(f"{os.cpu_count()} cores, load average {load:.1f}; importing generated ninjs stories")
    with tempfile.TemporaryDirectory() as scratch:
        folders = {}
        for count in options.stories:
            folders[count] = Path(scratch) / f"wire-{count}"
            folders[count].mkdir()
            write_stories(folders[count], count)
        for count, folder in folders.items():
            url = f"sqlite:///{scratch}/bench-{count}.sqlite3"
            bench("SQLite", url, folder, count, options.batch_size)
        url = None if options.skip_postgres else postgres_url()
        if url is None and not options.skip_postgres:
            print("PostgreSQL skipped: set DATABASE_URL (or BENCH_POSTGRES_URL) to a server")
        for count, folder in folders.items() if url else ():
            with scratch_postgres(url) as database_url:
                bench("PostgreSQL", database_url, folder, count, options.batch_size)


if __name__ == "__main__":
    main()
