"""Template tags printing what articles/seo.py builds: JSON-LD, share tags, canonical links."""

from django import template
from django.utils.html import format_html_join

from articles import seo

register = template.Library()


@register.filter
def stored_image(photo):
    """``{% with image=photo|stored_image %}``: the photo's file with its size, or None."""
    return seo.stored_image(photo)


@register.simple_tag(takes_context=True)
def article_json_ld(context, article):
    """The article's NewsArticle and its Home → Section → Article BreadcrumbList."""
    request = context["request"]
    documents = [seo.news_article(article, request), seo.article_breadcrumbs(article, request)]
    return format_html_join("\n", "{}", ((seo.json_ld_script(data),) for data in documents))


@register.simple_tag(takes_context=True)
def breadcrumbs_json_ld(context, name):
    """Home → this listing page, for section, tag, author and agency pages."""
    return seo.json_ld_script(seo.page_breadcrumbs(context["request"], name))


@register.inclusion_tag("includes/article_meta.html", takes_context=True)
def article_meta(context, article):
    """Canonical link, OpenGraph and Twitter card tags of an article page."""
    return {"share": seo.article_sharing(article, context["request"])}


@register.inclusion_tag("includes/page_meta.html", takes_context=True)
def page_meta(context, title):
    """Canonical link and OpenGraph basics of a listing page (home, sections, tags, people)."""
    request = context["request"]
    page = context.get("page_obj")
    return {
        "title": title,
        "canonical": seo.canonical_url(request, request.path, page.number if page else None),
        "site_name": context.get("site_name", ""),
    }
