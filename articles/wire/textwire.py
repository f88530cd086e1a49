"""What ANPA-1312 and IPTC 7901 share: the control-character envelope (SOH heading, STX text,
ETX trailer, EOT), paragraphs from indented or blank-separated lines, the dateline that opens
the first paragraph, lead numbers ("1stLd", "1ST LEAD") and the slug part of an identity."""

import re
from dataclasses import dataclass

from django.utils.text import slugify

from articles.text import fold_spaces

from .story import WireError

STX, ETX, EOT = "\x02", "\x03", "\x04"
# Control characters other than tab and newline (SYN, SOH, DC1-DC4, US, FF, DEL…): they frame
# and format the copy on the wire and are never text.
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
PARAGRAPH_INDENT = re.compile(r"^(?:\t| {3,})")
DATELINE = re.compile(
    r"^(?P<place>[^\s(][^()]{0,60}?)\s*\((?P<agency>[A-Za-z][\w/-]{0,15})\)\s*"
    r"(?:_|-{1,2}|—|–)\s+(?P<text>\S.*)$",
    re.S,
)
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
    "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
LEAD = re.compile(
    r"\b(?:(?P<number>\d+)(?:st|nd|rd|th)|(?P<word>" + "|".join(ORDINAL_WORDS) + r"))"
    r"\s*-?\s*(?:ld|lead|writethru|write-thru)\b",
    re.IGNORECASE,
)
HEADLINE_LIMIT = 120


@dataclass
class Envelope:
    heading: list[str]  # lines before STX: the format's header and keyword lines
    text: list[str]  # lines between STX and ETX: headline block, body, notes
    trailer: str  # after ETX: the sign-off with the transmission time


def clean_line(line):
    return CONTROLS.sub(" ", line).rstrip()


def open_envelope(text, format_name):
    """Split decoded copy into heading, text and trailer lines, control characters removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    start = text.find(STX)
    if start < 0:
        raise WireError(f"{format_name} copy has no start of text (STX control character)")
    end = next((i for i in (text.find(ETX, start), text.find(EOT, start)) if i >= 0), len(text))
    return Envelope(
        heading=[clean_line(line) for line in text[:start].split("\n")],
        text=[clean_line(line) for line in text[start + 1 : end].split("\n")],
        trailer=fold_spaces(CONTROLS.sub(" ", text[end + 1 :])),
    )


def paragraphs(lines):
    """Paragraphs from wire lines: a blank line or an indent (tab, 3+ spaces) starts one."""
    found, current = [], []
    for line in lines:
        if not line.strip() or (PARAGRAPH_INDENT.match(line) and current):
            found.append(current)
            current = []
        if line.strip():
            current.append(line.strip())
    found.append(current)
    return [text for text in (fold_spaces(" ".join(lines)) for lines in found) if text]


def split_dateline(paragraph):
    """(place, agency, text) from "BUENOS AIRES, Argentina (AP) _ For…" or "Berlin (dpa) - …";
    ("", "", paragraph) when the paragraph opens with no dateline."""
    match = DATELINE.match(paragraph)
    if not match or len(match["place"].split()) > 8:
        return "", "", paragraph
    return fold_spaces(match["place"]).rstrip(","), match["agency"], match["text"]


def lead_number(text):
    """The lead (write-thru) number in "1stLd-Writethru", "2nd Ld" or "1ST LEAD"; None if none."""
    match = LEAD.search(text or "")
    if not match:
        return None
    return int(match["number"]) if match["number"] else ORDINAL_WORDS[match["word"].lower()]


def identity_slug(text):
    """The slug part of a story identity: case, spaces and punctuation do not matter."""
    return slugify(text)[:80].strip("-")


def headline_from_text(text, limit=HEADLINE_LIMIT):
    """A headline made from a sentence (an alert with no headline line): no final full stop,
    cut at a word boundary with an ellipsis when it is too long."""
    text = fold_spaces(text)
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1]
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:—–-") + "…"
