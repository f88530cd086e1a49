"""NITF bodies as structural HTML, and the reading helpers NITF and NewsML 1.2 share.

NewsML 1.2 items usually carry NITF (Business Wire: XHTML) inside DataContent, so both parsers
turn a body container into the same clean HTML with markup.BlockWriter; NITF's ``<media>``
photos and its notes for the desk are read here. Also here: dateline places and wire headline
prefixes.
"""

import re
from dataclasses import dataclass, field

from articles.text import fold_spaces

from .common import split_caption_credit, strip_corrected
from .credits import is_agency_code, looks_like_agency
from .markup import BR, BlockWriter, safe_href
from .safexml import element_text, tag_name
from .story import ParsedPhoto

text_of = element_text  # NITF and NewsML 1.2 read every element's text so
WRAP_WIDTH = 90  # wire copy wrapped at a fixed width has lines no longer than this
INDENTED = re.compile(r"^(?:\s{2,}|\t)")

MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
TRAILING_DATE = re.compile(
    rf",?\s*(?:{MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\.?\s+{MONTH}(?:\s+\d{{4}})?)$"
)
TRAILING_PAREN = re.compile(r"\s*\((?P<agency>[^()]{1,30})\)$")
LEAD_DATELINE = re.compile(
    r"^\s*(?P<head>[^\s—–(-][^—–()]{1,60}?)\s*(?:\((?P<agency>[^()]{2,30})\))?\s*[-—–]{1,2}\s"
)

DESK_PREFIX = re.compile(r"^(?P<desk>[A-Z][A-Z&/ ]{0,15}[A-Z]):(?P<space>\s*)(?=\S)")
# Desk names dropped even when a space follows the colon; country labels ("US: …") are kept.
DESKS = {
    "ASIA", "EUROPE", "AMERICAS", "AFRICA", "MIDEAST", "PACIFIC", "WORLD", "FINANCE",
    "MARKETS", "BUSINESS", "SPORT", "SPORTS", "ECONOMY",
}  # fmt: skip


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
    writer = NitfWriter()
    if container is not None:
        writer.walk(container)
    blocks = writer.blocks
    body = Body(photos=writer.photos, notes=writer.notes, first_paragraph=writer.first_paragraph)
    if lift_lede and writer.lede_text:
        body.lede = writer.lede_text
        blocks = blocks[1:]
    for photo in body.photos:
        # Producers append the story's photos after the text (NTB, Superdesk): those lead it.
        if photo.body_position is not None and photo.body_position >= len(writer.blocks):
            photo.body_position = None
        elif photo.body_position is not None and blocks is not writer.blocks:
            photo.body_position = max(photo.body_position - 1, 0) or None
    body.html = "\n".join(blocks)
    return body


class NitfWriter(BlockWriter):
    """BlockWriter with NITF's own elements: ``<media>`` photos lifted out of the text, and
    ``<note>``s not for publication kept for the desk. Its paragraphs follow wire copy: lines
    wrapped with ``<br />`` are joined again, and a bold line alone is a subheading."""

    def __init__(self, **options):
        super().__init__(**options)
        self.photos, self.notes = [], []

    def block(self, element):
        name = tag_name(element)
        if name == "media":
            if photo := media_photo(element):
                photo.body_position = len(self.blocks) or None
                self.photos.append(photo)
        elif name == "note":
            if element.get("type") != "npa" and element.get("noteclass") != "editorsnote":
                self.walk(element)  # a note for readers is printed
            elif text := text_of(element):
                self.notes.append(text)
        else:
            super().block(element)

    def paragraphs(self, element):
        """The paragraphs of one ``<p>``: wire copy wrapped with ``<br />`` at a fixed width
        (AAP) is joined again, a blank line or an indented line starts a new paragraph, and a
        ``<br>`` in text that is not wrapped starts a new paragraph too."""
        lines = [""]
        for piece in self.inline_pieces(element):
            if piece is BR:
                lines.append("")
            else:
                lines[-1] += piece
        short = all(len(fold_spaces(line)) <= WRAP_WIDTH for line in lines[:-1])
        wrapped = len(lines) >= 3 and short
        paragraphs, current = [], [lines[0]]
        for line in lines[1:]:
            if wrapped and fold_spaces(line) and not INDENTED.match(line):
                current.append(line)
            else:
                paragraphs.append(" ".join(current))
                current = [line]
        paragraphs.append(" ".join(current))
        return [text for text in (fold_spaces(p.replace("\n", " ")) for p in paragraphs) if text]

    def heading_in(self, element, paragraphs):
        """A short paragraph all in bold, with no final stop: "<p><b>About X</b></p>"."""
        only = [child for child in element if isinstance(child.tag, str)]
        if (
            len(only) == 1
            and tag_name(only[0]) in ("b", "strong")
            and not (element.text or "").strip()
            and not (only[0].tail or "").strip()
            and len(paragraphs[0]) <= 120
            and not paragraphs[0].endswith((".", "!", "?", "。"))
        ):
            return text_of(only[0])
        return ""


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
    url = url if safe_href(url) else ""
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
    text, corrected = strip_corrected(fold_spaces(text or ""))
    desk = DESK_PREFIX.match(text)
    if desk and (not desk["space"] or desk["desk"] in DESKS):
        text = text[desk.end() :]
    return text, corrected
