"""Template helpers for the public pages."""

import unicodedata

from django import template
from django.template.defaultfilters import truncatechars
from django.template.loader import render_to_string

from articles import links, public_lists
from articles.models import Article, Section

register = template.Library()

# HTML every page shows alike, rendered once per process for each key (what it depends on);
# all forgotten at once past _RENDERED_KEPT keys.
_rendered = {}
_RENDERED_KEPT = 256


def _rendered_once(key, template_name, context):
    """``render_to_string(template_name, context())``, kept under ``key``."""
    html = _rendered.get(key)
    if html is None:
        if len(_rendered) >= _RENDERED_KEPT:
            _rendered.clear()
        html = _rendered[key] = render_to_string(template_name, context())
    return html


@register.simple_tag(takes_context=True)
def section_nav(context):
    """The header's section links, the current section marked.

    Every page shows the same links, so each process renders them once for each navigation
    (a new version whenever which sections have public stories, or their names, may have
    changed: articles/public_lists.py) and current section; ~0.3 ms a page otherwise.
    """
    navigation = public_lists.navigation(context.get("request"))
    current = _current_section_id(context)
    urls = links.url_space()

    def context():
        rows = navigation["sections"]
        sections = [Section(pk=pk, slug=slug, name=name) for pk, slug, name in rows]
        return {"sections": sections, "current": current}

    key = ("section_nav", navigation["version"], current, *urls)
    return _rendered_once(key, "includes/section_nav.html", context)


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
    choices = tuple(
        (name, tuple(getattr(field, "choices", ()))) for name, field in form.fields.items()
    )
    return _rendered_once(
        ("filter_fields", choices), "includes/filter_fields.html", lambda: {"form": form}
    )


@register.simple_tag(takes_context=True)
def site_feed_links(context):
    """The ``<link rel="alternate">`` of the site's RSS and Atom feeds, in every page's head:
    rendered once per process for each site name and addresses."""
    site_name = context.get("site_name", "")
    urls = links.url_space()

    def feed_context():
        return {
            "site_name": site_name,
            "rss_url": links.link("articles:feed_rss"),
            "atom_url": links.link("articles:feed_atom"),
        }

    return _rendered_once(
        ("site_feed_links", site_name, *urls), "includes/feed_links.html", feed_context
    )


@register.simple_tag
def asset(path):
    """``{% asset 'css/site.css' %}``: what ``{% static %}`` gives, looked up once per process
    (articles/links.py)."""
    return links.asset(path)


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


@register.filter(is_safe=True)
def clip(value, length):
    """``truncatechars``, answering at once when the text already fits: Django's walks the
    text a character at a time (~40 µs for a summary) to find it need not cut."""
    text = unicodedata.normalize("NFC", str(value))
    if len(text) <= int(length):
        return text
    return truncatechars(value, length)


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current URL with only the page number changed, so filters survive pagination."""
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"
