"""Template helpers for the public pages."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf

from articles import links, public_lists
from articles.models import Article, Section

register = template.Library()

# Rendered section links, by navigation version, current section and URL space.
_section_navs = {}
_SECTION_NAVS_KEPT = 256


@register.simple_tag(takes_context=True)
def section_nav(context):
    """The header's section links, the current section marked.

    Every page shows the same links, so each process renders them once for each navigation
    (a new version whenever which sections have public stories, or their names, may have
    changed: articles/public_lists.py) and current section; ~0.3 ms a page otherwise.
    """
    navigation = public_lists.navigation(context.get("request"))
    current = _current_section_id(context)
    urls = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    key = (navigation["version"], current, *urls)
    html = _section_navs.get(key)
    if html is None:
        if len(_section_navs) >= _SECTION_NAVS_KEPT:
            _section_navs.clear()
        sections = [
            Section(pk=pk, slug=slug, name=name) for pk, slug, name in navigation["sections"]
        ]
        html = render_to_string(
            "includes/section_nav.html", {"sections": sections, "current": current}
        )
        _section_navs[key] = html
    return html


# Rendered unbound filter forms, by their fields' names and choices.
_filter_fields = {}
_FILTER_FIELDS_KEPT = 64


@register.simple_tag
def filter_fields(filterset):
    """The listing filter form's fields.

    Their lists hold every section, tag, person and agency with a public story (hundreds of
    options, two thirds of an uncached listing page's time), and while the form is unbound
    they are the same on every page with the same filters: each process renders them once
    for each set of choices. A bound form (a reader's choices, errors) is rendered each time.
    """
    form = filterset.form
    if filterset.is_bound:
        return render_to_string("includes/filter_fields.html", {"form": form})
    key = tuple((name, tuple(getattr(field, "choices", ()))) for name, field in form.fields.items())
    html = _filter_fields.get(key)
    if html is None:
        if len(_filter_fields) >= _FILTER_FIELDS_KEPT:
            _filter_fields.clear()
        html = _filter_fields[key] = render_to_string("includes/filter_fields.html", {"form": form})
    return html


def _current_section_id(context):
    """The section a page is about: its subject, or its story's section."""
    subject = context.get("subject")
    if isinstance(subject, Section):
        return subject.pk
    article = context.get("article")
    return article.section_id if isinstance(article, Article) else None


@register.simple_tag
def link(viewname, *args):
    """``{% link 'articles:tag' tag.slug %}``: what ``{% url %}`` gives, reversed once per
    process (articles/links.py); ``{% link ... as name %}`` works too."""
    return links.link(viewname, *args)


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current URL with only the page number changed, so filters survive pagination."""
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"
