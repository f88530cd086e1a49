"""On 50,000 stories, PostgreSQL answers the section listing and the month archive from the
listing indexes (migration 0008), never by reading the whole article table.

The queries are the real ones: a deep section page and a month archive are requested through
the test client, and the COUNT and the page's ids query they ran are explained. PostgreSQL only:
SQLite's planner has no statistics worth asserting on here.
"""

import random
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag, TaggedItem

from articles.models import Article, Author, Credit, Section

pytestmark = [
    pytest.mark.django_db(transaction=True),  # VACUUM cannot run inside a transaction
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="EXPLAIN plans are asserted on PostgreSQL only (set DATABASE_URL)",
    ),
]

STORIES = 50_000
KARACHI = ZoneInfo("Asia/Karachi")
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=KARACHI)
BODY = "<p>" + "The river rose overnight and the town waited for the water to fall. " * 12 + "</p>"


@pytest.fixture
def newsroom(time_machine):
    """50,000 stories over four sections (half in "pakistan"), a story every 10 minutes, with
    drafts, scheduled and embargoed ones among them, credits and tags; then VACUUM ANALYZE."""
    time_machine.move_to(NOW, tick=False)
    rng = random.Random(6)
    sections = [
        Section.objects.get_or_create(slug=slug, defaults={"name": slug.title()})[0]
        for slug in ("pakistan", "world", "business", "sports")
    ]
    authors = Author.objects.bulk_create(
        [Author(name=f"Reporter {n}", slug=f"reporter-{n}") for n in range(40)]
    )
    tags = Tag.objects.bulk_create([Tag(name=f"Topic {n}", slug=f"topic-{n}") for n in range(30)])
    statuses = ["published"] * 17 + ["draft", "review", "withdrawn"]
    stories = [
        Article(
            headline=f"Story {n}",
            slug=f"story-{n}",
            headline_key=f"story {n}",
            section=sections[0] if n % 2 == 0 else sections[1 + n % 3],
            body=BODY,
            status=rng.choice(statuses),
            published_at=NOW - timedelta(minutes=10 * n - 600),  # the newest 60 are scheduled
            embargo_until=NOW + timedelta(days=1) if n % 500 == 7 else None,
        )
        for n in range(STORIES)
    ]
    Article.objects.bulk_create(stories, batch_size=5000)
    ids = list(Article.objects.values_list("pk", flat=True))
    Credit.objects.bulk_create(
        [Credit(article_id=pk, author=authors[pk % 40]) for pk in ids], batch_size=10000
    )
    article_type = ContentType.objects.get_for_model(Article)
    TaggedItem.objects.bulk_create(
        [TaggedItem(object_id=pk, content_type=article_type, tag=tags[pk % 30]) for pk in ids],
        batch_size=10000,
    )
    with connection.cursor() as cursor:
        for table in ("articles_article", "articles_credit", "taggit_taggeditem"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    cache.clear()
    return sections[0]


def page_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in captured]


def plan(sql):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def the_query(queries, pattern):
    (found,) = [sql for sql in queries if re.search(pattern, sql)]
    return found


def assert_uses(sql, index):
    explained = plan(sql)
    print(f"{sql[:160]}...\n{explained}\n")  # shown with -s: the plans the report quotes
    assert index in explained, explained
    assert "Seq Scan on articles_article" not in explained, explained


def test_section_pages_and_the_month_archive_read_the_listing_indexes(client, newsroom):
    # One test, one build of the 50,000 stories.
    public = Article.objects.published().filter(section=newsroom).count()
    assert public >= 10_000
    queries = page_queries(client, f"/pakistan/?page={public // 20}")
    count = the_query(queries, r'^SELECT COUNT\(\*\) AS "__count" FROM "articles_article"')
    ids = the_query(queries, r'^SELECT "articles_article"."id" AS "pk" FROM .* OFFSET')
    assert_uses(count, "article_section_newest")
    assert_uses(ids, "article_section_newest")

    queries = page_queries(client, "/archive/2026/10/")
    ids = the_query(queries, r'^SELECT "articles_article"."id" AS "pk" FROM ')
    count = the_query(queries, r'^SELECT COUNT\(\*\) AS "__count" FROM "articles_article"')
    assert_uses(ids, "article_public_newest")
    assert_uses(count, "article_public_newest")
