"""Search results: headlines and body snippets with the reader's words in ``<mark>``."""

from django import template

from articles import highlight as marking

register = template.Library()


@register.simple_tag
def highlight(text, words):
    return marking.highlight(text, words)


@register.simple_tag
def search_snippet(article, words):
    return marking.result_snippet(article, words)
