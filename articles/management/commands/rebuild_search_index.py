"""``manage.py rebuild_search_index [--missing]``: (re)build the full-text index of every article.

Saves and imports keep the index current by themselves; this is for databases that had articles
before the index existed, and for repairs.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from articles import freshness, search
from articles.models import Article


class Command(BaseCommand):
    help = "Rebuild the full-text search index (PostgreSQL tsvector or SQLite FTS5)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing", action="store_true", help="Only index articles not indexed yet."
        )

    def handle(self, *args, **options):
        with transaction.atomic():
            if options["missing"]:
                count = search.index_articles(search.unindexed_articles(Article.objects.all()))
            else:
                search.clear_index()
                count = search.index_articles(Article.objects.all())
            freshness.replace([])  # search pages built from the old index are stale
        self.stdout.write(f"Indexed {count} article{'' if count == 1 else 's'} for search.")
