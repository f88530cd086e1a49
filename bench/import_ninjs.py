"""Benchmark: import N generated ninjs stories on SQLite and PostgreSQL.

Prints stories per second and the importer's peak memory (max RSS) for each database.
Not a test: run it by hand, e.g.

    .venv/bin/python bench/import_ninjs.py            # 5,000 stories
    .venv/bin/python bench/import_ninjs.py --stories 500 --skip-postgres

PostgreSQL is reached at BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres);
a scratch database ``newsdesk_bench`` is created and dropped there.
"""

import argparse
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
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak-kib {peak}", file=sys.stderr)
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


def bench(label, database_url, folder, count):
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
    result = run(["manage.py", "import_wire", str(folder)], env)
    elapsed = time.perf_counter() - started
    *_, summary, peak_line = result.stderr.strip().splitlines()
    peak_mib = int(peak_line.split()[1]) / 1024
    print(
        f"{label:<11} {count:>6} stories  {elapsed:7.1f} s  {count / elapsed:7.1f} stories/s  "
        f"peak RSS {peak_mib:6.1f} MiB  [{summary}]"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=5000)
    parser.add_argument("--skip-postgres", action="store_true")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        print(f"{os.cpu_count()} cores; importing generated ninjs stories")
        # A fifth of the stories first: peak memory should not grow with the batch.
        for count in (options.stories // 5, options.stories):
            folder = Path(scratch) / f"wire-{count}"
            folder.mkdir()
            write_stories(folder, count)
            bench("SQLite", f"sqlite:///{scratch}/bench-{count}.sqlite3", folder, count)
        if not options.skip_postgres:
            admin = os.environ.get(
                "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
            )
            import psycopg

            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute("DROP DATABASE IF EXISTS newsdesk_bench")
                connection.execute("CREATE DATABASE newsdesk_bench")
            try:
                url = admin.rsplit("/", 1)[0] + "/newsdesk_bench"
                bench("PostgreSQL", url, folder, options.stories)
            finally:
                with psycopg.connect(admin, autocommit=True) as connection:
                    connection.execute("DROP DATABASE newsdesk_bench")


if __name__ == "__main__":
    main()
