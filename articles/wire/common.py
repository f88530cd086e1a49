"""Helpers every wire parser shares: decoding, dates, paragraphs and photo credits."""

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.html import escape

from articles.text import fold_spaces

from .story import WireError

CAPTION_CREDIT = [
    re.compile(r"^(?P<caption>.*?)\s+(?:Foto|Photo|Bild|Kuva)\s*:\s*(?P<credit>.+?)\.?$", re.S),
    re.compile(r"^(?P<caption>.*?)\s*\((?P<credit>[A-Z][\w ]* Photo(?:/[^)]*)?)\)\s*\.?$", re.S),
    re.compile(r"^(?P<caption>.*?)\s+[—–]\s+(?P<credit>[^—–]{2,80})$", re.S),
]


def decode_text(data, declared=None):
    """Text from bytes: UTF-8 when the bytes are UTF-8 (whatever is declared), else the
    declared encoding, else Windows-1252, else Latin-1 (which never fails)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    candidates = ["utf-8", declared, "cp1252", "latin-1"]
    for encoding in filter(None, candidates):
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise AssertionError("latin-1 decodes any bytes")


def parse_datetime(value, *, field="date"):
    """An aware datetime from ISO 8601 in its many wire spellings; None for blank.

    Accepts ``2018-10-21T16:25:32-05:00``, ``2022-06-26T23:54:25+0000``, ``...Z``, the basic
    form ``20141126T152703`` (UTC when no offset is given) and a bare date (midnight in the
    newsroom's time zone). Anything else is a WireError naming the field.
    """
    value = (value or "").strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise WireError(f"{field} {value!r} is not a date and time") from None
    if len(value) <= 10 and "T" not in value:
        return datetime.combine(parsed.date(), time(0), ZoneInfo(settings.TIME_ZONE))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo("UTC"))
    return parsed


def paragraphs_html(paragraphs):
    """Plain-text paragraphs as escaped ``<p>`` blocks; blank ones dropped."""
    return "\n".join(f"<p>{escape(text)}</p>" for text in map(fold_spaces, paragraphs) if text)


def split_caption_credit(caption):
    """(caption, credit) from a caption that ends with its credit: "… Foto: Amit Sharma / AP",
    "… (AP Photo/Natacha Pisarenko)" or "… — PID". Without one, the credit is empty."""
    caption = fold_spaces(caption)
    for pattern in CAPTION_CREDIT:
        match = pattern.match(caption)
        if match and match["caption"].strip():
            return match["caption"].strip(), fold_spaces(match["credit"])
    return caption, ""


def first_text(*values):
    """The first value that is non-blank after folding spaces, or ""."""
    return next((fold_spaces(v) for v in values if v and fold_spaces(v)), "")


# IPTC Media Topic / Subject Code families that match one of our sections.
SUBJECT_SECTIONS = {"04": "business", "15": "sports", "13": "science"}


def section_for_subject(code):
    """Our section slug for an IPTC subject code ("15000000", "medtop:15000000",
    "subj:04000000"), or "" when the family has no section of its own."""
    digits = re.sub(r"^\D*", "", code or "")
    return SUBJECT_SECTIONS.get(digits[:2], "") if len(digits) == 8 else ""
