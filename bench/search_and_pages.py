"""Benchmark: search and deep pagination on 20,000 generated stories, SQLite and PostgreSQL.

Prints, per database, the median time of a set of search queries (full requests through
Django's test client, page rendered) and the time of page 1 against page 500 of a section of
10,000 stories (half of the default 20,000), with the ratio: with the cache cleared before each
request (navigation, filter choices and the count computed) and warm (read from the cache).
Not a test: run it by hand, e.g.

    .venv/bin/python bench/search_and_pages.py                  # 20,000 stories
    .venv/bin/python bench/search_and_pages.py --stories 2000 --skip-postgres

PostgreSQL is reached at BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres);
a scratch database (``BENCH_DATABASE``, default ``newsdesk_bench``) is created and dropped there.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
QUERIES = [
    "flood",
    "budget talks",
    "cricket final",
    "rupee",
    "minister said",
    "zzzz",
    "port strike",
]

# Runs inside Django (own process per database): load stories, index them, time requests.
MEASURE = r"""
import random, statistics, sys, time
from datetime import timedelta
import django
django.setup()
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone
from django.core.management import call_command
from articles.models import Article, Section, Credit, Author

count, queries = int(sys.argv[1]), sys.argv[2].split("|")
random.seed(7)
words = ("flood budget talks cricket final rupee minister said port strike wheat power gas "
         "court election rain school bridge hospital exports market").split()
sections = [Section.objects.get_or_create(slug=s, defaults={"name": s.title()})[0]
            for s in ("pakistan", "world", "business", "sports")]
authors = [Author.objects.create(name=f"Reporter {n}", slug=f"reporter-{n}") for n in range(50)]
now = timezone.now()
batch = []
for n in range(count):
    text = " ".join(random.choice(words) for _ in range(60))
    batch.append(Article(
        headline=f"{random.choice(words).title()} {random.choice(words)} story {n}",
        slug=f"story-{n}", headline_key=f"story {n}",
        section=sections[0] if n % 2 == 0 else sections[1 + n % 3],
        body="".join(f"<p>{text}</p>" for _ in range(6)), status="published",
        published_at=now - timedelta(minutes=n)))
Article.objects.bulk_create(batch, batch_size=1000)
Credit.objects.bulk_create(
    [Credit(article_id=pk, author=authors[pk % 50], position=0)
     for pk in Article.objects.values_list("pk", flat=True)], batch_size=2000)
started = time.perf_counter()
call_command("rebuild_search_index", stdout=open("/dev/null", "w"))
print(f"indexed {count} stories in {time.perf_counter() - started:.1f} s")
if connection.vendor == "postgresql":
    # What autovacuum does after the index build rewrote every row: fresh statistics and a
    # visibility map, without which an index-only scan must visit the table for each row.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE articles_article")
        cursor.execute("VACUUM ANALYZE articles_credit")
client = Client()

def timed(url, repeat=5, cold=False):
    # Median ms of full requests; cold clears the cache first (every cached value computed).
    times = []
    client.get(url)  # the first request pays for connections and template loading
    for _ in range(repeat):
        if cold:
            cache.clear()
        t = time.perf_counter(); response = client.get(url); times.append(time.perf_counter() - t)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times) * 1000

search_times = [timed(f"/search/?q={q.replace(' ', '+')}") for q in queries]
print(f"search: median {statistics.median(search_times):.1f} ms over {len(queries)} queries "
      f"(slowest {max(search_times):.1f} ms)")
held = Article.objects.published().filter(section=sections[0]).count()
deep = min(500, -(-held // 20))
urls = ["/pakistan/", f"/pakistan/?page={deep}"]
for label, cold in (("cache cleared", True), ("warm", False)):
    # Alternating the two pages, so that other load on the machine falls on both alike.
    times = {url: [] for url in urls}
    for _ in range(9):
        for url in urls:
            times[url].append(timed(url, repeat=1, cold=cold))
    first, last = (statistics.median(times[url]) for url in urls)
    print(f"section of {held} stories, {label}: page 1 {first:.1f} ms, page {deep} {last:.1f} ms "
          f"({last / first:.2f}x, median of 9)")
"""


def measure(label, database_url, stories):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings.test",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=PROJECT, env={**env, "DJANGO_SETTINGS_MODULE": "newsdesk.settings.dev"}, check=True,
    )  # fmt: skip
    print(f"== {label}, {stories} stories")
    subprocess.run(
        [sys.executable, "-c", MEASURE, str(stories), "|".join(QUERIES)],
        cwd=PROJECT, env=env, check=True,
    )  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=20000)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    options = parser.parse_args()
    print(f"{os.cpu_count()} cores; search: median of 5 requests per URL")
    if not options.skip_sqlite:
        with tempfile.TemporaryDirectory() as scratch:
            measure("SQLite", f"sqlite:///{scratch}/bench.sqlite3", options.stories)
    if not options.skip_postgres:
        import psycopg

        admin = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
        scratch = os.environ.get("BENCH_DATABASE", "newsdesk_bench")
        if not scratch.isidentifier():
            parser.error(f"BENCH_DATABASE must be a plain name, not {scratch!r}")
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {scratch}")
            connection.execute(f"CREATE DATABASE {scratch}")
        try:
            measure("PostgreSQL", admin.rsplit("/", 1)[0] + f"/{scratch}", options.stories)
        finally:
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f"DROP DATABASE {scratch}")


if __name__ == "__main__":
    main()
