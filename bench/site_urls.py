"""The public URLs of each page type on the benchmark's database, as JSON (run inside Django).

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=... python -m bench.site_urls OUT.json

Each list holds up to ``--limit`` distinct addresses that answer 200, spread over the stories,
the subjects and their pages, so that a load without the page cache does not hit one warm page:
counts come from the same queryset methods as the views, so no page number runs past the end.
"""

import argparse
import json
import math

from bench.stories import WORDS


def pages_of(path, count, size, most):
    """``path`` and its ``?page=N`` pages for a listing of ``count`` stories."""
    last = min(math.ceil(count / size), most)
    glue = "&" if "?" in path else "?"
    return [path] + [f"{path}{glue}page={page}" for page in range(2, last + 1)]


def spread(items, limit):
    """Up to ``limit`` items taken evenly from the whole list, not only its start."""
    step = max(len(items) / limit, 1)
    return [items[int(index * step)] for index in range(min(limit, len(items)))]


def collect(limit):
    from django.conf import settings
    from taggit.models import Tag

    from articles.models import Agency, Article, Author, Section
    from articles.sitemaps import SITEMAPS

    size = settings.NEWSDESK_PAGE_SIZE
    public = Article.objects.published()
    ids = list(public.order_by("pk").values_list("pk", flat=True))
    chosen = spread(ids, limit)
    articles = [
        a.get_absolute_url() for a in public.filter(pk__in=chosen).select_related("section")
    ]

    def listing(prefix, subjects, narrow, most):
        paths = []
        for subject in subjects:
            count = narrow(subject).count()
            if count:
                paths += pages_of(f"{prefix}{subject.slug}/", count, size, most)
        return paths

    sections = list(Section.objects.order_by("slug"))
    tags = list(Tag.objects.order_by("slug"))
    authors = list(Author.objects.order_by("slug"))
    agencies = list(Agency.objects.order_by("slug"))
    months = public.dates("published_at", "month")
    feeds = ["/feeds/rss/"]
    for kind, subjects in (("section", sections), ("tag", tags), ("author", authors)):
        feeds += [f"/feeds/{kind}/{subject.slug}/rss/" for subject in subjects[:50]]
    sitemaps = ["/sitemap.xml", "/sitemap-news.xml"]
    for name, sitemap in SITEMAPS.items():
        pages = sitemap().paginator.num_pages
        sitemaps += [f"/sitemap-{name}.xml"] + [
            f"/sitemap-{name}.xml?p={p}" for p in range(2, pages + 1)
        ]
    found = {
        "home": ["/"],
        "article": articles,
        "section": listing("/", sections, lambda s: public.filter(section=s), 100),
        "tag": listing("/tag/", tags, public.tagged, 3),
        "author": listing("/author/", authors, public.credited_to, 3),
        "agency": listing("/agency/", agencies, public.credited_to, 100),
        "archive": [
            path
            for month in months
            for path in pages_of(
                f"/archive/{month:%Y/%m}/",
                public.filter(
                    published_at__year=month.year, published_at__month=month.month
                ).count(),
                size,
                20,
            )
        ],
        "search": [
            path
            for word in WORDS
            for path in pages_of(f"/search/?q={word}", public.search(word).count(), size, 10)
        ],
        "latest": pages_of("/latest/", len(ids), size, limit),
        "rss": feeds,
        "sitemap": sitemaps,
        "ninjs": [f"/api/ninjs/{pk}/" for pk in chosen],
    }
    return {kind: spread(paths, limit) for kind, paths in found.items()}


def main():
    import django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--limit", type=int, default=500)
    options = parser.parse_args()
    django.setup()
    with open(options.out, "w") as out:
        json.dump(collect(options.limit), out, indent=1)


if __name__ == "__main__":
    main()
