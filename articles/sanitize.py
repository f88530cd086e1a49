"""Sanitising of stored HTML. Everything that reaches a template unescaped passes through here."""

import nh3

BODY_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "a", "strong", "em", "b", "i",
    "br", "sub", "sup", "cite", "q", "abbr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
BODY_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}


def clean_body_html(html):
    """Keep structural markup and http(s)/mailto links only; scripts, handlers and styles go."""
    return nh3.clean(
        html or "",
        tags=BODY_TAGS,
        attributes=BODY_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()
