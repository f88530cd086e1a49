"""Template helpers for the public pages."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current URL with only the page number changed, so filters survive pagination."""
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"
