"""JSON wire copy: reading it, and the ninjs shapes that the ninjs and AP Media API parsers
share (AP's schema is close to ninjs 1.x): text entries, times, statuses, subjects, the
associations and the pictures among them.

Keys are lower-cased on reading, so ninjs 3.x camelCase (``versionCreated``) reads as 2.x.
Values are read defensively: a list where text was expected, or an object where a list was,
reads as nothing rather than failing the story.
"""

import json

from articles.text import fold_spaces

from .common import (
    decode_text,
    first_text,
    parse_datetime,
    section_for_subject,
    split_caption_credit,
    unique,
)
from .markup import html_text, safe_href
from .story import CANCELED, USABLE, WITHHELD, ParsedPhoto, WireError

STATUSES = {"usable": USABLE, "withheld": WITHHELD, "canceled": CANCELED, "cancelled": CANCELED}
MEDIA_TYPES = {"picture", "graphic", "video", "audio"}
PHOTO_TYPES = {"picture", "graphic"}
STORY_TYPES = {"text", "composite"}
HTML_TYPES = {"text/html", "application/xhtml+xml"}
ALT_ROLES = {"alt", "alttext", "alt_text"}


def load_json(data, label):
    """The JSON object in the bytes, keys lower-cased (so ninjs 3.x camelCase reads as 2.x)."""
    document = read_json(decode_text(data), label, convert=lower_keys)
    if not isinstance(document, dict):
        raise WireError(f"{label} JSON holds no story (the top level is not an object)")
    return document


def read_json(text, label="", convert=None):
    """The value in JSON text (passed through ``convert``), or a WireError saying why not."""
    try:
        document = json.loads(text)
        return convert(document) if convert else document
    except json.JSONDecodeError as error:
        raise WireError(f"invalid JSON: {error}") from None
    except RecursionError:
        raise WireError(f"{label} JSON is nested too deeply to be a story".lstrip()) from None


def lower_keys(value):
    if isinstance(value, dict):
        return {str(key).lower(): lower_keys(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [lower_keys(inner) for inner in value]
    return value


def text_of(value):
    """A scalar as folded text; "" for absent values and for the wrong shape (a list, an object)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    return fold_spaces(str(value))


def objects(value):
    """The objects in a list (a lone object counts as one); anything else holds none."""
    if isinstance(value, dict):
        return [value]
    return [inner for inner in value if isinstance(inner, dict)] if isinstance(value, list) else []


def listed(value):
    """A list as it is; a lone value as a list of one; nothing as an empty list."""
    return value if isinstance(value, list) else [] if value is None else [value]


def role_of(entry):
    return text_of(entry.get("role")).lower()


def content_type(entry):
    return text_of(entry.get("contenttype")).lower().split(";")[0].strip()


def value_text(entry):
    """The text of a {role, contenttype, value} entry, markup removed where it is HTML."""
    value = entry.get("value")
    if not isinstance(value, str):
        return ""
    return html_text(value) if content_type(entry) in HTML_TYPES else fold_spaces(value)


def headline_of(item):
    headlines = objects(item.get("headlines"))
    main = [h for h in headlines if role_of(h) in ("", "main")]
    return first_text(*(value_text(h) for h in main + headlines), text_of(item.get("headline")))


def status_of(value, field):
    status = text_of(value).lower() or "usable"
    if status not in STATUSES:
        raise WireError(f"{field} {status!r} is not usable, withheld or canceled")
    return STATUSES[status]


def time_of(item, *keys):
    """The first of these date fields that is present, as an aware datetime (None if none)."""
    for key in keys:
        if value := text_of(item.get(key)):
            return parse_datetime(value, field=key)
    return None


def dateline_of(located, credits):
    """The place the story was filed from; a byline put in ``located`` by mistake is no place."""
    place = text_of(located)
    first = place.split(",")[0].strip().casefold()
    if any(credit.name.casefold() == first for credit in credits):
        return ""
    return place


SECTION_REL = "section"  # how our own ninjs export names the story's section among subjects


def tags_of(keywords, subjects):
    names = [text_of(keyword) for keyword in listed(keywords)]
    names += [text_of(s.get("name")) for s in subjects if text_of(s.get("rel")) != SECTION_REL]
    return unique(name for name in names if len(name) <= 100)


def section_of(subjects):
    """Our section slug: the subject marked as the section (our export), else an IPTC code."""
    for subject in subjects:
        if text_of(subject.get("rel")) == SECTION_REL and text_of(subject.get("literal")):
            return text_of(subject.get("literal"))
    for subject in subjects:
        uri_tail = text_of(subject.get("uri")).rsplit("/", 1)[-1]
        for code in (subject.get("code"), subject.get("qcode"), subject.get("literal"), uri_tail):
            if section := section_for_subject(text_of(code)):
                return section
    return ""


def associations_of(item):
    """(name, object) pairs: 1.x keeps associations in an object, 2.x and 3.x in an array."""
    value = item.get("associations")
    if isinstance(value, dict):
        return [(key, inner) for key, inner in value.items() if isinstance(inner, dict)]
    return [(text_of(inner.get("name")), inner) for inner in objects(value)]


def photo_of(association, caption="", credit=""):
    """A picture association: caption from its descriptions (role caption first, else its
    headline), alt text from role alt, credit from its by/byline/creditline (or the end of the
    caption), URL from its largest rendition."""
    descriptions = objects(association.get("descriptions"))
    captions = [d for d in descriptions if role_of(d) == "caption"]
    alt = first_text(
        *(value_text(d) for d in descriptions if role_of(d) in ALT_ROLES),
        text_of(association.get("alt_text")),
    )
    caption = first_text(
        caption,
        *(value_text(d) for d in captions + descriptions if role_of(d) not in ALT_ROLES),
        text_of(association.get("description_text")),
        text_of(association.get("body_text")),
        headline_of(association),
    )
    credit = first_text(
        credit, *(text_of(association.get(key)) for key in ("by", "byline", "creditline", "credit"))
    )
    caption, credit_in_caption = split_caption_credit(caption, credit)
    credit = first_text(
        credit,
        credit_in_caption,
        notice if len(notice := text_of(association.get("copyrightnotice"))) <= 100 else "",
    )  # a long copyright notice is a rights statement, not a credit
    url = best_rendition(association.get("renditions"))
    return ParsedPhoto(caption=caption, credit=credit, alt_text=alt or caption, url=url)


def best_rendition(renditions):
    """The href of the largest image rendition (by pixels, then bytes); http(s) only."""
    if isinstance(renditions, dict):
        renditions = list(renditions.values())
    best, best_size = "", None
    for rendition in objects(renditions):
        href = text_of(rendition.get("href"))
        kind = first_text(content_type(rendition), text_of(rendition.get("mimetype")))
        if not safe_href(href) or (kind and "image" not in kind):
            continue
        size = (_number(rendition.get("width")) * _number(rendition.get("height")),
                _number(rendition.get("sizeinbytes")))  # fmt: skip
        if best_size is None or size > best_size:
            best, best_size = href, size
    return best


def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0
