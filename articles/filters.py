"""FilterSets for the public listings (section, tag, agency, author, date range)."""

import django_filters
from django import forms
from taggit.models import Tag

from articles.models import Agency, Article, Author, Section


class ArticleFilter(django_filters.FilterSet):
    section = django_filters.ModelChoiceFilter(
        queryset=Section.objects.all(), to_field_name="slug", empty_label="Any section"
    )
    tag = django_filters.ModelChoiceFilter(
        method="filter_tag",
        queryset=Tag.objects.all(),
        to_field_name="slug",
        label="Tag",
        empty_label="Any tag",
    )
    agency = django_filters.ModelChoiceFilter(
        method="filter_credited",
        queryset=Agency.objects.all(),
        to_field_name="slug",
        label="Agency",
        empty_label="Any agency",
    )
    author = django_filters.ModelChoiceFilter(
        method="filter_credited",
        queryset=Author.objects.all(),
        to_field_name="slug",
        label="Author",
        empty_label="Any author",
    )
    published_from = django_filters.DateFilter(
        method="filter_from",
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    published_to = django_filters.DateFilter(
        method="filter_to",
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Article
        fields = [
            "section",
            "tag",
            "agency",
            "author",
            "published_from",
            "published_to",
        ]

    def __init__(self, *args, fixed=(), **kwargs):
        """``fixed`` names filters the page already applies (a section page's section).

        Each choice list holds only what public stories carry, so a tag or name that exists
        only on a draft is neither listed nor told apart from one that does not exist.
        """
        super().__init__(*args, **kwargs)
        for name in fixed:
            self.filters.pop(name, None)
        public = Article.objects.published()
        choices = {
            "section": Section.objects.with_public_stories(),
            "tag": Tag.objects.filter(pk__in=public.values("tags")),
            "agency": Agency.objects.filter(pk__in=public.values("credits__agency")),
            "author": Author.objects.filter(pk__in=public.values("credits__author")),
        }
        for name, queryset in choices.items():
            if name in self.filters:
                self.filters[name].queryset = queryset

    # Each by an index-friendly QuerySet method (subqueries, ranges on published_at).

    def filter_tag(self, queryset, name, tag):
        return queryset.tagged(tag)

    def filter_credited(self, queryset, name, person):
        return queryset.credited_to(person)

    def filter_from(self, queryset, name, day):
        return queryset.published_on_or_after(day)

    def filter_to(self, queryset, name, day):
        return queryset.published_on_or_before(day)
