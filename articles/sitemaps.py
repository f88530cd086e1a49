"""Sitemaps for search engines, and the three small views that serve them.

``/sitemap.xml`` is an index of the section, tag, author, agency and article sitemaps and of the
Google News sitemap (``/sitemap-news.xml``: stories of the last two days, at most 1,000 a file).
Everything is built on ``Article.objects.published()``: a subject appears only while it has a
public story, and no draft, scheduled, embargoed or withdrawn story is ever listed.
"""

from datetime import timedelta
from functools import cached_property

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Paginator
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils import timezone
from taggit.models import Tag

from articles import freshness
from articles.links import link
from articles.models import Agency, Article, Author, Section
from articles.page_cache import depends_on, valid_until


class PublicSitemap(Sitemap):
    @cached_property
    def paginator(self):
        # Counted once per request: the index asks for it twice. Instances never outlive a
        # request because the views below hand Django classes, not instances.
        return Paginator(self._items(), self.limit)


class SectionSitemap(PublicSitemap):
    def items(self):
        return Section.objects.with_public_stories().order_by("position", "name")


class TagSitemap(PublicSitemap):
    def items(self):
        return Tag.objects.filter(pk__in=Article.objects.published().values("tags")).order_by(
            "slug"
        )

    def location(self, tag):
        return link("articles:tag", tag.slug)


class AuthorSitemap(PublicSitemap):
    def items(self):
        public = Article.objects.published().values("credits__author")
        return Author.objects.filter(pk__in=public).order_by("slug")


class AgencySitemap(PublicSitemap):
    def items(self):
        public = Article.objects.published().values("credits__agency")
        return Agency.objects.filter(pk__in=public).order_by("slug")


class ArticleSitemap(PublicSitemap):
    """Every public story, oldest first so that a page's stories stay on that page."""

    fields = ("id", "slug", "published_at", "updated_at", "section__slug")

    def stories(self):
        return Article.objects.published().select_related("section").only(*self.fields)

    def items(self):
        return self.stories().order_by("published_at", "pk")

    def lastmod(self, article):
        return article.updated_at or article.published_at

    def get_latest_lastmod(self):
        # Django's default walks every item; one aggregate does the same.
        latest = Coalesce("updated_at", "published_at")
        return self.stories().aggregate(latest=Max(latest))["latest"]


class NewsSitemap(ArticleSitemap):
    """Google News: only what was published in the last two days, at most 1,000 a file."""

    limit = 1000
    window = timedelta(days=2)
    fields = (*ArticleSitemap.fields, "headline", "language")

    def stories(self):
        since = timezone.now() - self.window
        return super().stories().filter(published_at__gte=since)

    def items(self):
        return self.stories().order_by("-published_at", "-pk")

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["language"] = news_language(url["item"].language or settings.LANGUAGE_CODE)
        return urls


def news_language(code):
    """Google News wants an ISO 639 code ("en", "ur"); only Chinese keeps its region."""
    code = code.strip().lower().replace("_", "-")
    return code if code in {"zh-cn", "zh-tw"} else code.split("-")[0]


NEWS_SITEMAP_LIFETIME = timedelta(minutes=5)

SITEMAPS = {
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
    "agencies": AgencySitemap,
    "articles": ArticleSitemap,
}
NEWS_SITEMAPS = {"news": NewsSitemap}


def index(request):
    """The index names only sitemaps that list something: an empty urlset is invalid XML."""
    depends_on(request, freshness.SITE)
    present = {}
    for section, sitemap_class in (SITEMAPS | NEWS_SITEMAPS).items():
        sitemap = sitemap_class()
        if sitemap.paginator.count:
            present[section] = sitemap
    return sitemap_views.index(
        request,
        present,
        sitemap_url_name="articles:sitemap_section",
    )


def section(request, section):
    depends_on(request, freshness.SITE)
    return sitemap_views.sitemap(
        request, SITEMAPS, section=section, template_name="sitemaps/urlset.xml"
    )


def news(request):
    depends_on(request, freshness.SITE)
    # Stories leave it as they turn two days old, with no write to tell the cache.
    valid_until(request, timezone.now() + NEWS_SITEMAP_LIFETIME)
    return sitemap_views.sitemap(
        request, NEWS_SITEMAPS, section="news", template_name="sitemaps/news.xml"
    )
