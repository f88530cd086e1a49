"""The read replica: anonymous public pages read from it; writes, staff and the admin never do.

The test settings make ``replica`` a second alias of the test database (TEST MIRROR), so every
query below really runs on one connection or the other, and each connection's log tells which.
Transactional tests: a replica only sees committed rows, as in production.
"""

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from tests.factories import make_article, make_section
from tests.processes import run_shell
from tests.test_admin import form_data

pytestmark = [
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]


@pytest.fixture(autouse=True)
def replica_reads(settings):
    settings.NEWSDESK_READ_FROM_REPLICA = True


@pytest.fixture
def story():
    return make_article("Floods recede in Sindh", section=make_section("Climate"))


class Queries:
    """SQL run on the primary and on the replica while the block runs."""

    def __enter__(self):
        self.contexts = {
            alias: CaptureQueriesContext(connections[alias]) for alias in ("default", "replica")
        }
        for context in self.contexts.values():
            context.__enter__()
        return self

    def __exit__(self, *exc_info):
        for context in self.contexts.values():
            context.__exit__(*exc_info)

    def on(self, alias):
        return [query["sql"] for query in self.contexts[alias].captured_queries]


def test_anonymous_pages_read_from_the_replica(client, story):
    for url in (
        story.get_absolute_url(),
        reverse("articles:home"),
        story.section.get_absolute_url(),
    ):
        with Queries() as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert "Floods recede in Sindh" in response.content.decode()
        assert queries.on("replica"), url
        assert queries.on("default") == [], (url, queries.on("default"))


def test_staff_pages_and_the_admin_use_only_the_primary(staff_client, story):
    for url in (
        story.get_absolute_url(),
        reverse("articles:home"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[story.pk]),
    ):
        with Queries() as queries:
            response = staff_client.get(url)
        assert response.status_code == 200, url
        assert queries.on("default"), url
        assert queries.on("replica") == [], (url, queries.on("replica"))


def test_a_write_reads_and_writes_on_the_primary(staff_client, story):
    url = reverse("admin:articles_article_change", args=[story.pk])
    data = form_data(staff_client.get(url), headline="Floods recede further")
    with Queries() as queries:
        response = staff_client.post(url, data)
    assert response.status_code == 302
    assert Article.objects.get(pk=story.pk).headline == "Floods recede further"
    assert any(sql.startswith("UPDATE") for sql in queries.on("default"))
    assert queries.on("replica") == []


def test_anonymous_post_and_admin_login_page_stay_on_the_primary(client, story):
    with Queries() as queries:
        client.get(reverse("admin:login"))
        client.post(reverse("admin:login"), {"username": "nobody", "password": "wrong"})
        client.post(reverse("articles:home"))  # a form post to a public page: 405, primary only
    assert queries.on("default")
    assert queries.on("replica") == []


def test_reads_inside_a_transaction_use_the_primary(story):
    with Queries() as queries:
        assert Article.objects.get(pk=story.pk).headline == "Floods recede in Sindh"
        with transaction.atomic():
            Article.objects.filter(pk=story.pk).update(headline="Floods recede further")
            assert Article.objects.get(pk=story.pk).headline == "Floods recede further"
    replica, default = queries.on("replica"), queries.on("default")
    assert len(replica) == 1 and replica[0].startswith("SELECT")
    assert any(sql.startswith("UPDATE") for sql in default)
    assert sum(sql.startswith("SELECT") for sql in default) == 1


def test_replica_url_adds_the_replica_alias():
    code = (
        "from django.conf import settings as s; "
        "r, d = s.DATABASES['replica'], s.DATABASES['default']; "
        "print(r['HOST'], r['USER'], r['CONN_MAX_AGE'], r['CONN_HEALTH_CHECKS'], "
        "d['HOST'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], s.DATABASE_ROUTERS)"
    )
    result = run_shell(
        code,
        DATABASE_URL="postgres://desk@primary.internal:5432/news",
        DATABASE_REPLICA_URL="postgres://reader@replica.internal:5432/news",
        DJANGO_SETTINGS_MODULE="newsdesk.settings.dev",
    )
    # Both keep connections for 60 s and check them before reuse.
    assert result.stdout.strip().split(maxsplit=7) == [
        "replica.internal",
        "reader",
        "60",
        "True",
        "primary.internal",
        "60",
        "True",
        "['newsdesk.db_router.ReplicaRouter']",
    ], result.stderr
