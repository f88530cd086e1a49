"""The readers' pages' template engine: Jinja2, and the helpers their templates call.

The public site (``templates/``: base.html, the pages under articles/, the partials under
includes/) is Jinja2; the admin, the sitemaps and robots.txt stay on Django's engine
(``templates/django/``). Django's engine walks a tree of nodes on every render, resolving each
variable by trying a dict key, an attribute and an index in turn; Jinja2 compiles a template to
Python once. An uncached article page spent three quarters of its time rendering.

Jinja2 calls nothing by itself: templates write ``article.tags.all()`` and
``section.get_absolute_url()``. Helpers that need the request take the template's context.
"""

import unicodedata

from django.template.defaultfilters import date as django_date
from django.template.defaultfilters import truncatechars
from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from django.utils.formats import FORMAT_SETTINGS
from jinja2 import Environment, Template, Undefined, pass_context
from markupsafe import Markup

from articles import highlight, links, public_lists, render_context, seo
from articles.models import Article, Section

# The partials of templates/includes/ that are macros: each template calls them as globals.
# ``{% from ... import %}`` would make each page check the imported template's globals
# against its own on every render.
PARTIALS = {
    "byline": "includes/byline.html",
    "figure": "includes/figure.html",
    "article_meta": "includes/article_meta.html",
    "card": "includes/card.html",
    "search_result": "includes/search_result.html",
}

# HTML every page shows alike, rendered once per process for each key (what it depends on);
# all forgotten at once past _RENDERED_KEPT keys.
_rendered = {}
_RENDERED_KEPT = 256


class PageTemplate(Template):
    """A template whose render reads the URL space and time zone once (render_context)."""

    def render(self, *args, **kwargs):
        with render_context.fixed():
            return super().render(*args, **kwargs)


def environment(**options):
    """The Jinja2 environment of settings.TEMPLATES (Django passes the backend's options)."""
    options.pop("autoescape", None)  # Django's default is on too: never off for readers' pages
    env = Environment(autoescape=True, **options)
    env.template_class = PageTemplate
    env.globals.update(
        url=links.link,
        asset=links.asset,
        now=now,
        section_nav=section_nav,
        site_feed_links=site_feed_links,
        filter_fields=filter_fields,
        page_url=page_url,
        page_meta=page_meta,
        article_sharing=article_sharing,
        article_json_ld=article_json_ld,
        breadcrumbs_json_ld=breadcrumbs_json_ld,
        highlight=highlight.highlight,
        search_snippet=highlight.result_snippet,
    )
    env.globals.update({name: _partial(env, name, path) for name, path in PARTIALS.items()})
    env.filters.update(date=date, archive_url=archive_url, clip=clip)
    return env


def _partial(env, name, template_name):
    """The macro ``name`` of ``template_name``: found once, or on each call where the
    environment reloads changed templates (development)."""
    found = []

    def call(*args, **kwargs):
        if found:
            return found[0](*args, **kwargs)
        macro = getattr(env.get_template(template_name).module, name)
        if not env.auto_reload:
            found.append(macro)
        return macro(*args, **kwargs)

    call.__name__ = name
    return call


def _rendered_once(key, template_name, context):
    """``render_to_string(template_name, context())``, kept under ``key``.

    What a template rendered is escaped already: marked safe for the page that prints it."""
    html = _rendered.get(key)
    if html is None:
        if len(_rendered) >= _RENDERED_KEPT:
            _rendered.clear()
        html = _rendered[key] = Markup(render_to_string(template_name, context()))  # noqa: S704
    return html


def _render(template_name, **values):
    return Markup(render_to_string(template_name, values))  # noqa: S704 - escaped by the template


def date(value, format_string=None):
    """Django's ``date`` filter on the value in the newsroom's time zone ("" for no date).

    A format written out ("j F Y") goes straight to Django's formatter, past the lookup of
    named formats; "c" is ``isoformat()``, which Django's formatter calls for it."""
    if value in (None, "") or isinstance(value, Undefined):
        return ""
    local = render_context.local(value)
    try:
        if format_string == "c":
            return local.isoformat()
        if format_string and format_string not in FORMAT_SETTINGS:
            return dateformat.format(local, format_string)
    except AttributeError:
        return ""  # not a date: nothing, as Django's filter prints
    return django_date(local, format_string)


def now(format_string):
    """``{% now %}``: the current time in the newsroom's zone, formatted as ``date`` does."""
    return date(timezone.now(), format_string)


def archive_url(value, level="day"):
    """The archive page of a moment's local day (or ``"month"``, ``"year"``): a story at 23:30
    in Karachi belongs to that Karachi day, whatever the UTC date."""
    if not value:
        return ""
    value = render_context.local(value)
    parts = {"year": f"{value.year:04d}", "month": f"{value.month:02d}", "day": f"{value.day:02d}"}
    names = {"year": ["year"], "month": ["year", "month"], "day": ["year", "month", "day"]}[level]
    return links.link(f"articles:archive_{level}", *(parts[name] for name in names))


def clip(value, length):
    """``truncatechars``, answering at once when the text already fits: Django's walks the
    text a character at a time (~40 µs for a summary) to find it need not cut."""
    text = unicodedata.normalize("NFC", str(value))
    if len(text) <= int(length):
        return text
    return truncatechars(value, length)


@pass_context
def section_nav(context):
    """The header's section links, the current section marked.

    Every page shows the same links, so each process renders them once for each navigation
    (a new version whenever which sections have public stories, or their names, may have
    changed: articles/public_lists.py) and current section.
    """
    navigation = public_lists.navigation(context.get("request"))
    current = _current_section_id(context)

    def values():
        rows = navigation["sections"]
        sections = [Section(pk=pk, slug=slug, name=name) for pk, slug, name in rows]
        return {"sections": sections, "current": current}

    key = ("section_nav", navigation["version"], current, *render_context.url_space())
    return _rendered_once(key, "includes/section_nav.html", values)


def _current_section_id(context):
    """The section a page is about: its subject, or its story's section."""
    subject = context.get("subject")
    if isinstance(subject, Section):
        return subject.pk
    article = context.get("article")
    return article.section_id if isinstance(article, Article) else None


@pass_context
def site_feed_links(context):
    """The ``<link rel="alternate">`` of the site's RSS and Atom feeds, in every page's head:
    rendered once per process for each site name and addresses."""
    site_name = context.get("site_name", "")

    def values():
        return {
            "site_name": site_name,
            "rss_url": links.link("articles:feed_rss"),
            "atom_url": links.link("articles:feed_atom"),
        }

    key = ("site_feed_links", site_name, *render_context.url_space())
    return _rendered_once(key, "includes/feed_links.html", values)


def filter_fields(filterset):
    """The listing filter form's fields.

    Their lists hold every section, tag, person and agency with a public story (hundreds of
    options, two thirds of an uncached listing page's time), and while the form is unbound
    they are the same on every page with the same filters: each process renders them once
    for each set of choices. A bound form (a reader's choices, errors) is rendered each time.
    """
    form = filterset.form
    if filterset.is_bound:
        return _render("includes/filter_fields.html", form=form)
    choices = tuple(
        (name, tuple(getattr(field, "choices", ()))) for name, field in form.fields.items()
    )
    return _rendered_once(
        ("filter_fields", choices), "includes/filter_fields.html", lambda: {"form": form}
    )


@pass_context
def page_url(context, number):
    """The current URL with only the page number changed, so filters survive pagination."""
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"


@pass_context
def page_meta(context, title):
    """Canonical link and OpenGraph basics of a listing page (home, sections, tags, people)."""
    request = context["request"]
    page = context.get("page_obj")
    return _render(
        "includes/page_meta.html",
        title=title,
        canonical=seo.canonical_url(request, request.path, page.number if page else None),
        site_name=context.get("site_name", ""),
    )


@pass_context
def article_sharing(context, article):
    """What an article page's canonical link, OpenGraph and Twitter card tags say."""
    return seo.article_sharing(article, context["request"])


@pass_context
def article_json_ld(context, article):
    """The article's NewsArticle and its Home → Section → Article BreadcrumbList."""
    request = context["request"]
    documents = [seo.news_article(article, request), seo.article_breadcrumbs(article, request)]
    return Markup("\n").join(seo.json_ld_script(data) for data in documents)


@pass_context
def breadcrumbs_json_ld(context, name):
    """Home → this listing page, for section, tag, author and agency pages."""
    return seo.json_ld_script(seo.page_breadcrumbs(context["request"], name))
