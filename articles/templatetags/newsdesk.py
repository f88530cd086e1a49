"""Template helpers for the public pages."""

from django import template

from articles import links

register = template.Library()


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
