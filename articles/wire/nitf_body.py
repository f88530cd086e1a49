"""NITF body markup as structural HTML, and the reading helpers NITF and NewsML 1.2 share.

NewsML 1.2 items usually carry NITF (Business Wire: XHTML) inside DataContent, so both parsers
turn a body container into the same clean HTML here: ``<p>``, ``<h2>``, ``<ul>``/``<ol>``,
``<blockquote>`` and http(s) links, with ``<media>`` photos lifted out as ParsedPhoto. Also here:
reading XML bytes whatever encoding they declare, dateline places, and wire headline prefixes.
"""

import re
from dataclasses import dataclass, field

from django.utils.html import escape

from articles.text import fold_spaces

from .common import decode_text, split_caption_credit
from .credits import is_agency_code, looks_like_agency
from .safexml import local_name, parse_xml
from .story import ParsedPhoto

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_DECLARATION = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([\w.:-]+)""")
BR = object()  # marks a <br> among the pieces of a paragraph
WRAP_WIDTH = 90  # wire copy wrapped at a fixed width has lines no longer than this
INDENTED = re.compile(r"^(?:\s{2,}|\t)")
HEADINGS = {"hl1", "hl2", "h1", "h2", "h3", "h4", "h5", "h6"}
SPACED = {*HEADINGS, "p", "br", "li", "dt", "dd", "tr", "td", "th", "block", "div", "location"}
CONTAINERS = {"body", "body.content", "block", "div", "section", "article", "html", "main"}
SKIPPED = {"head", "title", "style", "script", "dateline", "byline", "hr", "br", "body.head"}
DECORATED_HEADING = re.compile(r"^[-–—]\s*(?P<text>.+?)\s*[-–—]$")  # AFP's "- Media offices -"

MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
TRAILING_DATE = re.compile(
    rf",?\s*(?:{MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\.?\s+{MONTH}(?:\s+\d{{4}})?)$"
)
TRAILING_PAREN = re.compile(r"\s*\((?P<agency>[^()]{1,30})\)$")
LEAD_DATELINE = re.compile(
    r"^\s*(?P<head>[^\s—–(-][^—–()]{1,60}?)\s*(?:\((?P<agency>[^()]{2,30})\))?\s*[-—–]{1,2}\s"
)

CORRECTED_PREFIX = re.compile(r"^CORRECTED\s*[-:–—]\s*")
DESK_PREFIX = re.compile(r"^(?P<desk>[A-Z][A-Z&/ ]{0,15}[A-Z]):(?P<space>\s*)(?=\S)")
# Desk names dropped even when a space follows the colon; country labels ("US: …") are kept.
DESKS = {
    "ASIA", "EUROPE", "AMERICAS", "AFRICA", "MIDEAST", "PACIFIC", "WORLD", "FINANCE",
    "MARKETS", "BUSINESS", "SPORT", "SPORTS", "ECONOMY",
}  # fmt: skip


def read_xml(data):
    """The root of XML bytes, with namespaces dropped from element names.

    The bytes win over a wrong encoding declaration (UTF-8 bytes declared as Latin-1 and the
    like): the text is decoded by common.decode_text and handed on as UTF-8.
    """
    head = data[:200].removeprefix(b"\xef\xbb\xbf").decode("ascii", "replace")
    declared = XML_DECLARATION.match(head)
    text = decode_text(data, declared[2] if declared else None)
    if declared:
        text = XML_DECLARATION.sub(r"\1UTF-8", text.lstrip(), count=1)
    root = parse_xml(text.encode("utf-8"))
    for element in root.iter():
        if isinstance(element.tag, str) and "}" in element.tag:
            element.tag = local_name(element)
    return root


def text_of(element):
    """All the text inside an element, spaces folded; "" for None. Block elements are
    separated by a space; inline ones (``ClearOhm<sup>TM</sup>``) are not."""
    return "" if element is None else fold_spaces(_text(element))


def _text(element):
    parts = [element.text or ""]
    for child in element:
        space = " " if child.tag in SPACED else ""
        if isinstance(child.tag, str):
            parts += [space, _text(child), space]
        parts.append(child.tail or "")
    return "".join(parts)


@dataclass
class Body:
    html: str = ""
    photos: list[ParsedPhoto] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # non-publishable notes, for the desk
    lede: str = ""  # the standfirst paragraph, when it was lifted out of the body
    first_paragraph: str = ""  # plain text, for finding a dateline in the lead


def convert_body(container, *, lift_lede=False):
    """A Body from a body.content (or XHTML body) element.

    With ``lift_lede``, a first paragraph marked ``lede="true"`` or ``class="lead"`` (NTB writes
    the abstract so) becomes ``Body.lede`` instead of the first paragraph of the body.
    """
    writer = _BodyWriter()
    if container is not None:
        writer.walk(container)
    blocks = writer.blocks
    if lift_lede and writer.lede_text:
        writer.body.lede = writer.lede_text
        blocks = blocks[1:]
    for photo in writer.body.photos:
        # Producers append the story's photos after the text (NTB, Superdesk): those lead it.
        if photo.body_position is not None and photo.body_position >= len(writer.blocks):
            photo.body_position = None
        elif photo.body_position is not None and blocks is not writer.blocks:
            photo.body_position = max(photo.body_position - 1, 0) or None
    writer.body.html = "\n".join(blocks)
    return writer.body


class _BodyWriter:
    def __init__(self):
        self.blocks, self.body = [], Body()
        self.lede_text = ""  # set when the first paragraph is marked as the lede

    def walk(self, container):
        if container.text and container.text.strip():
            if container.tag not in CONTAINERS:
                self.paragraph_blocks(container)  # a quote or note written as bare text
                return
            self.blocks.append(f"<p>{escape(fold_spaces(container.text))}</p>")
        for child in container:
            if isinstance(child.tag, str):
                self.block(child)
            if child.tail and child.tail.strip():
                self.blocks.append(f"<p>{escape(fold_spaces(child.tail))}</p>")

    def block(self, element):
        tag = element.tag
        if tag in SKIPPED:
            return
        if tag == "p" or tag == "fn":
            self.paragraph_blocks(element)
        elif tag in HEADINGS:
            heading = text_of(element)
            decorated = DECORATED_HEADING.match(heading)
            heading = decorated["text"] if decorated else heading
            if heading:
                self.blocks.append(f"<h2>{escape(heading)}</h2>")
        elif tag in ("ul", "ol", "dl"):
            items = [_inline_html(item) for item in element if item.tag in ("li", "dt", "dd")]
            items = "".join(f"<li>{item}</li>" for item in items if item)
            if items:
                kind = "ol" if tag == "ol" else "ul"
                self.blocks.append(f"<{kind}>{items}</{kind}>")
        elif tag in ("bq", "blockquote"):
            inner = _BodyWriter()
            inner.walk(element)
            if inner.blocks:
                self.blocks.append("<blockquote>" + "".join(inner.blocks) + "</blockquote>")
        elif tag == "media":
            photo = media_photo(element)
            if photo:
                photo.body_position = len(self.blocks) or None
                self.body.photos.append(photo)
        elif tag == "note":
            self.note(element)
        elif tag == "table":
            for row in element.iter("tr"):
                cells = [text_of(cell) for cell in row if cell.tag in ("td", "th")]
                if any(cells):
                    self.blocks.append(f"<p>{escape(' | '.join(cells))}</p>")
        elif tag == "pre":
            for line in "".join(element.itertext()).splitlines():
                if line.strip():
                    self.blocks.append(f"<p>{escape(fold_spaces(line))}</p>")
        elif tag in CONTAINERS or len(element):
            self.walk(element)
        elif text_of(element):
            self.blocks.append(f"<p>{escape(text_of(element))}</p>")

    def paragraph_blocks(self, element):
        paragraphs = _paragraphs(element)
        if not paragraphs:
            return
        if not self.body.first_paragraph:
            self.body.first_paragraph = text_of(element)
        if not self.blocks and _is_lede(element):
            self.lede_text = text_of(element)
        only = [child for child in element if isinstance(child.tag, str)]
        if (
            len(only) == 1
            and only[0].tag in ("b", "strong")
            and not (element.text or "").strip()
            and not (only[0].tail or "").strip()
            and len(paragraphs[0]) <= 120
            and not paragraphs[0].endswith((".", "!", "?", "。"))
        ):
            self.blocks.append(f"<h2>{escape(text_of(only[0]))}</h2>")  # "<p><b>About X</b></p>"
            return
        self.blocks.extend(f"<p>{paragraph}</p>" for paragraph in paragraphs)

    def note(self, element):
        """NITF notes: advisories not for publication go to the desk, the rest are printed."""
        text = text_of(element)
        if element.get("type") == "npa" or element.get("noteclass") == "editorsnote":
            if text:
                self.body.notes.append(text)
        else:
            self.walk(element)


def _is_lede(element):
    return element.get("lede") == "true" or "lead" in (element.get("class") or "").split()


def _inline_pieces(element, pieces):
    if element.text:
        pieces.append(escape(element.text))
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "br":
            pieces.append(BR)
        elif tag == "a" and (child.get("href") or "").startswith(("http://", "https://")):
            inner = _inline_html(child)
            if inner:
                pieces.append(f'<a href="{escape(child.get("href").strip())}">{inner}</a>')
        elif tag and tag not in ("media", "script", "style"):
            _inline_pieces(child, pieces)
        if child.tail:
            pieces.append(escape(child.tail))


def _inline_html(element):
    pieces = []
    _inline_pieces(element, pieces)
    return fold_spaces(" ".join(piece for piece in pieces if piece is not BR).replace("\n", " "))


def _paragraphs(element):
    """The paragraphs of one ``<p>``: wire copy wrapped with ``<br />`` at a fixed width (AAP)
    is joined again, a blank line or an indented line starts a new paragraph, and a ``<br>``
    in text that is not wrapped starts a new paragraph too."""
    pieces = []
    _inline_pieces(element, pieces)
    lines = [""]
    for piece in pieces:
        if piece is BR:
            lines.append("")
        else:
            lines[-1] += piece
    wrapped = len(lines) >= 3 and all(len(fold_spaces(line)) <= WRAP_WIDTH for line in lines[:-1])
    paragraphs, current = [], [lines[0]]
    for line in lines[1:]:
        if wrapped and fold_spaces(line) and not INDENTED.match(line):
            current.append(line)
        else:
            paragraphs.append(" ".join(current))
            current = [line]
    paragraphs.append(" ".join(current))
    return [text for text in (fold_spaces(p.replace("\n", " ")) for p in paragraphs) if text]


def media_photo(media):
    """A ParsedPhoto from an NITF ``<media>``: caption, producer (else the credit at the end of
    the caption), alternate text and the largest http(s) rendition; None for video or audio."""
    if (media.get("media-type") or "image").lower() not in ("image", "photo", "graphic"):
        return None
    caption, credit = split_caption_credit(text_of(media.find("media-caption")))
    credit = text_of(media.find("media-producer")) or credit
    references = media.findall("media-reference")
    best = max(references, key=_pixels, default=None)
    url = (best.get("source") or "").strip() if best is not None else ""
    url = url if url.startswith(("http://", "https://")) else ""
    alt_text = fold_spaces(best.get("alternate-text") or "") if best is not None else ""
    if not (caption or credit or url):
        return None
    return ParsedPhoto(caption=caption, credit=credit, alt_text=alt_text or caption, url=url)


def _pixels(reference):
    try:
        return int(reference.get("width") or 0) * int(reference.get("height") or 0)
    except ValueError:
        return 0


def dateline_place(text):
    """The place of a dateline: "SEOUL, Nov 26 AFP -" → "SEOUL", "Gaza City, Palestinian
    Territories, May 16, 2021 (AFP) -" → "Gaza City, Palestinian Territories"."""
    text = fold_spaces(text or "").rstrip(" -—–:")
    text = TRAILING_PAREN.sub("", text)
    place, _, last = text.rpartition(" ")
    if place and last.isupper() and is_agency_code(last):
        text = place
    return TRAILING_DATE.sub("", text).strip(" ,")


def lead_dateline(paragraph):
    """The dateline place a first paragraph opens with ("NEW YORK (AP) — …", "SEOUL, Nov 26
    AFP - …"), or "". Without an agency tag the place must be in capitals."""
    match = LEAD_DATELINE.match(paragraph or "")
    if not match:
        return ""
    place = dateline_place(match["head"])
    last_word = match["head"].split()[-1]
    tagged = looks_like_agency(match["agency"]) if match["agency"] else is_agency_code(last_word)
    if place and len(place) <= 40 and (tagged or place.isupper()):
        return place
    return ""


def clean_headline(text):
    """(headline, corrected): a "CORRECTED-" prefix and a desk prefix ("ASIA:") dropped."""
    text = fold_spaces(text or "")
    corrected = CORRECTED_PREFIX.match(text)
    if corrected:
        text = text[corrected.end() :]
    desk = DESK_PREFIX.match(text)
    if desk and (not desk["space"] or desk["desk"] in DESKS):
        text = text[desk.end() :]
    return text, bool(corrected)


def unique(values):
    """Non-blank values, spaces folded, each once (case-insensitively), order kept."""
    seen, result = set(), []
    for value in map(fold_spaces, values):
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            result.append(value)
    return result
