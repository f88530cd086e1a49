"""FilterSets for the public listings (section, tag, agency, author, date range)."""

import django_filters
from django import forms

from articles import public_lists
from articles.models import Agency, Article, Author

# One message whatever was asked for: a name found only on drafts and a name that does not
# exist are refused alike, and the reader's input is not echoed back.
NOT_A_CHOICE = {
    "invalid_choice": "Select a valid choice. That choice is not one of the available choices."
}


def subject_filter(label, empty_label):
    return django_filters.ChoiceFilter(
        method="filter_subject",
        label=label,
        empty_label=empty_label,
        error_messages=NOT_A_CHOICE,
    )


class ArticleFilter(django_filters.FilterSet):
    section = subject_filter("Section", "Any section")
    tag = subject_filter("Tag", "Any tag")
    agency = subject_filter("Agency", "Any agency")
    author = subject_filter("Author", "Any author")
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

    # Each list holds only what public stories carry, so a tag or name that exists only on a
    # draft is neither listed nor told apart from one that does not exist. The lists are
    # cached (articles/public_lists.py): a page costs no query for them.
    CHOICES = {
        "section": public_lists.section_choices,
        "tag": public_lists.tag_choices,
        "agency": public_lists.agency_choices,
        "author": public_lists.author_choices,
    }

    def __init__(self, *args, fixed=(), **kwargs):
        """``fixed`` names filters the page already applies (a section page's section)."""
        super().__init__(*args, **kwargs)
        for name in fixed:
            self.filters.pop(name, None)
        self.chosen_ids = {}
        for name, rows in self.CHOICES.items():
            if name in self.filters:
                rows = rows()
                self.filters[name].extra["choices"] = [(slug, label) for _, slug, label in rows]
                self.chosen_ids[name] = {slug: pk for pk, slug, _ in rows}

    # Each by an index-friendly QuerySet method (subqueries, ranges on published_at), from the
    # chosen slug's id in the cached list: no query to look the subject up.

    def filter_subject(self, queryset, name, slug):
        pk = self.chosen_ids[name][slug]
        if name == "section":
            return queryset.filter(section_id=pk)
        if name == "tag":
            return queryset.tagged(pk)
        return queryset.credited_to(Agency(pk=pk) if name == "agency" else Author(pk=pk))

    def filter_from(self, queryset, name, day):
        return queryset.published_on_or_after(day)

    def filter_to(self, queryset, name, day):
        return queryset.published_on_or_before(day)
