"""IPTC ninjs 1.x, 2.x and 3.x into a ParsedStory, and the JSON, HTML and picture helpers that
the AP Media API parser (AP's schema is close to ninjs 1.x) shares.

ninjs 3.x spells 2.x's names in camelCase (``versionCreated``, ``pubStatus``,
``infoSources``), so keys are lower-cased on reading and one mapping serves every version;
1.x's singular fields (``headline``, ``body_html``, ``byline``, ``subject``, associations as
an object) are read beside 2.x's arrays (``headlines``, ``bodies``, ``by``, ``subjects``,
associations as an array).
"""

import json
import re
from html import escape, unescape
from html.parser import HTMLParser

from articles.text import fold_spaces, headline_key

from .common import (
    decode_text,
    first_text,
    paragraphs_html,
    parse_datetime,
    section_for_subject,
    split_caption_credit,
)
from .credits import split_byline
from .story import CANCELED, USABLE, WITHHELD, ParsedLink, ParsedPhoto, ParsedStory, WireError

FORMAT = "ninjs"

STATUSES = {"usable": USABLE, "withheld": WITHHELD, "canceled": CANCELED, "cancelled": CANCELED}
MEDIA_TYPES = {"picture", "graphic", "video", "audio"}
PHOTO_TYPES = {"picture", "graphic"}
STORY_TYPES = {"text", "composite"}
REPLACES_RELS = {"replaces", "replacing", "supersedes", "previousversion"}
HTML_TYPES = {"text/html", "application/xhtml+xml"}
NOT_SUMMARY_ROLES = {"caption", "alt", "alttext", "note", "ednote"}
CORRECTED_HEADLINE = re.compile(r"^\s*(?i:corrected|correction)\s*(?:-+|:)\s*")
CORRECTION_NOTE = re.compile(
    r"(?i:\bcorrect(?:s|ed|ion)\b|\bberichtig|\bkorrigi|\brättel|\brettel)|\bUPDATES\b|\bRestores\b"
)
NOTE_LABELS = re.compile(r"^(?:Eds?|Editors?)\s*:\s*|^(?:UPDATES|CORRECTS?|CORRECTION)\s*:\s*")


def parse(data, name=""):
    return story_from_ninjs(load_json(data, "ninjs"), name)


def load_json(data, label):
    """The JSON object in the bytes, keys lower-cased (so ninjs 3.x camelCase reads as 2.x)."""
    try:
        document = lower_keys(json.loads(decode_text(data)))
    except json.JSONDecodeError as error:
        raise WireError(f"invalid JSON: {error}") from None
    except RecursionError:
        raise WireError(f"{label} JSON is nested too deeply to be a story") from None
    if not isinstance(document, dict):
        raise WireError(f"{label} JSON holds no story (the top level is not an object)")
    return document


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


def unique(values):
    """Non-blank values, each once (case ignored), in order."""
    seen, kept = set(), []
    for value in values:
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            kept.append(value)
    return kept


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
    headline, corrected_headline = strip_correction(raw_headline)
    byline = first_text(text_of(item.get("by")), text_of(item.get("byline")))
    credits = split_byline(byline) or authors_credits(item)
    editor_note = text_of(item.get("ednote"))
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
        correction_note=correction_note(editor_note, corrected),
        replaces=[ref for ref in unique([*replaced_refs(item), *replaces]) if ref != identity],
    )


def headline_of(item):
    headlines = objects(item.get("headlines"))
    main = [h for h in headlines if text_of(h.get("role")).lower() in ("", "main")]
    return first_text(*(value_text(h) for h in main + headlines), text_of(item.get("headline")))


def value_text(entry):
    """The text of a {role, contenttype, value} entry, markup removed where it is HTML."""
    value = entry.get("value")
    if not isinstance(value, str):
        return ""
    return html_text(value) if content_type(entry) in HTML_TYPES else fold_spaces(value)


def content_type(entry):
    return text_of(entry.get("contenttype")).lower().split(";")[0].strip()


def summary_of(item):
    descriptions = [
        d for d in objects(item.get("descriptions"))
        if text_of(d.get("role")).lower() not in NOT_SUMMARY_ROLES
    ]  # fmt: skip
    subheadlines = [
        h for h in objects(item.get("headlines")) if text_of(h.get("role")).lower() == "sub"
    ]
    return first_text(
        *(value_text(d) for d in descriptions),
        text_of(item.get("description_text")),
        html_text(item.get("description_html")),
        *(value_text(h) for h in subheadlines),
    )


def body_of(item, headline):
    """Structural HTML from the richest body: HTML over plain text, role main, then the longest."""
    candidates = []
    for body in objects(item.get("bodies")):
        value, kind = body.get("value"), content_type(body)
        if isinstance(value, str) and value.strip() and kind in {*HTML_TYPES, "", "text/plain"}:
            is_html = kind in HTML_TYPES or (not kind and bool(re.search(r"<\w", value)))
            main = text_of(body.get("role")).lower() == "main"
            candidates.append((is_html, main, len(value), value))
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


def strip_correction(headline):
    """The headline without a "CORRECTED-"/"Correction:" prefix, and whether it had one."""
    stripped = CORRECTED_HEADLINE.sub("", headline, count=1)
    return (stripped, True) if stripped != headline and stripped else (headline, False)


def correction_note(note, corrected=False):
    """The note to show readers when this version corrects an earlier one, else ""."""
    if note and (corrected or CORRECTION_NOTE.search(note)):
        text = note
        while (shorter := NOTE_LABELS.sub("", text, count=1)) != text:
            text = shorter
        return fold_spaces(text) or note
    return "This story has been corrected." if corrected else ""


def has_correction_signal(item):
    signals = [*objects(item.get("signals")), *objects(item.get("signal"))]
    codes = [first_text(text_of(s.get("code")), text_of(s.get("qcode"))) for s in signals]
    codes += [text_of(signal) for signal in listed(item.get("signals"))]
    return any(re.search(r"correction|edstat:c$", code, re.IGNORECASE) for code in codes)


def authors_credits(item):
    """Superdesk's authors[] when there is no byline; its editors are not credited."""
    credits = []
    for author in objects(item.get("authors")):
        if text_of(author.get("role")).lower() not in ("editor", "subeditor"):
            credits += split_byline(text_of(author.get("name")))
    return credits


def dateline_of(located, credits):
    """The place the story was filed from; a byline put in ``located`` by mistake is no place."""
    place = text_of(located)
    first = place.split(",")[0].strip().casefold()
    if any(credit.name.casefold() == first for credit in credits):
        return ""
    return place


def tags_of(keywords, subjects):
    names = [text_of(keyword) for keyword in listed(keywords)]
    names += [text_of(subject.get("name")) for subject in subjects]
    return unique(name for name in names if len(name) <= 100)


def section_of(subjects):
    for subject in subjects:
        uri_tail = text_of(subject.get("uri")).rsplit("/", 1)[-1]
        for code in (subject.get("code"), subject.get("qcode"), subject.get("literal"), uri_tail):
            if section := section_for_subject(text_of(code)):
                return section
    return ""


def provider_of(item):
    sources = [text_of(source.get("name")) for source in objects(item.get("infosources"))]
    return first_text(*sources, text_of(item.get("source")), text_of(item.get("copyrightholder")))


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


def associations_of(item):
    """(name, object) pairs: 1.x keeps associations in an object, 2.x and 3.x in an array."""
    value = item.get("associations")
    if isinstance(value, dict):
        return [(key, inner) for key, inner in value.items() if isinstance(inner, dict)]
    return [(text_of(inner.get("name")), inner) for inner in objects(value)]


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


def photo_of(association, caption="", credit=""):
    """A picture association: caption from its descriptions (or headline), credit from its
    by/byline/creditline (or the end of the caption), URL from its largest rendition."""
    descriptions = objects(association.get("descriptions"))
    alt_roles = ("alt", "alttext", "alt_text")
    alt = first_text(
        *(value_text(d) for d in descriptions if text_of(d.get("role")).lower() in alt_roles),
        text_of(association.get("alt_text")),
    )
    caption = first_text(
        caption,
        *(value_text(d) for d in descriptions if text_of(d.get("role")).lower() not in alt_roles),
        text_of(association.get("description_text")),
        text_of(association.get("body_text")),
        headline_of(association),
    )
    caption, credit_in_caption = split_caption_credit(caption)
    credit = first_text(
        credit,
        *(text_of(association.get(key)) for key in ("by", "byline", "creditline", "credit")),
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
        if not re.match(r"https?://", href, re.IGNORECASE) or (kind and "image" not in kind):
            continue
        size = (number(rendition.get("width")) * number(rendition.get("height")),
                number(rendition.get("sizeinbytes")))  # fmt: skip
        if best_size is None or size > best_size:
            best, best_size = href, size
    return best


def number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


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


# Wire HTML to structural HTML. The wire's own wrappers go together with their content: head and
# title, TT's dateline block (<div class="dat">), bylines and figures (photos come from the
# associations); a heading that repeats the headline goes too.
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BLOCKS = {"p", "h2", "ul", "ol", "li", "blockquote", "table", "thead", "tbody", "tr", "th", "td"}
TEXT_HOLDERS = {"p", "h2", "li", "blockquote", "th", "td"}
INLINE = {"strong": "strong", "b": "strong", "em": "em", "i": "em", "sub": "sub", "sup": "sup"}
CONTAINERS = {"div", "section", "article", "main", "header", "footer", "aside", "body", "html"}
DROPPED = {
    "head", "title", "script", "style", "figure", "figcaption", "picture", "video", "audio",
    "iframe", "object", "noscript", "template", "svg", "math", "form", "select", "textarea",
    "dateline", "byline",
}  # fmt: skip
DROPPED_CLASSES = {"dat", "dateline", "byline", "vignette"}
CDATA = re.compile(r"<!\[CDATA\[(?P<text>.*?)\]\]>", re.DOTALL)
EMPTY_ELEMENT = re.compile(r"<(p|h2|li|blockquote|strong|em|sub|sup|a|ul|ol)\b[^>]*>\s*</\1>")
BLOCK_EDGE_SPACE = [
    (re.compile(r"(<(?:p|h2|li|blockquote|td|th)>)(?:\s|<br>)+"), r"\1"),
    (re.compile(r"(?:\s|<br>)+(</(?:p|h2|li|blockquote|td|th)>)"), r"\1"),
    (re.compile(r"\n\s*\n+"), "\n"),
]


def structural_html(html, headline=""):
    # Marked sections other than CDATA trip HTMLParser's assertions; CDATA is plain text.
    html = CDATA.sub(lambda match: escape(match["text"], quote=False), html)
    builder = _StructuralHTML(headline)
    builder.feed(html.replace("<![", "&lt;!["))
    builder.close()
    return builder.result()


def html_text(html):
    """Plain text of an HTML fragment (wire wrappers dropped as in bodies); "" for a non-string."""
    if not isinstance(html, str):
        return ""
    text = re.sub(r"</?(?:strong|em|a|sub|sup)\b[^>]*>", "", structural_html(html))
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", text)).split())


class _StructuralHTML(HTMLParser):
    """Rebuilds wire HTML from its structure only: paragraphs, <h2> subheadings, lists,
    quotes, emphasis and http(s) links; stray text is wrapped in a paragraph."""

    def __init__(self, headline):
        super().__init__(convert_charrefs=True)
        self.headline = headline_key(headline)
        self.out, self.open = [], []
        self.skip_tag, self.skip_depth, self.heading_at = None, 0, 0

    def handle_starttag(self, tag, attrs):
        if self.skip_tag:
            self.skip_depth += tag == self.skip_tag
            return
        attributes = {key: value or "" for key, value in attrs}
        if tag in DROPPED or set(attributes.get("class", "").lower().split()) & DROPPED_CLASSES:
            self.skip_tag, self.skip_depth = tag, 1
        elif tag == "br" and any(name in TEXT_HOLDERS for name in self.open):
            self.out.append("<br>")
        elif tag in HEADINGS or tag in BLOCKS:
            if self.open and self.open[-1] in ("p", "h2"):
                self._close_to(self.open[-1])
            name = "h2" if tag in HEADINGS else tag
            self.heading_at = len(self.out) if name == "h2" else self.heading_at
            self._open(name, f"<{name}>")
        elif tag in INLINE or (tag == "a" and _safe_href(attributes.get("href", ""))):
            self._ensure_paragraph()
            href = escape(attributes.get("href", "").strip())
            self._open(INLINE.get(tag, tag), f'<a href="{href}">' if tag == "a" else None)
        elif tag in CONTAINERS and self.open and self.open[-1] == "p":
            self._close_to("p")

    def handle_endtag(self, tag):
        if self.skip_tag:
            self.skip_depth -= tag == self.skip_tag
            self.skip_tag = self.skip_tag if self.skip_depth else None
            return
        name = "h2" if tag in HEADINGS else INLINE.get(tag, tag)
        if name in self.open:
            self._close_to(name)
            if name == "h2" and self.headline and self._heading_repeats_headline():
                del self.out[self.heading_at :]
        elif tag in CONTAINERS and self.open and self.open[-1] == "p":
            self._close_to("p")

    def handle_data(self, data):
        if self.skip_tag:
            return
        text = re.sub(r"\s+", " ", data)
        if not any(name in TEXT_HOLDERS for name in self.open):
            if not text.strip():
                return
            self._ensure_paragraph()
        self.out.append(escape(text, quote=False))

    def close(self):
        super().close()
        while self.open:
            self._close_to(self.open[-1])

    def result(self):
        html = "".join(self.out)
        while (cleaner := EMPTY_ELEMENT.sub("", html)) != html:
            html = cleaner
        for pattern, replacement in BLOCK_EDGE_SPACE:
            html = pattern.sub(replacement, html)
        return html.strip()

    def _open(self, name, markup=None):
        if not self.open and self.out:
            self.out.append("\n")
        self.open.append(name)
        self.out.append(markup or f"<{name}>")

    def _ensure_paragraph(self):
        if not self.open:
            self._open("p")

    def _close_to(self, name):
        while self.open:
            closing = self.open.pop()
            self.out.append(f"</{closing}>")
            if closing == name:
                return

    def _heading_repeats_headline(self):
        text = re.sub(r"<[^>]+>", "", "".join(self.out[self.heading_at :]))
        return headline_key(unescape(text)) == self.headline


def _safe_href(href):
    return bool(re.match(r"https?://\S", href.strip(), re.IGNORECASE))
