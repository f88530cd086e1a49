"""The full-text search index: a GIN-indexed tsvector on PostgreSQL, an FTS5 table on SQLite.

Each database gets only its own half (the other is skipped by vendor). Articles already present
are indexed by ``manage.py rebuild_search_index --missing`` (``make run`` does it).
"""

import django.contrib.postgres.search
from django.db import migrations

FTS5_TABLE = (
    "CREATE VIRTUAL TABLE articles_search USING fts5("
    "headline, keywords, body, tokenize = 'porter unicode61 remove_diacritics 0')"
)
GIN_INDEX = "CREATE INDEX article_search_vector ON articles_article USING gin (search_vector)"


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(FTS5_TABLE)
    elif vendor == "postgresql":
        schema_editor.execute(GIN_INDEX)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS articles_search")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_search_vector")


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0003_wire_desk"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                blank=True, editable=False, null=True
            ),
        ),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
