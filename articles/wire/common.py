"""Helpers every wire parser shares: decoding, dates, paragraphs, photo credits, corrections and
IPTC subject codes."""

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
]
DASHED_CREDIT = re.compile(r"^(?P<caption>.*?)\s+[—–]\s+(?P<credit>[^—–]{2,80})$", re.S)


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


def text_paragraphs(text):
    """Plain text split at blank lines, each part's lines joined, spaces folded, blanks dropped."""
    parts = (fold_spaces(part.replace("\n", " ")) for part in re.split(r"\n\s*\n", text or ""))
    return [part for part in parts if part]


def paragraphs_html(paragraphs):
    """Plain-text paragraphs as escaped ``<p>`` blocks; blank ones dropped."""
    return "\n".join(f"<p>{escape(text)}</p>" for text in map(fold_spaces, paragraphs) if text)


def split_caption_credit(caption, credit=""):
    """(caption, credit) from a caption that ends with its credit: "… Foto: Amit Sharma / AP",
    "… (AP Photo/Natacha Pisarenko)" or "… — PID". Without one, the credit is empty.

    Given the photo's ``credit``, a dash is only taken for one when what follows names it:
    "Fans cheer — and mourn" beside a credit "Ann Lee" is a caption, whole.
    """
    caption = fold_spaces(caption)
    for pattern in CAPTION_CREDIT:
        match = pattern.match(caption)
        if match and match["caption"].strip():
            return match["caption"].strip(), fold_spaces(match["credit"])
    match = DASHED_CREDIT.match(caption)
    if match and match["caption"].strip() and (not credit or _names(match["credit"], credit)):
        return match["caption"].strip(), fold_spaces(match["credit"])
    return caption, ""


def _names(one, other):
    one, other = fold_spaces(one).casefold(), fold_spaces(other).casefold()
    return bool(one) and (one in other or other in one)


def first_text(*values):
    """The first value that is non-blank after folding spaces, or ""."""
    return next((fold_spaces(v) for v in values if v and fold_spaces(v)), "")


def unique(values):
    """Non-blank values, spaces folded, each once (case ignored), in order."""
    seen, kept = set(), []
    for value in map(fold_spaces, values):
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            kept.append(value)
    return kept


# Corrections. Every format marks a corrected version its own way (a headline prefix, a signal,
# an advisory), but the words are the same everywhere; what a format prints when it has no
# note of its own is its ``default``.
CORRECTED = "This story has been corrected."
CORRECTED_HEADLINE = re.compile(r"^\s*(?i:corrected|correction|corrects)\s*(?:-+|:|[–—])\s*")
CORRECTION_WORDS = re.compile(
    r"(?i:\bcorrect(?:s|ed|ing|ions?)\b|\bcorrigendum\b|\bberichtig|\bkorrigi|\brättel|\brettel)"
)
# AP's advisories say a version fixes something with "UPDATES" or "Restores" ("Eds: UPDATES:
# Corrects spelling…"); AFP's "UPDATES throughout" is news, so only AP's formats read them so.
AP_FIX_ADVISORY = re.compile(r"\bUPDATES\b|\bRestores\b|(?i:^Eds?:.*\b(?:updates|restores)\b)")
NOTE_LABELS = re.compile(r"^(?:Eds?|Editors?)\s*:\s*|^(?:UPDATES|CORRECTS?|CORRECTION)\s*:\s*")
CORRECTION_SIGNAL = re.compile(r"correction|edstat:c$", re.IGNORECASE)


def strip_corrected(headline):
    """The headline without a "CORRECTED-"/"Correction:" prefix, and whether it had one."""
    stripped = CORRECTED_HEADLINE.sub("", headline, count=1)
    return (stripped, True) if stripped != headline and stripped else (headline, False)


def mentions_correction(text, *, ap_advisory=False):
    """Whether a note or marker says this version corrects an earlier one."""
    return bool(CORRECTION_WORDS.search(text) or (ap_advisory and AP_FIX_ADVISORY.search(text)))


def is_correction_signal(code):
    """A signal or status code meaning "correction" (``sig:correction``, ``edStat:C``)."""
    return bool(CORRECTION_SIGNAL.search(code or ""))


def correction_note(note, corrected=False, *, default=CORRECTED, keep_labels=False):
    """The notice for readers when this version corrects an earlier one, else "".

    An advisory that says what was corrected is the notice (its "Eds:"/"UPDATES:" labels
    dropped unless ``keep_labels``); a version marked corrected without one gets ``default``.
    """
    if note and mentions_correction(note, ap_advisory=True):
        if keep_labels:
            return note
        text = note
        while (shorter := NOTE_LABELS.sub("", text, count=1)) != text:
            text = shorter
        return fold_spaces(text) or note
    return default if corrected else ""


# IPTC Subject Code / Media Topic families: the first two digits of an eight-digit code.
SUBJECT_FAMILIES = dict(
    enumerate(
        [
            "Arts, culture and entertainment", "Crime, law and justice", "Disaster and accident",
            "Economy, business and finance", "Education", "Environmental issue", "Health",
            "Human interest", "Labour", "Lifestyle and leisure", "Politics", "Religion and belief",
            "Science and technology", "Social issue", "Sport", "Unrest, conflicts and war",
            "Weather",
        ],
        start=1,
    )
)  # fmt: skip
# The families that match one of our sections.
SUBJECT_SECTIONS = {"04": "business", "15": "sports", "13": "science"}


def _subject_digits(code):
    """The eight digits of "15000000", "medtop:15000000" or "subj:04000000"; "" otherwise."""
    digits = re.sub(r"^\D*", "", code or "")
    return digits if len(digits) == 8 else ""


def section_for_subject(code):
    """Our section slug for an IPTC subject code, or "" when its family has no section."""
    return SUBJECT_SECTIONS.get(_subject_digits(code)[:2], "")


def subject_family(code):
    """The readable name of a subject code's family ("15031000" → "Sport"), or ""."""
    digits = _subject_digits(code)
    return SUBJECT_FAMILIES.get(int(digits[:2]), "") if digits[:2].isdigit() else ""
