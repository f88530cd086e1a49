"""ANPA-1312, the newspaper wire text format, as AP sends it.

Anatomy: SYN SYN SOH, the message number and selector (``W2870 US asian``); the header line
``f l DC3 DC1 BC-LT--Argentina-CancerB     11-13 1049`` (priority, category, format codes, the
24-character keyword, the take key such as ``1stLd-Writethru``, month-day and word count);
then STX and the caret header lines, which end in ``<`` or ``=``: the full slug line
(``^BC-LT--Argentina-Cancer Beauty,466<``), the headline, ``AP Photo …`` and ``Eds: …``
notes, ``By …`` and the title or agency line. Body paragraphs open with a tab; the first
carries the dateline ``BUENOS AIRES, Argentina (AP) _``. ETX, then the sign-off
``AP-WF-11-13-13 1509GMT`` (the transmission time), FF and EOT.

AP's typewriter conventions become typography: ``_`` between spaces is an em dash, ``````…''``
double quotes. Identity is agency + keyword (without take words) + the header's date, so the
takes and write-thrus of one story share it; the version is the lead number.
"""

import re
from datetime import UTC, datetime

from django.utils import timezone

from articles.text import fold_spaces

from .common import decode_text, mentions_correction, paragraphs_html
from .credits import looks_like_agency, split_byline
from .story import CANCELED, USABLE, WITHHELD, ParsedCredit, ParsedStory, WireError
from .textwire import (
    headline_from_text,
    identity_slug,
    lead_number,
    open_envelope,
    paragraphs,
    split_dateline,
)

FORMAT = "anpa-1312"

HEADER = re.compile(
    r"^(?P<priority>[a-z])\s(?P<category>[a-z])\s+(?P<keyword>\S+)(?P<take_key>.*?)\s*"
    r"(?P<month>\d{1,2})-(?P<day>\d{1,2})(?:\s+(?P<words>\d+))?$",
    re.IGNORECASE,
)
TRAILER = re.compile(
    r"^(?P<agency>[A-Z]{2,8})-\w+-(?P<month>\d\d)-(?P<day>\d\d)-(?P<year>\d\d)\s+"
    r"(?P<hour>\d\d)(?P<minute>\d\d)\s*GMT",
    re.IGNORECASE,
)
CYCLE = re.compile(r"^(?:AM|PM|BC)-", re.IGNORECASE)  # a.m., p.m. or both-cycle copy
KEYWORD_FIELD = 24  # the header's keyword field: the slug without spaces, cut to 24 characters
TAKE_WORDS = re.compile(
    r"(?:^|[-,\s]+)(?:\d+(?:st|nd|rd|th)\s*-?\s*(?:ld|lead|add|take)|writethru|urgent"
    r"|bulletin|correction|corrects|kill|advisory)\b.*$",
    re.IGNORECASE,
)
CATEGORY_SECTIONS = {"f": "business", "s": "sports"}
AGENCY_NAMES = {"associated press": "AP"}
ROLE_WORDS = re.compile(r"\b(?:writer|editor|correspondent|columnist|critic|reporter)s?$", re.I)
PHOTO_NOTE = re.compile(r"^AP (?:Photos?|Video|Graphic)\b", re.IGNORECASE)
EDS_NOTE = re.compile(r"^Eds?\s*:\s*", re.IGNORECASE)
EDITORS_NOTE = re.compile(r"^EDITOR'?S NOTE\b", re.IGNORECASE)
BYLINE = re.compile(r"^By\s+\S", re.IGNORECASE)
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
CORRECTION_VERBS = {
    "restores", "adds", "corrects", "updates", "fixes", "changes", "removes", "deletes",
    "inserts", "clarifies", "replaces", "recasts", "rewrites", "subs", "edits",
}  # fmt: skip
KILL = re.compile(r"\b(?:kill|elimination|withdrawn|withdrawal)\b", re.IGNORECASE)
HOLD = re.compile(r"hold for release|embargo|not for publication", re.IGNORECASE)
ADD_OR_TAKE = re.compile(r"\b\d+(?:st|nd|rd|th)\s*-?\s*(?:add|take)\b", re.IGNORECASE)
RULE = re.compile(r"^_{3,}$")


def parse(data, name=""):
    envelope = open_envelope(decode_text(data), "ANPA-1312")
    header = _header(envelope.heading)
    head_lines, body_lines = _split_head(envelope.text)
    head = _read_head(head_lines)
    if not head["slug"] and not header:
        raise WireError("ANPA-1312 copy has neither a header line nor a slug line (^BC-…)")
    keyword = head["slug"] or header["keyword"]
    take_key = " ".join(filter(None, [header.get("take_key", ""), head["take_key"]]))
    if ADD_OR_TAKE.search(take_key):
        raise WireError(f"ANPA-1312 take {take_key!r} adds to an earlier take; adds are not merged")

    texts = [_typography(p) for p in paragraphs(body_lines)]
    texts = [text for text in texts if not RULE.match(text)]
    dateline, agency, first = split_dateline(texts[0]) if texts else ("", "", "")
    if texts:
        texts[0] = first
    headline = head["headline"] or (headline_from_text(first) if first else "")
    if not headline:
        raise WireError("ANPA-1312 copy has no headline line and no text to make one from")

    trailer = TRAILER.match(envelope.trailer)
    provider = agency or (trailer["agency"] if trailer else "") or _agency(head["title"]) or "AP"
    sent_at = _sent_at(trailer)
    story_date = _story_date(header, sent_at)
    slug = _keyword_slug(keyword)
    if "newsalert" in slug.replace("-", ""):  # every alert shares this slug: add its words
        slug = f"{slug}-{identity_slug(headline)[:40].rsplit('-', 1)[0]}"
    version = lead_number(take_key)
    return ParsedStory(
        format=FORMAT,
        source_ref=f"anpa:{identity_slug(provider)}:{slug}:{story_date.isoformat()}",
        source_version=str(version or 0),
        headline=headline,
        section=CATEGORY_SECTIONS.get(header.get("category", "").lower(), ""),
        published_at=sent_at,
        version_created=sent_at,
        body_html=paragraphs_html([*head["lead_notes"], *texts]),
        credits=_credits(head["byline"], head["title"]),
        dateline=dateline,
        provider=provider,
        source_name=name,
        pubstatus=_status(take_key, head["notes"]),
        editor_note="\n".join(head["notes"]),
        correction_note=_correction(take_key, head["eds"]),
    )


def _header(heading):
    """The fields of the priority/category/keyword/date line; {} when the heading has none."""
    for line in heading:
        if match := HEADER.match(fold_spaces(line)):
            return {key: (value or "").strip() for key, value in match.groupdict().items()}
    return {}


def _split_head(lines):
    """The caret header lines (markers stripped), and the body lines after them."""
    head = []
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("^"):
            head.append(fold_spaces(stripped[1:].rstrip("<=")))
        elif stripped:
            return head, lines[index:]
    return head, []


def _read_head(lines):
    head = {"slug": "", "take_key": "", "headline": "", "byline": "", "title": ""}
    head.update(notes=[], eds=[], lead_notes=[])
    expect_title = False
    for position, line in enumerate(lines):
        if position == 0 and CYCLE.match(line):
            slug, *rest = [part.strip() for part in line.split(",")]
            if rest and rest[-1].isdigit():
                rest.pop()  # the word count
            head["slug"], head["take_key"] = slug, " ".join(rest)
        elif PHOTO_NOTE.match(line):
            head["notes"].append(line)
        elif EDS_NOTE.match(line):
            head["notes"].append(_typography(line))
            head["eds"].append(EDS_NOTE.sub("", line))
        elif EDITORS_NOTE.match(line):
            head["lead_notes"].append(_typography(line))  # AP means it for readers
        elif BYLINE.match(line) and not head["byline"]:
            head["byline"], expect_title = line, True
        elif expect_title:
            head["title"], expect_title = line, False
        elif not head["headline"]:
            head["headline"] = _typography(line)
        else:
            head["notes"].append(_typography(line))
    return head


def _typography(text):
    """AP's typewriter marks as typography: `` '' double quotes, ` ' single ones, _ a dash."""
    text = text.replace("``", "“").replace("''", "”")
    text = re.sub(r"`(.*?)'(?!\w)", r"‘\1’", text).replace("`", "‘")
    return re.sub(r"(?:^|(?<=\s))_(?=\s|$)", "—", text)


def _keyword_slug(keyword):
    """The keyword as the header carries it (no spaces, 24 characters), without the cycle
    (BC-/AM-/PM-) or take words: "BC-US--Ethanol-Losing Grassland" → "us-ethanol-losinggra"."""
    keyword = TAKE_WORDS.sub("", keyword).replace(" ", "")[:KEYWORD_FIELD]
    return identity_slug(CYCLE.sub("", keyword)) or "story"


def _sent_at(trailer):
    if not trailer:
        return None
    year = 2000 + int(trailer["year"])
    try:
        return datetime(
            year if year <= timezone.now().year + 1 else year - 100,
            *(int(trailer[key]) for key in ("month", "day", "hour", "minute")),
            tzinfo=UTC,
        )
    except ValueError:
        raise WireError(f"ANPA-1312 sign-off {trailer.group(0)!r} is not a date") from None


def _story_date(header, sent_at):
    """The header's month-day in the year of the sign-off (the year before when the header date
    falls after it: a story from Dec 31 sent on Jan 1); without a sign-off, the current year
    unless that puts the date more than two days ahead."""
    today = timezone.now().date()
    if not header:
        return sent_at.date() if sent_at else today
    year = sent_at.year if sent_at else today.year
    month, day = int(header["month"]), int(header["day"])
    try:
        story_date = datetime(year, month, day).date()
        if (sent_at and story_date > sent_at.date()) or (
            not sent_at and (story_date - today).days > 2
        ):
            story_date = story_date.replace(year=year - 1)
    except ValueError:
        raise WireError(f"ANPA-1312 header date {month:02}-{day:02} is not a date") from None
    return story_date


def _agency(title):
    return AGENCY_NAMES.get(title.casefold(), title) if title else ""


def _credits(byline, title):
    """People from the byline; the title line is their role ("AP Business Writer") or the
    agency they write for ("Associated Press", credited as AP)."""
    if title and looks_like_agency(title) and not ROLE_WORDS.search(title):
        credits = split_byline(byline)
        agency = _agency(title)
        if agency.casefold() not in {credit.name.casefold() for credit in credits}:
            credits.append(ParsedCredit(agency, "agency"))
        return credits
    return split_byline(byline, role=title)


def _status(take_key, notes):
    if KILL.search(take_key):
        return CANCELED
    if any(HOLD.search(note) for note in notes):
        return WITHHELD
    return USABLE


def _correction(take_key, eds):
    """The correction sentences of the Eds notes ("Restores reference in 3rd paragraph…");
    "Correction" in the take key with no such sentence reads "Corrected"."""
    sentences = [s for note in eds for s in SENTENCE_BREAK.split(fold_spaces(note))]
    fixes = [s for s in sentences if s.split(" ", 1)[0].casefold().strip(":,") in CORRECTION_VERBS]
    if fixes:
        return " ".join(fixes)
    return "Corrected" if mentions_correction(take_key) else ""
