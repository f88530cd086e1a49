"""Benchmark: what a page-cache hit costs, against a bare Django view through the same stack.

In one process, through Django's WSGI handler and every middleware (no network, no server),
it times cached article, home and section pages, the same pages with the page cache off, and
a bare view returning a pre-rendered page of the article page's size; it prints requests/s and
the ratio to the bare view, and the cache round trips and queries of one hit. Not a test, and
not the load benchmark (that one drives gunicorn with wrk): a quick check of the hit path.

    .venv/bin/python bench/page_cache_hit.py [--requests 3000]
    REDIS_URL=redis://127.0.0.1:6379/2 .venv/bin/python bench/page_cache_hit.py
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings.test")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import clear_url_caches, include, path  # noqa: E402

BARE_PAGE = {"body": b""}


def bare(request):
    return HttpResponse(BARE_PAGE["body"])


urlpatterns = [path("bare/", bare), path("", include("newsdesk.urls"))]


def make_stories(count):
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Agency, Article, Author, Credit, Section

    sections = [
        Section.objects.get_or_create(slug=s, defaults={"name": s})[0]
        for s in ("pakistan", "world")
    ]
    authors = [Author.objects.create(name=f"Reporter {n}") for n in range(5)]
    agency = Agency.objects.first()
    now = timezone.now()
    for number in range(count):
        article = Article.objects.create(
            headline=f"Story number {number} about the monsoon and the markets",
            section=sections[number % 2],
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(minutes=number),
            summary="A summary of the story for listings and feeds. " * 2,
            body="<p>First paragraph of the story.</p>" * 12,
        )
        article.tags.add("monsoon", f"tag-{number % 7}")
        Credit.objects.create(article=article, author=authors[number % 5], position=0)
        Credit.objects.create(article=article, agency=agency, position=1)
    return Article.objects.published().first()


def requests_per_second(handler, environ, count):
    def start_response(status, headers):
        assert status.startswith(("200", "304")), status

    started = time.perf_counter()
    for _ in range(count):
        handler(dict(environ), start_response)
    return count / (time.perf_counter() - started)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--stories", type=int, default=60)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    settings.ROOT_URLCONF = __name__
    clear_url_caches()
    cache.clear() if not os.environ.get("REDIS_URL") else None
    article = make_stories(args.stories)
    handler = WSGIHandler()
    factory = RequestFactory()
    pages = {"article": article.get_absolute_url(), "home": "/", "section": "/pakistan/"}
    environ = {name: factory._base_environ(PATH_INFO=url) for name, url in pages.items()}

    # The bare view returns a page the size of the article page.
    from django.test import Client

    BARE_PAGE["body"] = Client().get(pages["article"]).content
    bare_rps = requests_per_second(
        handler, factory._base_environ(PATH_INFO="/bare/"), args.requests
    )
    backend = type(cache).__name__
    print(f"cache backend: {backend}; {args.requests} requests each, in-process WSGI")
    print(f"{'bare view':<20} {bare_rps:9.0f} req/s  (page of {len(BARE_PAGE['body'])} bytes)")
    for name in pages:
        settings.NEWSDESK_PAGE_CACHE = True
        requests_per_second(handler, environ[name], 1)  # fill
        with CaptureQueriesContext(connection) as queries:
            requests_per_second(handler, environ[name], 1)
        rps = requests_per_second(handler, environ[name], args.requests)
        print(
            f"{name + ' cached':<20} {rps:9.0f} req/s  {rps / bare_rps:4.2f}x bare, "
            f"{len(queries)} queries a hit"
        )
        settings.NEWSDESK_PAGE_CACHE = False
        rps = requests_per_second(handler, environ[name], max(args.requests // 10, 50))
        print(f"{name + ' uncached':<20} {rps:9.0f} req/s  {rps / bare_rps:4.2f}x bare")
    print("cache round trips a hit: 2 (the entry, then get_many of its generations)")


if __name__ == "__main__":
    main()
