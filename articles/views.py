"""Public reading pages. Each view picks a queryset of public stories and a template."""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.views.generic import (
    DayArchiveView,
    DetailView,
    ListView,
    MonthArchiveView,
    TemplateView,
    YearArchiveView,
)
from taggit.models import Tag

from articles import freshness, public_lists, search
from articles.filters import ArticleFilter
from articles.models import Agency, Article, Author, Section
from articles.ninjs import article_to_ninjs
from articles.page_cache import depends_on
from articles.pagination import StoryPaginator

HOME_TOP_STORIES = 5
HOME_STORIES_PER_SECTION = 4


class HomeView(TemplateView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        depends_on(self.request, freshness.SITE)
        stories = list(
            Article.objects.published()
            .front_page(HOME_TOP_STORIES, HOME_STORIES_PER_SECTION)
            .for_listing()
        )
        by_section = {}
        for article in stories:  # newest first: a section's first are its newest
            in_section = by_section.setdefault(article.section, [])
            if len(in_section) < HOME_STORIES_PER_SECTION:
                in_section.append(article)
        sections = sorted(by_section.items(), key=lambda item: (item[0].position, item[0].name))
        return super().get_context_data(
            top_stories=stories[:HOME_TOP_STORIES], sections=sections, **kwargs
        )


class ArticleDetailView(DetailView):
    """A public story; for staff who may change stories, also any story not yet public (a
    preview at its future address, marked as such, never cached and never indexed)."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        article = Article.objects.public_page(self.kwargs["pk"])
        if article is None:
            raise Http404("No public story here.")
        return article

    def get(self, request, *args, **kwargs):
        preview = False
        try:
            self.object = self.get_object()
        except Http404:
            withdrawn = Article.objects.withdrawn().filter(pk=kwargs["pk"]).first()
            if withdrawn is not None:
                depends_on(request, f"article:{withdrawn.pk}")
                return render(
                    request, "articles/withdrawn.html", {"withdrawn": withdrawn}, status=410
                )
            self.object = self.preview_object(kwargs["pk"])
            if self.object is None:
                raise
            preview = True
        depends_on(request, *freshness.story_keys(self.object))
        public_lists.navigation_at(request, self.object.navigation_version)
        canonical = self.object.get_absolute_url()
        if request.path != canonical:
            # Headlines, slugs and sections change; the id in the URL does not. A preview's
            # address may change again before it is public: no permanent redirect for it.
            response = redirect(canonical, permanent=not preview)
        else:
            context = self.get_context_data(object=self.object, preview=preview)
            response = self.render_to_response(context)
        if preview:
            add_never_cache_headers(response)
        return response

    def preview_object(self, pk):
        """Any story not withdrawn, for staff allowed to change stories; else None."""
        user = self.request.user
        if not (user.is_active and user.is_staff and user.has_perm("articles.change_article")):
            return None
        return Article.objects.preview_page(pk)


class PublicListView(ListView):
    """A paginated listing of public stories, narrowed by the page's subject and by filters."""

    context_object_name = "articles"
    paginate_by = settings.NEWSDESK_PAGE_SIZE
    paginator_class = StoryPaginator
    fixed_filters = ()
    known_count = None

    def get_subject(self):
        return None

    def narrow(self, queryset):
        return queryset

    def subject_key(self):
        """The freshness key of what the page lists (``site`` for every story), naming its
        cached count; None for a listing whose count is not worth keeping."""
        return freshness.SITE

    def get_queryset(self):
        self.subject = self.get_subject()
        subject = self.subject
        depends_on(self.request, freshness.subject_key(subject) if subject else freshness.SITE)
        public = self.narrow(Article.objects.published())
        # Bound only by filters: a page number alone keeps the cached count.
        asked = any(name in self.request.GET for name in ArticleFilter.base_filters)
        self.filterset = ArticleFilter(
            self.request.GET if asked else None, queryset=public, fixed=self.fixed_filters
        )
        key = self.subject_key()
        if key is not None and (self.subject is not None or not self.filterset.is_bound):
            # The unfiltered count is cached: the paginator's, and the 404 test below.
            self.known_count = public_lists.story_count(key, public)
        if self.subject is not None and not self.known_count:
            # A page about a section, tag, person or agency with no public story would
            # reveal what is still unpublished.
            raise Http404("No public story here.")
        if not self.filterset.is_bound:
            filtered = public
        else:
            self.known_count = None
            filtered = self.filterset.qs if self.filterset.is_valid() else public.none()
        return filtered.for_listing().newest_first()

    def get_paginator(self, *args, **kwargs):
        return super().get_paginator(*args, count=self.known_count, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(subject=self.subject, filter=self.filterset, **kwargs)


class LatestView(PublicListView):
    template_name = "articles/latest.html"


class SectionView(PublicListView):
    template_name = "articles/section.html"
    fixed_filters = ("section",)

    def get_subject(self):
        return get_object_or_404(Section, slug=self.kwargs["slug"])

    def narrow(self, queryset):
        return queryset.filter(section=self.subject)

    def subject_key(self):
        return f"section:{self.subject.pk}"


class TagView(PublicListView):
    template_name = "articles/tag.html"
    fixed_filters = ("tag",)

    def get_subject(self):
        return get_object_or_404(Tag, slug=self.kwargs["slug"])

    def narrow(self, queryset):
        return queryset.tagged(self.subject)

    def subject_key(self):
        return f"tag:{self.subject.pk}"


class AuthorView(PublicListView):
    template_name = "articles/author.html"
    fixed_filters = ("author",)

    def get_subject(self):
        return get_object_or_404(Author.objects.select_related("agency"), slug=self.kwargs["slug"])

    def narrow(self, queryset):
        return queryset.credited_to(self.subject)

    def subject_key(self):
        return f"{'agency' if self.subject.is_agency else 'author'}:{self.subject.pk}"


class AgencyView(PublicListView):
    template_name = "articles/agency.html"
    fixed_filters = ("agency",)

    def get_subject(self):
        return get_object_or_404(Agency, slug=self.kwargs["slug"])

    def narrow(self, queryset):
        return queryset.credited_to(self.subject)

    def subject_key(self):
        return f"{'agency' if self.subject.is_agency else 'author'}:{self.subject.pk}"


class SearchView(PublicListView):
    """Public stories holding every word of ``q``, headline matches first, with the filters."""

    template_name = "articles/search.html"

    def subject_key(self):
        return None  # a count per query: not kept

    def narrow(self, queryset):
        return queryset.search(self.request.GET.get("q", ""))

    def get_queryset(self):
        # The listings' newest-first order would undo the ranking.
        return super().get_queryset().order_by(*search.RANKING)

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "")[: search.MAX_QUERY_CHARS]
        return super().get_context_data(
            query=query,
            query_words=search.query_words(query),
            filters_used=any(self.request.GET.get(name) for name in self.filterset.filters),
            **kwargs,
        )


class ArchiveMixin:
    """Public stories of a year, month or day in the newsroom's time zone; empty dates 404."""

    template_name = "articles/archive.html"
    context_object_name = "articles"
    date_field = "published_at"
    month_format = "%m"
    allow_empty = False
    paginate_by = settings.NEWSDESK_PAGE_SIZE
    paginator_class = StoryPaginator

    def get_queryset(self):
        depends_on(self.request, freshness.SITE)
        return Article.objects.published().newest_first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        period = context[self.archive_level]
        heading = f"Stories from {date_format(period, self.heading_format)}"
        return {**context, "archive_level": self.archive_level, "heading": heading}


class YearArchive(ArchiveMixin, YearArchiveView):
    make_object_list = True
    archive_level, heading_format = "year", "Y"


class MonthArchive(ArchiveMixin, MonthArchiveView):
    archive_level, heading_format = "month", "F Y"


class DayArchive(ArchiveMixin, DayArchiveView):
    archive_level, heading_format = "day", "j F Y"


def article_ninjs(request, pk):
    """A public article as ninjs JSON (2.x; ``?version=3`` for 3.x); withdrawn ones are 410."""
    article = Article.objects.public_page(pk)
    if article is None:
        if Article.objects.withdrawn().filter(pk=pk).exists():
            depends_on(request, f"article:{pk}")
            return JsonResponse({"error": "withdrawn"}, status=410)
        raise Http404("No public story here.")
    depends_on(request, *freshness.story_keys(article))
    version = 3 if request.GET.get("version") == "3" else 2
    document = article_to_ninjs(
        article, version=version, base_url=request.build_absolute_uri("/")[:-1]
    )
    return JsonResponse(document, json_dumps_params={"ensure_ascii": False})
