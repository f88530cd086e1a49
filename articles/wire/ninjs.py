"""IPTC ninjs 1.x, 2.x and 3.x into a ParsedStory, our own export included.

1.x's singular fields (``headline``, ``body_html``, ``byline``, ``subject``, associations as an
object) are read beside 2.x's arrays (``headlines``, ``bodies``, ``by``, ``subjects``,
associations as an array); 3.x's camelCase reads as 2.x (see jsonwire).

What articles/ninjs.py exports reads back to the same article: descriptions by role (the
summary, and the highlights as an HTML list), pictures' captions and alt text by role and their
``by`` credit, ``located`` as the dateline, and the dated correction notices it writes in
``ednote`` ("Correction (2024-05-01): …"), which are for readers, not advice to the desk.
"""

import re

from articles.text import fold_spaces, headline_key

from .common import (
    correction_note,
    first_text,
    is_correction_signal,
    paragraphs_html,
    strip_corrected,
    unique,
)
from .credits import split_byline, unique_credits
from .jsonwire import (
    HTML_TYPES,
    MEDIA_TYPES,
    PHOTO_TYPES,
    STORY_TYPES,
    associations_of,
    content_type,
    dateline_of,
    headline_of,
    listed,
    load_json,
    objects,
    photo_of,
    role_of,
    section_of,
    status_of,
    tags_of,
    text_of,
    time_of,
    value_text,
)
from .markup import html_text, list_items, structural_html
from .story import ParsedCredit, ParsedLink, ParsedPhoto, ParsedStory, WireError

__all__ = ["parse", "story_from_ninjs", "structural_html"]

FORMAT = "ninjs"

REPLACES_RELS = {"replaces", "replacing", "supersedes", "previousversion"}
NOT_SUMMARY_ROLES = {"caption", "alt", "alttext", "note", "ednote", "highlights"}
OWN_CORRECTION = re.compile(r"^Correction \(\d{4}-\d{2}-\d{2}\): *", re.MULTILINE)
BULLET = re.compile(r"^[•*-]\s+")


def parse(data, name=""):
    return story_from_ninjs(load_json(data, "ninjs"), name)


def story_from_ninjs(item, name):
    identity = first_text(text_of(item.get("uri")), text_of(item.get("guid")))
    if not identity:
        raise WireError("ninjs has no uri or guid")
    raw_headline = headline_of(item)
    body_html = body_of(item, raw_headline)
    kind = text_of(item.get("type")).lower() or "text"
    if kind in MEDIA_TYPES and not body_html:
        raise WireError(
            f"ninjs item {identity} is a {kind} item without a story (no body); "
            "import the story it belongs to"
        )
    if not raw_headline:
        raise WireError("ninjs has no headline (headline/headlines)")
    headline, corrected_headline = strip_corrected(raw_headline)
    byline = first_text(text_of(item.get("by")), text_of(item.get("byline")))
    credits = split_byline(byline) or authors_credits(item) or listed_credits(item)
    editor_note, notices = split_ednote(text_of(item.get("ednote")))
    subjects = objects(item.get("subjects")) + objects(item.get("subject"))
    photos, related, replaces = associated(item, identity)
    corrected = corrected_headline or has_correction_signal(item)
    return ParsedStory(
        format=FORMAT,
        source_ref=identity,
        headline=headline,
        section=section_of(subjects),
        published_at=time_of(item, "firstcreated", "firstpublished", "versioncreated"),
        version_created=time_of(item, "versioncreated"),
        summary=summary_of(item),
        highlights=highlights_of(item),
        body_html=body_html,
        credits=credits,
        photos=photos,
        related=related,
        tags=tags_of(item.get("keywords"), subjects),
        language=text_of(item.get("language")),
        dateline=dateline_of(item.get("located"), credits),
        provider=provider_of(item),
        source_name=name,
        source_version=text_of(item.get("version")),
        pubstatus=status_of(item.get("pubstatus"), "ninjs pubstatus"),
        embargo_until=time_of(item, "embargoed", "embargoeduntil"),
        editor_note=editor_note,
        correction_note=notices[-1] if notices else correction_note(editor_note, corrected),
        replaces=[ref for ref in unique([*replaced_refs(item), *replaces]) if ref != identity],
    )


def summary_of(item):
    """The summary description (role "summary" first), else a subheadline."""
    descriptions = [
        d for d in objects(item.get("descriptions")) if role_of(d) not in NOT_SUMMARY_ROLES
    ]
    descriptions.sort(key=lambda d: role_of(d) != "summary")
    subheadlines = [h for h in objects(item.get("headlines")) if role_of(h) == "sub"]
    return first_text(
        *(value_text(d) for d in descriptions),
        text_of(item.get("description_text")),
        html_text(item.get("description_html")),
        *(value_text(h) for h in subheadlines),
    )


def highlights_of(item):
    """The points of the "highlights" description: an HTML list, or one point a line."""
    for description in objects(item.get("descriptions")):
        value = description.get("value")
        if role_of(description) == "highlights" and isinstance(value, str):
            kind = content_type(description)
            if kind in HTML_TYPES or (not kind and re.search(r"<\w", value)):
                return list_items(value)
            lines = (fold_spaces(BULLET.sub("", line.strip())) for line in value.splitlines())
            return [line for line in lines if line]
    return []


def body_of(item, headline):
    """Structural HTML from the richest body: HTML over plain text, role main, then the longest."""
    candidates = []
    for body in objects(item.get("bodies")):
        value, kind = body.get("value"), content_type(body)
        if isinstance(value, str) and value.strip() and kind in {*HTML_TYPES, "", "text/plain"}:
            is_html = kind in HTML_TYPES or (not kind and bool(re.search(r"<\w", value)))
            candidates.append((is_html, role_of(body) == "main", len(value), value))
    for key, is_html in (("body_html", True), ("body_xhtml", True), ("body_text", False)):
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            candidates.append((is_html, True, len(value), value))
    for is_html, _, _, value in sorted(candidates, key=lambda c: c[:3], reverse=True):
        html = structural_html(value, headline) if is_html else text_body(value, headline)
        if html:
            return html
    return ""


def text_body(text, headline=""):
    """Plain text as paragraphs: blank lines part them, or else every line is one."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.split("\n")
    paragraphs = [fold_spaces(part.replace("\n", " ")) for part in parts]
    paragraphs = [paragraph for paragraph in paragraphs if paragraph]
    if paragraphs and headline and headline_key(paragraphs[0]) == headline_key(headline):
        paragraphs = paragraphs[1:]  # some agencies repeat the headline as the first line
    return paragraphs_html(paragraphs)


def split_ednote(note):
    """(note for the desk, correction notices) from an ednote: our exporter writes each of an
    article's corrections as "Correction (YYYY-MM-DD): text", a notice that runs to the next."""
    desk, *notices = OWN_CORRECTION.split(note)
    if not notices:
        return note, []
    return desk.strip(), [notice.strip() for notice in notices if notice.strip()]


def has_correction_signal(item):
    signals = [*objects(item.get("signals")), *objects(item.get("signal"))]
    codes = [first_text(text_of(s.get("code")), text_of(s.get("qcode"))) for s in signals]
    codes += [text_of(signal) for signal in listed(item.get("signals"))]
    return any(map(is_correction_signal, codes))


def authors_credits(item):
    """Superdesk's authors[] when there is no byline; its editors are not credited."""
    credits = []
    for author in objects(item.get("authors")):
        if role_of(author) not in ("editor", "subeditor"):
            credits += split_byline(text_of(author.get("name")))
    return credits


def listed_credits(item):
    """With no byline: the people with rel "author", then the info sources as agencies."""
    people = [p for p in objects(item.get("people")) if text_of(p.get("rel")).lower() == "author"]
    names = [(text_of(p.get("name")), "person") for p in people]
    names += [(text_of(s.get("name")), "agency") for s in objects(item.get("infosources"))]
    return unique_credits(ParsedCredit(name, kind) for name, kind in names)


def provider_of(item):
    sources = [text_of(source.get("name")) for source in objects(item.get("infosources"))]
    return first_text(*sources, text_of(item.get("source")), text_of(item.get("copyrightholder")))


def associated(item, identity):
    """Photos, related stories and replaced identities from the associations."""
    photos, related, replaces = [], [], []
    for _, association in associations_of(item):
        ref = first_text(text_of(association.get("uri")), text_of(association.get("guid")))
        kind = text_of(association.get("type")).lower()
        if text_of(association.get("rel")).lower() in REPLACES_RELS:
            replaces.append(ref)
        elif kind in PHOTO_TYPES and (photo := photo_of(association)) != ParsedPhoto(""):
            photos.append(photo)
        elif kind in STORY_TYPES and ref != identity:
            related.append(ParsedLink(headline=headline_of(association), ref=ref))
    return photos, related, replaces


def replaced_refs(item):
    """Identities named by ``replacing``/``replaces``/``revisions`` (strings or objects)."""
    refs = []
    for key in ("replacing", "replaces", "revisions"):
        value = item.get(key)
        for entry in value if isinstance(value, list) else [value]:
            if isinstance(entry, dict):
                keys = ("uri", "guid", "id", "href", "value")
                refs.append(first_text(*(text_of(entry.get(k)) for k in keys)))
            else:
                refs.append(text_of(entry))
    return refs
