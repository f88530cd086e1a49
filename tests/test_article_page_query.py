"""The article page's one query: every part read as the ORM reads it, compiled once.

``for_article_page()`` carries a story's credits, photos, corrections, related stories and tags
as JSON columns of its row (articles/models/story_parts.py); ``public_page()`` runs that query
prepared (articles/prepared.py). Each test compares what they hand out with the rows read the
ordinary way, on SQLite here and on PostgreSQL in CI's second pass.
"""

from datetime import datetime, timedelta

import psycopg
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Author, Correction, Credit, ImageCaption, RelatedStory
from articles.prepared import PreparedQuery, statement_cursor
from tests.factories import (
    add_photo,
    credit,
    make_agency,
    make_article,
    make_author,
    make_section,
    relate,
)

pytestmark = pytest.mark.django_db


def concrete_values(instance):
    return {
        field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields
    }


@pytest.fixture
def story():
    """A story with two people and an agency, a lead and two inline photos (one with
    renditions), corrections noted out of order, four kinds of related story, and tags."""
    climate = make_section("Climate")
    article = make_article("Floods recede in Sindh", summary="Water levels fall.")
    credit(
        article,
        make_author("Hina Mirza"),
        make_agency("SNA", name="Sindh News Agency", url="https://sna.example/"),
        make_author("Omar Qureshi"),
    )
    add_photo(article, "Boats on the Indus", alt_text="Two boats")
    add_photo(article, "Relief camp", body_position=1)
    inline = add_photo(article, "Dried fields", body_position=0)
    renditions = [{"width": 480, "height": 320, "name": "photos/r/fields-480.jpg"}]
    ImageCaption.objects.filter(pk=inline.pk).update(
        renditions=renditions, rendition_source="photos/fields.jpg"
    )
    now = timezone.now()
    Correction.objects.create(article=article, text="Later note.", noted_at=now)
    Correction.objects.create(article=article, text="Earlier note.", noted_at=now - timedelta(1))
    public = make_article("Dams hold in Punjab", section=climate)
    scheduled = make_article("Minister to visit", published_at=timezone.now() + timedelta(hours=2))
    relate(article, target=public)
    relate(article, "Visit expected", target=scheduled)
    relate(article, "Waiting for copy")
    outside = relate(article, "Satellite images")
    RelatedStory.objects.filter(pk=outside.pk).update(url="https://example.org/sindh")
    article.tags.add("monsoon", "Sindh", "climate")
    return article


def parts(credits, photos, corrections, related, tag_names):
    """What tests compare of a story's parts, however they were read."""
    return {
        "credits": [
            (
                c.pk,
                c.position,
                c.author_id,
                c.agency_id,
                str(c.credited),
                c.credited.get_absolute_url(),
            )
            for c in credits
        ],
        "photos": [concrete_values(p) for p in photos],
        "corrections": [concrete_values(c) for c in corrections],
        "related": [(r.pk, r.position, r.target_id, r.headline, r.url) for r in related],
        "tags": list(tag_names),
    }


def as_read_by_the_orm(article):
    """The story's parts read the ordinary way, each from its own table."""
    fresh = Article.objects.get(pk=article.pk)
    return parts(
        Credit.objects.filter(article=fresh).select_related("author", "agency"),
        ImageCaption.objects.filter(article=fresh),
        Correction.objects.filter(article=fresh),
        RelatedStory.objects.filter(article=fresh),
        sorted((t.name for t in fresh.tags.all()), key=str.lower),
    )


def as_handed_out(article):
    return parts(
        article.credits.all(),
        article.photos.all(),
        article.corrections.all(),
        article.related_stories.all(),
        (t.name for t in article.tags.all()),
    )


def test_the_one_query_hands_out_every_part_as_the_orm_reads_it(story, django_assert_num_queries):
    expected = as_read_by_the_orm(story)
    with django_assert_num_queries(1):
        page = Article.objects.public_page(story.pk)
    with django_assert_num_queries(0):
        handed_out = as_handed_out(page)
        related = page.related_for_readers()
        agency = page.credits.all()[1].agency
        assert (agency.name, agency.url) == ("Sindh News Agency", "https://sna.example/")
        assert page.section.name == "Pakistan"
    assert handed_out == expected
    assert [c["text"] for c in handed_out["corrections"]] == ["Earlier note.", "Later note."]
    assert handed_out["photos"][2]["renditions"][0]["width"] == 480
    public = Article.objects.get(headline="Dams hold in Punjab")
    assert related == [
        ("Dams hold in Punjab", public.get_absolute_url()),
        ("Visit expected", None),  # the copy's words: the scheduled headline stays unseen
        ("Waiting for copy", None),
        ("Satellite images", "https://example.org/sindh"),
    ]
    assert "/climate/" in public.get_absolute_url()


def test_handed_out_parts_are_rows_read_from_the_database(story, django_assert_num_queries):
    """Parts skip their model's __init__: they must still be saved rows, whose fields the page
    did not read load on first access."""
    author = Article.objects.public_page(story.pk).credits.all()[0].author
    Author.objects.filter(pk=author.pk).update(bio="Reports from Karachi.")
    assert author._state.adding is False and author._state.db == "default"
    assert author.get_deferred_fields() >= {"bio"}
    with django_assert_num_queries(1):
        assert author.bio == "Reports from Karachi."
    author.name = "Renamed"
    author.save(update_fields=["name"])
    assert Author.objects.get(pk=author.pk).name == "Renamed"
    assert Author.objects.count() == 2  # saved as the row it is, not added


def test_the_queryset_form_reads_many_stories_the_same_way(story):
    other = make_article("Second story")
    credit(other, make_author("Sana Baig"))
    read = {a.pk: a for a in Article.objects.published().for_article_page()}
    assert as_handed_out(read[story.pk]) == as_read_by_the_orm(story)
    assert as_handed_out(read[other.pk]) == as_read_by_the_orm(other)
    assert as_handed_out(Article.objects.public_page(other.pk)) == as_read_by_the_orm(other)


def test_a_clone_of_a_handed_out_part_asks_the_database_for_the_same_rows(story):
    credit(make_article("Another story"), make_author("Not In This Byline"))
    page = Article.objects.public_page(story.pk)
    newest_first = list(page.credits.all().order_by("-position"))
    assert [c.pk for c in newest_first] == [c.pk for c in reversed(page.credits.all())]
    assert page.tags.all().annotate(uses=Count("taggit_taggeditem_items")).count() == 3
    assert page.photos.filter(body_position__isnull=False).count() == 2


def test_the_page_shows_only_what_readers_may_see():
    now = timezone.now()
    hidden = {
        "draft": make_article("A draft", status=Article.Status.DRAFT),
        "scheduled": make_article("Scheduled", published_at=now + timedelta(hours=1)),
        "embargoed": make_article("Embargoed", embargo_until=now + timedelta(hours=1)),
        "withdrawn": make_article("Withdrawn", status=Article.Status.WITHDRAWN),
    }
    for label, article in hidden.items():
        assert Article.objects.public_page(article.pk) is None, label
    previews = {label for label, a in hidden.items() if Article.objects.preview_page(a.pk)}
    assert previews == {"draft", "scheduled", "embargoed"}
    assert Article.objects.public_page(make_article("Public").pk).headline == "Public"
    assert Article.objects.public_page(10**9) is None


def test_a_prepared_query_returns_what_its_queryset_returns(story):
    def build(pk):
        return (
            Article.objects.filter(pk__gte=pk)
            .select_related("section")
            .annotate(credit_count=Count("credits"))
            .order_by("pk")
        )

    prepared = PreparedQuery(build, pk=int)
    for pk in (story.pk, story.pk + 1, 10**9):
        expected = list(build(pk))
        found = prepared.run(pk=pk)
        assert [concrete_values(a) for a in found] == [concrete_values(a) for a in expected]
        assert [a.credit_count for a in found] == [a.credit_count for a in expected]
        assert [a.section.name for a in found] == [a.section.name for a in expected]
    assert prepared.run(pk=story.pk)[0].credit_count == 3


def test_a_prepared_query_runs_with_each_clock_it_is_given():
    """Compiled once, it still reads the moment it is run with, not the one it was built with."""
    publishes_at = timezone.now() + timedelta(hours=1)
    article = make_article("Scheduled", published_at=publishes_at)
    prepared = PreparedQuery(
        lambda pk, now: Article.objects.published(now).filter(pk=pk), pk=int, now=datetime
    )
    assert prepared.run(pk=article.pk, now=publishes_at - timedelta(seconds=1)) == []
    assert prepared.run(pk=article.pk, now=publishes_at) == [article]
    assert prepared.run(pk=article.pk, now=publishes_at - timedelta(minutes=5)) == []


def test_a_prepared_query_refuses_a_parameter_its_sql_never_uses():
    prepared = PreparedQuery(lambda pk, now: Article.objects.filter(pk=pk), pk=int, now=datetime)
    with pytest.raises(ImproperlyConfigured, match=r"never uses.*now"):
        prepared.run(pk=1, now=timezone.now())
    with pytest.raises(ImproperlyConfigured, match="cannot mark"):
        PreparedQuery(lambda slug: Article.objects.filter(slug=slug), slug=bytes)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's (CI runs it)"
)
def test_postgresql_plans_the_article_query_once_per_connection(story, settings):
    for _ in range(3):
        assert Article.objects.public_page(story.pk).headline == story.headline
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert [s for s in prepared if '"credit_rows"' in s], prepared

    settings.DATABASE_PREPARED_STATEMENTS = False  # behind a pooler that cannot keep them
    with connection.cursor() as plain:
        assert type(statement_cursor(connection).cursor) is type(plain.cursor)


def test_an_id_no_column_can_hold_is_a_missing_story(client, story):
    """URL digits can be any length: the prepared query answers none, as the ORM would."""
    huge = "9" * 30
    assert Article.objects.public_page(huge) is None
    assert Article.objects.preview_page(int(huge)) is None
    assert client.get(f"/api/ninjs/{huge}/").status_code == 404
    assert client.get(f"/pakistan/floods-recede-in-sindh-{huge}/").status_code == 404
    assert Article.objects.public_page(str(story.pk)).pk == story.pk


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's (CI runs it)"
)
@pytest.mark.django_db(transaction=True)
def test_a_connection_lost_between_requests_is_replaced_before_the_article_query():
    story = make_article("Still here")
    connection.ensure_connection()
    # A new request on a kept connection, after the server dropped it (a restart, a failover).
    connection.health_check_enabled, connection.health_check_done = True, False
    connection.connection.close()
    assert Article.objects.public_page(story.pk).headline == "Still here"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's (CI runs it)"
)
@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_ended_is_replaced_and_a_sound_one_is_not_checked(
    monkeypatch, caplog
):
    story = make_article("Still here")
    connection.ensure_connection()
    backend = connection.connection.info.backend_pid
    checks = []
    real_check = connection.is_usable
    monkeypatch.setattr(connection, "is_usable", lambda: checks.append(1) or real_check())
    # A new request on the kept connection, sound: the story's read needs no check before it.
    connection.health_check_enabled, connection.health_check_done = True, False
    assert Article.objects.public_page(story.pk).headline == "Still here"
    assert checks == []
    # The server ends the connection between requests (a restart, a failover, an idle timeout).
    other = psycopg.connect(**connection.get_connection_params())
    other.execute("SELECT pg_terminate_backend(%s)", [backend])
    other.close()
    connection.health_check_done = False
    assert Article.objects.public_page(story.pk).headline == "Still here"
    assert checks == [1]  # asked once, after the read failed
    assert connection.connection.info.backend_pid != backend
    assert "database connection lost, reconnecting" in caplog.text


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's placeholders (CI runs it)")
def test_sqlite_statements_take_its_placeholders_once_and_read_as_django_reads_them():
    sql = "SELECT '100%%', %s + 1"
    with CaptureQueriesContext(connection) as captured:
        for value in (1, 2):
            with statement_cursor(connection) as cursor:
                cursor.execute(sql, [value])
                assert cursor.fetchall() == [("100%", value + 1)]
    assert [query["sql"] for query in captured] == ["SELECT '100%', 1 + 1", "SELECT '100%', 2 + 1"]
    with connection.cursor() as plain:
        plain.execute(sql, [1])
        assert plain.fetchall() == [("100%", 2)]
    with statement_cursor(connection) as cursor:
        assert type(cursor.cursor).converted[sql] == "SELECT '100%', ? + 1"
