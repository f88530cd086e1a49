"""``manage.py export_ninjs``: public articles as ninjs JSON, one per line or one file each."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from articles.models import Article
from articles.ninjs import article_to_ninjs


class Command(BaseCommand):
    help = "Export public articles as IPTC ninjs (2.x, or 3.x with --ninjs-version 3)."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="Article ids (default: all public).")
        parser.add_argument("--ninjs-version", type=int, choices=[2, 3], default=2)
        parser.add_argument("--output", type=Path, help="Write ID.json files into this folder.")
        parser.add_argument("--base-url", default="", help="Site address for links, no slash.")

    def handle(self, *args, **options):
        articles = Article.objects.published().for_article_page().newest_first()
        if options["ids"]:
            articles = articles.filter(pk__in=options["ids"])
        if options["output"]:
            options["output"].mkdir(parents=True, exist_ok=True)
        count = 0
        for article in articles.iterator(chunk_size=200):
            document = article_to_ninjs(
                article, version=options["ninjs_version"], base_url=options["base_url"]
            )
            text = json.dumps(document, ensure_ascii=False)
            if options["output"]:
                (options["output"] / f"{article.pk}.json").write_text(text + "\n")
            else:
                self.stdout.write(text)
            count += 1
        self.stderr.write(f"Exported {count} articles as ninjs {options['ninjs_version']}.x")
