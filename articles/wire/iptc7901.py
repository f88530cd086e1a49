"""IPTC 7901, the agencies' text message format, as dpa sends it.

Anatomy: SOH and the header ``eca062 4 i 211 ccccb   dpa 061`` (service and message number,
priority, category, word count, optional selector codes, the agency and its own number);
keyword lines ``Switzerland/migration/UN/``; STX and the headline block, which ends with a
line ending `` =``: marker lines (``REFILE``, ``1ST LEAD``), the headline and a ``By …`` line.
Paragraphs, the first opening with the dateline ``Berlin (dpa) -``, then the notebook
(``# dpa NOTEBOOK``, ``* * * *``, "The following information is not for publication",
contacts, ``Reporting by: …``) that is for the desk and never part of the body. ETX, then the
transmission time ``212322 GMT Nov 18``: day 21, 23:22 GMT, November 2018 (TThhmm MON JJ).

Identity is agency + keywords + the transmission date, or agency + keywords when the copy has
no transmission time; the version is the lead number ("1ST LEAD" → "1", none → "0").
"""

import re
from datetime import UTC, datetime, timedelta, timezone

from articles.text import fold_spaces

from .common import decode_text, mentions_correction, paragraphs_html
from .credits import split_byline, unique_credits
from .story import CANCELED, USABLE, WITHHELD, ParsedCredit, ParsedLink, ParsedStory, WireError
from .textwire import (
    headline_from_text,
    identity_slug,
    lead_number,
    open_envelope,
    paragraphs,
    split_dateline,
)

FORMAT = "iptc-7901"

HEADER = re.compile(
    r"^(?P<service>[A-Za-z]{1,4})(?P<number>\d{1,6})\s+(?P<priority>\d)\s+"
    r"(?P<category>[A-Za-z]{1,3})\s+(?P<words>\d+)(?P<rest>.*)$"
)
AGENCY_AND_NUMBER = re.compile(r"(?:^|\s)(?P<agency>[A-Za-z][\w-]{1,11})\s+\S*\d\S*\s*$")
TRANSMITTED = re.compile(
    r"(?P<day>\d\d)(?P<hour>\d\d)(?P<minute>\d\d)\s*(?P<zone>[A-Z]{1,4})?\s+"
    r"(?P<month>[A-Za-z]{3})[a-z]*\.?\s+(?P<year>\d\d(?:\d\d)?)\b"
)
MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
ZONES = {"GMT": 0, "UTC": 0, "UT": 0, "Z": 0, "MEZ": 1, "CET": 1, "MESZ": 2, "CEST": 2}
CATEGORY_SECTIONS = {"s": "sports", "sp": "sports", "f": "business", "wi": "business"}
MARKER_WORDS = re.compile(
    r"\b(?:refiled?|corrections?|corrected|corrects|urgent|flash|bulletin|kill|withdrawal"
    r"|withdrawn|elimination|embargoed?|sperrfrist|not for publication|advisory"
    r"|(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
    r"\s+lead)\b",
    re.IGNORECASE,
)
BYLINE = re.compile(r"^(?:By|Von)\s+\S", re.IGNORECASE)
NOTEBOOK = re.compile(
    r"^(?:#\s|\*\s\*\s\*|The following information is not (?:intended )?for publication)",
    re.IGNORECASE,
)
MARKDOWN_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<url>https?://[^)\s]+)\)")
HEADLINE_BLOCK = 6  # the headline block is the first lines up to one ending " ="


def parse(data, name=""):
    envelope = open_envelope(decode_text(data), "IPTC 7901")
    header, keywords = _heading(envelope.heading)
    block, body_lines = _headline_block(envelope.text)
    markers = [line for line in block if _is_marker(line)]
    byline = next((line for line in block if BYLINE.match(line)), "")
    headline = fold_spaces(" ".join(line for line in block if line not in {*markers, byline}))

    story_lines, notebook = _split_notebook(body_lines)
    texts = paragraphs(story_lines)
    if not byline and texts and BYLINE.match(texts[0]) and len(texts[0]) < 80:
        byline = texts.pop(0)
    dateline, dateline_agency, first = split_dateline(texts[0]) if texts else ("", "", "")
    if texts:
        texts[0] = first
    headline = headline or (headline_from_text(first) if first else "")
    if not headline:
        raise WireError("IPTC 7901 copy has no headline (the line ending ' =' after STX)")

    provider = header.get("agency") or dateline_agency
    if not provider:
        raise WireError("IPTC 7901 copy names no agency (header or dateline)")
    sent_at = _transmitted(envelope.trailer)
    marker_text = " ".join(markers)
    identity = [identity_slug(provider), identity_slug(" ".join(keywords) or headline)]
    if sent_at:
        identity.append(sent_at.date().isoformat())
    return ParsedStory(
        format=FORMAT,
        source_ref=":".join(["iptc7901", *identity]),
        source_version=str(lead_number(marker_text) or 0),
        headline=headline,
        section=CATEGORY_SECTIONS.get(header.get("category", "").lower(), ""),
        published_at=sent_at,
        version_created=sent_at,
        body_html=paragraphs_html(texts),
        credits=_credits(byline, provider),
        related=[ParsedLink(headline=m["text"], url=m["url"]) for m in _links(notebook)],
        tags=list(dict.fromkeys(keywords)),
        dateline=dateline,
        provider=provider,
        source_name=name,
        pubstatus=_status(marker_text),
        editor_note="\n".join(line for line in map(fold_spaces, notebook) if line),
        correction_note=_correction(marker_text),
    )


def _heading(lines):
    """The header fields and the keywords of the lines before STX."""
    lines = [fold_spaces(line) for line in lines if line.strip()]
    if not lines:
        raise WireError("IPTC 7901 copy has no header line before the text")
    match = HEADER.match(lines[0])
    if not match:
        raise WireError(f"IPTC 7901 header {lines[0][:60]!r} is not 'service number priority …'")
    header = match.groupdict()
    agency = AGENCY_AND_NUMBER.search(header["rest"])
    header["agency"] = agency["agency"] if agency else ""
    keywords = [word.strip() for line in lines[1:] for word in line.split("/") if word.strip()]
    return header, keywords


def _headline_block(lines):
    """The lines of the headline block (ending with " ="), and the lines after it."""
    for index, line in enumerate(lines[:HEADLINE_BLOCK]):
        if line.rstrip().endswith("="):
            block = [fold_spaces(text) for text in lines[: index + 1]]
            block[-1] = block[-1].rstrip("= ").strip()
            return [text for text in block if text], lines[index + 1 :]
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    return [fold_spaces(line) for line in lines[first : first + 1]], lines[first + 1 :]


def _is_marker(line):
    return bool(MARKER_WORDS.search(line)) and not MARKER_WORDS.sub("", line).strip(" -–—,/:.")


def _split_notebook(lines):
    """(story lines, notebook lines): the notebook starts at "# …", "* * * *" or the
    not-for-publication line, and runs to the end."""
    for index, line in enumerate(lines):
        if NOTEBOOK.match(line.strip()):
            return lines[:index], lines[index:]
    return lines, []


def _links(notebook):
    return [match for line in notebook for match in MARKDOWN_LINK.finditer(line)]


def _credits(byline, provider):
    """People and agencies from the byline; the agency's own desk ("dpa correspondents") is
    credited as the agency itself."""
    return unique_credits(
        ParsedCredit(provider, "agency")
        if credit.kind == "agency" and credit.name.split()[0].casefold() == provider.casefold()
        else credit
        for credit in split_byline(byline)
    )


def _transmitted(trailer):
    """The transmission time after ETX, "TThhmm GMT MON JJ"; None when there is none."""
    match = TRANSMITTED.search(trailer)
    if not match or match["month"].lower() not in MONTHS:
        return None
    year = int(match["year"]) + (2000 if len(match["year"]) == 2 else 0)
    offset = timedelta(hours=ZONES.get((match["zone"] or "GMT").upper(), 0))
    try:
        local = datetime(
            year,
            MONTHS[match["month"].lower()],
            int(match["day"]),
            int(match["hour"]),
            int(match["minute"]),
            tzinfo=timezone(offset),
        )
    except ValueError:
        raise WireError(f"IPTC 7901 transmission time {match.group(0)!r} is not a date") from None
    return local.astimezone(UTC)


def _status(markers):
    markers = markers.casefold()
    if any(word in markers for word in ("kill", "withdraw", "elimination")):
        return CANCELED
    if any(word in markers for word in ("embargo", "sperrfrist", "not for publication")):
        return WITHHELD
    return USABLE


def _correction(markers):
    if mentions_correction(markers):
        return "Corrected"
    return "Refiled" if "refile" in markers.casefold() else ""
