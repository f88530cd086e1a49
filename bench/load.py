"""Benchmark: newsdesk under load with gunicorn, on SQLite and on PostgreSQL + Redis.

Generates N varied ninjs stories, imports them with ``import_wire --publish`` into a fresh
database (timed), serves the site with gunicorn (2 workers, production settings from
bench/settings.py) and loads each page type from a second process with wrk, bounded in time:
"cold" with the page cache off over many distinct URLs a type, "cached" with it on (each row
after 2 s of unmeasured load over its URLs), and a bare view returning a saved copy of the
article, home and section pages (the ceiling of the stack). On PostgreSQL a soak follows:
mixed pages at 64 connections, with the workers' memory before and after. Prints a markdown
report and writes it to --out. Not a test: run it by hand,

    .venv/bin/python bench/load.py                                  # the full run, ~15 min
    .venv/bin/python bench/load.py --stories 500 --duration 3 --soak 10 --databases sqlite

--pg-url names a scratch database: it is dropped, created, and dropped again at the end.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.loadtool import combined, fetch, run_load  # noqa: E402
from bench.report import TARGETS, render  # noqa: E402
from bench.server import Gunicorn  # noqa: E402
from bench.stories import write_load_stories  # noqa: E402

PAGE_TYPES = [
    "home", "article", "section", "tag", "author", "agency", "archive", "search", "latest",
    "rss", "sitemap", "ninjs",
]  # fmt: skip
DATABASES = {"sqlite": "SQLite", "postgres": "PostgreSQL + Redis"}


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add = parser.add_argument
    add("--stories", type=int, default=20000, help="stories to generate and import")
    add("--duration", type=int, default=10, help="seconds of load per page type and mode")
    add("--connections", type=int, default=16, help="wrk connections per page type")
    add("--databases", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    add("--soak", type=int, default=60, help="seconds of the PostgreSQL soak (0: none)")
    add("--soak-connections", type=int, default=64)
    add("--urls", type=int, default=500, help="distinct URLs a page type, cold")
    add("--hot-urls", type=int, default=100, help="URLs a page type, cached (warmed first)")
    add("--workers", type=int, default=2, help="gunicorn workers")
    add("--threads", type=int, default=1, help="wrk threads (the server needs the cores)")
    add(
        "--pg-url",
        default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/newsdesk_load"),
        help="scratch PostgreSQL database (dropped and re-created)",
    )
    add("--redis-url", default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    add("--out", default=str(PROJECT / "bench" / "results.md"), help="report file")
    add("--keep", action="store_true", help="keep the scratch folder (logs, wire files)")
    options = parser.parse_args()
    options.databases = [name.strip() for name in options.databases.split(",") if name.strip()]
    unknown = set(options.databases) - set(DATABASES)
    if unknown or not options.databases:
        parser.error(f"--databases takes sqlite and/or postgres, not {','.join(unknown)!r}")
    if "postgres" in options.databases:
        name = urlsplit(options.pg_url).path.lstrip("/")
        if not name or name in {"postgres", "template0", "template1"}:
            parser.error(f"--pg-url must name a scratch database, not {name or 'none'!r}")
    if min(options.stories, options.duration, options.connections, options.urls) < 1:
        parser.error("--stories, --duration, --connections and --urls must be positive")
    return options


def say(message):
    print(message, file=sys.stderr, flush=True)


def manage(env, log, *command):
    """Run manage.py with the benchmark's environment; its output goes to ``log``."""
    with open(log, "ab") as out:
        done = subprocess.run(
            [sys.executable, "manage.py", *command], cwd=PROJECT, env=env, stdout=out,
            stderr=subprocess.STDOUT, check=False,
        )  # fmt: skip
    if done.returncode != 0:
        tail = "\n".join(Path(log).read_text(errors="replace").splitlines()[-15:])
        raise RuntimeError(
            f"manage.py {command[0]} failed ({done.returncode}); {log} ends:\n{tail}"
        )


@contextmanager
def postgres_database(url):
    """A fresh database at ``url``, dropped afterwards (WITH FORCE: a server may still hold
    a connection)."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    try:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(drop)
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as error:
        raise SystemExit(f"PostgreSQL at {admin}: {error}".strip()) from error
    try:
        yield url
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(drop)


@contextmanager
def redis_prefix(url, prefix):
    """Check Redis answers; afterwards delete this run's keys (and only those)."""
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.RedisError as error:
        raise SystemExit(f"Redis at {url}: {error}") from error
    try:
        yield
    finally:
        for key in client.scan_iter(match=f"{prefix}:*", count=1000):
            client.delete(key)


def environment(options, scratch, database, url):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": url,
        "BENCH_STATIC_ROOT": str(scratch / "static"),
        "BENCH_BARE_DIR": str(scratch / f"bare-{database}"),
        "BENCH_CACHE_PREFIX": f"newsdesk-bench-{os.getpid()}-{database}",
        "MEDIA_ROOT": str(scratch / "media"),
        "NEWSDESK_LOG_LEVEL": "WARNING",
    }
    for name in ("REDIS_URL", "DATABASE_REPLICA_URL", "NEWSDESK_PAGE_CACHE"):
        env.pop(name, None)
    if database == "postgres":
        env["REDIS_URL"] = options.redis_url
    return env


def import_stories(env, wire, count, log):
    say(f"  importing {count} stories with import_wire --publish ...")
    manage(env, log, "migrate", "--noinput", "-v", "0")
    started = time.perf_counter()
    manage(env, log, "import_wire", str(wire), "--publish")
    seconds = time.perf_counter() - started
    say(f"  imported in {seconds:.1f} s: {count / seconds:.1f} stories/s")
    return seconds


def site_urls(env, scratch, database, limit):
    out = scratch / f"urls-{database}.json"
    subprocess.run(
        [sys.executable, "-m", "bench.site_urls", str(out), "--limit", str(limit)],
        cwd=PROJECT, env=env, check=True,
    )  # fmt: skip
    urls = json.loads(out.read_text())
    empty = [kind for kind in PAGE_TYPES if not urls.get(kind)]
    if empty:
        raise RuntimeError(f"no public URL found for page types {', '.join(empty)}")
    return urls


def get_many(base_url, paths):
    """GET each path, four at a time; the paths that did not answer 200."""
    with ThreadPoolExecutor(4) as pool:
        answers = pool.map(lambda path: (path, fetch(base_url + path)[0]), paths)
        return sorted({path for path, status in answers if status != 200})


def check_urls(base_url, urls):
    """Every page type's first and last URL must answer 200 before load means anything."""
    for kind in PAGE_TYPES:
        failed = get_many(base_url, [urls[kind][0], urls[kind][-1]])
        if failed:
            raise RuntimeError(f"{kind}: {', '.join(failed)} did not answer 200")


def save_bare_pages(base_url, urls, folder):
    """The bytes of a real page of each type with a target, for the bare view to send."""
    folder.mkdir(exist_ok=True)
    for kind in TARGETS:
        status, body = fetch(base_url + urls[kind][0])
        if status != 200:
            raise RuntimeError(f"{kind} page {urls[kind][0]} answered {status}")
        (folder / f"{kind}.html").write_bytes(body)


def load(server, label, paths, options, connections=None, duration=None):
    result = run_load(
        server.base_url, paths, duration or options.duration,
        connections or options.connections, options.threads,
    )  # fmt: skip
    server.drain()
    say_result(label, result)
    return result


def say_result(label, result):
    say(
        f"    {label:<18} {result.rps:8.0f} req/s  p50 {result.p50_ms:7.1f} ms  "
        f"p99 {result.p99_ms:7.1f} ms  non-2xx {result.non2xx}  socket errors "
        f"{result.socket_errors}"
    )


def load_beside_bare(server, kind, label, paths, options, turns=2):
    """The page and its bare view in turns on the same server, half of --duration a turn each:
    the speed of a shared machine drifts over minutes, and a ratio of two figures taken far
    apart would measure the drift. Returns (page, bare)."""
    seconds = max(1, round(options.duration / turns))
    bare_path = f"/_bench/bare/{kind}/"
    page, bare = [], []
    for _ in range(turns):
        page.append(load(server, f"  {label} turn", paths, options, duration=seconds))
        bare.append(load(server, f"  bare {kind} turn", [bare_path], options, duration=seconds))
    page, bare = combined(page), combined(bare)
    say_result(label, page)
    say_result(f"bare {kind}", bare)
    return page, bare


def serve(env, options, scratch, database, page_cache):
    mode = "cached" if page_cache else "cold"
    say(f"  gunicorn, {options.workers} workers, page cache {'on' if page_cache else 'off'}")
    return Gunicorn(
        {**env, "NEWSDESK_PAGE_CACHE": "1" if page_cache else "0"},
        scratch / f"gunicorn-{database}-{mode}.log",
        workers=options.workers,
    )


def bench_database(env, options, scratch, database, urls):
    """Cold pages, then cached pages, the bare views and (PostgreSQL) the soak. Each page type
    with a target is measured in turns with its bare view on the same server (cache off for
    the uncached ratio, on for the cached one)."""
    pages, bare, bare_cold, soak = {"cold": {}, "cached": {}}, {}, {}, None
    with serve(env, options, scratch, database, page_cache=False) as server:
        check_urls(server.base_url, urls)
        save_bare_pages(server.base_url, urls, Path(env["BENCH_BARE_DIR"]))
        for kind in PAGE_TYPES:
            label = f"{kind} (cold)"
            # Unmeasured, as before each cached row: the first seconds over a type's URLs fill
            # the database's buffers and each worker's compiled templates and plans, which a
            # server that has been up a while holds (without, a first turn ran up to 1/5 slower).
            run_load(server.base_url, urls[kind], 2, options.connections, options.threads)
            server.drain()
            if TARGETS.get(kind, (None, None))[1] is not None:
                pages["cold"][kind], bare_cold[kind] = load_beside_bare(
                    server, kind, label, urls[kind], options
                )
            else:
                pages["cold"][kind] = load(server, label, urls[kind], options)
    with serve(env, options, scratch, database, page_cache=True) as server:
        for kind in PAGE_TYPES:
            hot = urls[kind][: options.hot_urls]
            # Each once, then a short load, so that each worker has seen each page (the
            # local-memory cache is per worker).
            get_many(server.base_url, hot)
            run_load(server.base_url, hot, 2, options.connections, options.threads)
            server.drain()
            if kind in TARGETS:
                pages["cached"][kind], bare[kind] = load_beside_bare(
                    server, kind, f"{kind} (cached)", hot, options
                )
            else:
                pages["cached"][kind] = load(server, f"{kind} (cached)", hot, options)
        if database == "postgres" and options.soak:
            soak = soak_test(server, urls, options)
    return {"pages": pages, "bare": bare, "bare_cold": bare_cold}, soak


def soak_test(server, urls, options):
    mix = [path for kind in PAGE_TYPES for path in urls[kind][: max(options.hot_urls // 5, 1)]]
    before = server.worker_rss_kib()
    say(f"  soak: {options.soak} s at {options.soak_connections} connections, {len(mix)} URLs")
    result = load(
        server, "soak (mixed)", mix, options,
        connections=options.soak_connections, duration=options.soak,
    )  # fmt: skip
    after = server.worker_rss_kib()
    return {
        "result": result,
        "rss_before": before,
        "rss_after": after,
        "connections": options.soak_connections,
    }


def run(options, scratch, imports, runs, soaks):
    """Fill ``imports``, ``runs`` and ``soaks`` database by database, so that what was measured
    before a failure can still be reported."""
    wire = scratch / "wire"
    wire.mkdir()
    say(f"Generating {options.stories} stories in {wire} ...")
    write_load_stories(wire, options.stories)
    for database in options.databases:
        label = DATABASES[database]
        say(f"== {label}")
        sqlite_url = f"sqlite:///{scratch / 'bench.sqlite3'}"
        with (
            postgres_database(options.pg_url) if database == "postgres" else _nothing(sqlite_url)
        ) as url:
            env = environment(options, scratch, database, url)
            log = scratch / f"manage-{database}.log"
            if not (scratch / "static").exists():
                manage(env, log, "collectstatic", "--noinput", "-v", "0")
            with (
                redis_prefix(options.redis_url, env["BENCH_CACHE_PREFIX"])
                if database == "postgres"
                else _nothing(None)
            ):
                seconds = import_stories(env, wire, options.stories, log)
                if database == "postgres":
                    # As autovacuum would within a minute of a bulk load: plans made before
                    # the tables have statistics scan an index where a key lookup would do,
                    # and a vacuum left to autovacuum would run on the cores under load.
                    analyze = (
                        "from django.db import connection; "
                        "connection.cursor().execute('VACUUM ANALYZE')"
                    )
                    manage(env, log, "shell", "-c", analyze)
                imports[label] = (options.stories, seconds)
                urls = site_urls(env, scratch, database, options.urls)
                runs[label], soak = bench_database(env, options, scratch, database, urls)
                if soak:
                    soaks[label] = soak


@contextmanager
def _nothing(value):
    yield value


def main():
    options = arguments()
    # A SIGTERM unwinds like Ctrl-C, so gunicorn is stopped and the scratch folder removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    scratch = Path(tempfile.mkdtemp(prefix="newsdesk-load-"))
    imports, runs, soaks = {}, {}, {}
    failure = None
    try:
        run(options, scratch, imports, runs, soaks)
    except (RuntimeError, OSError, subprocess.CalledProcessError) as error:
        failure = f"load benchmark failed: {error}"
    finally:
        if options.keep:
            say(f"Scratch folder kept: {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    if imports:
        report = render(options, imports, runs, soaks)
        if failure:
            report += f"\n**Incomplete run.** {failure}\n"
        print(report)
        Path(options.out).write_text(report)
        say(f"Report written to {options.out}")
    if failure:
        raise SystemExit(failure)


if __name__ == "__main__":
    main()
