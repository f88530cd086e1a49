"""The page-text format: a news page's text as copied out of a browser (our first story).

Anatomy (see shared/wire-samples/README.md): section kicker, listing date, ``By`` and byline,
headline, the header repeated (byline, full date), then photos (a caption line written twice,
ending `` — CREDIT``), highlights (``•`` lines), body paragraphs and subheadings, and a
``More From <Section>:`` block of related headlines.
"""

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.html import escape
from django.utils.text import slugify

from articles.text import fold_spaces, headline_key

from .credits import split_byline
from .story import ParsedPhoto, ParsedStory, WireError

FORMAT = "page-text"

DATE_FORMATS = [
    f"{weekday}{month} %d{comma} %Y"
    for weekday in ("%A ", "%a ", "")
    for month in ("%b", "%B")
    for comma in ("", ",")
]
MORE_FROM = re.compile(r"^More From (?P<section>.+?):$", re.IGNORECASE)
QUOTED = re.compile(r"^[‘'“\"](?P<text>.+)[’'”\"]$")
CREDIT_DASHES = (" — ", " – ")
SENTENCE_END = tuple(".!?:;,…۔؟")


def parse(data, name=""):
    lines = _decode_lines(data)
    reader = _LineReader(lines)
    section_name = reader.next_nonblank("the section")
    if not re.fullmatch(r"[A-Za-z][A-Za-z &/-]{0,39}", section_name):
        raise WireError(f"line {reader.lineno}: expected a section name, found {section_name!r}")
    listing_date = _parse_date(reader.next_nonblank("the date"), reader.lineno)

    byline = ""
    if reader.peek_nonblank() == "By":
        reader.next_nonblank()
        byline = reader.next_nonblank("the byline after “By”")
    headline = reader.next_nonblank("the headline")
    if headline == "By" or _try_date(headline) or MORE_FROM.match(headline):
        raise WireError(f"line {reader.lineno}: expected a headline, found {headline!r}")

    if reader.peek_nonblank() == "By":
        reader.next_nonblank()
        byline = reader.next_nonblank("the byline after “By”") or byline
    header_date = None
    if _try_date(reader.peek_nonblank() or ""):
        header_date = _parse_date(reader.next_nonblank(), reader.lineno)
    published_on = header_date or listing_date

    content = _parse_content(reader.rest())
    if not content["body_html"]:
        raise WireError(f"no body text after the header (line {reader.lineno})")
    section_display = content.pop("section_name") or section_name.title()
    return ParsedStory(
        format=FORMAT,
        source_ref=f"{FORMAT}:{published_on.isoformat()}:{_identity(headline)}",
        headline=headline,
        section=slugify(section_name),
        section_name=section_display,
        published_at=datetime.combine(published_on, time(0), ZoneInfo(settings.TIME_ZONE)),
        credits=split_byline(byline),
        source_name=name,
        **content,
    )


def _identity(headline):
    """The headline part of a page-text identity: quote style and case do not matter."""
    return slugify(headline_key(headline), allow_unicode=True)[:180]


def _decode_lines(data):
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex().upper()
        raise WireError(
            f"not valid UTF-8 (byte 0x{bad} at offset {error.start}); page text must be UTF-8"
        ) from None
    return [
        fold_spaces(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]


def _try_date(line):
    for pattern in DATE_FORMATS:
        try:
            parsed = datetime.strptime(line, pattern)
        except ValueError:
            continue
        return parsed.date(), (pattern.startswith("%A") and parsed.strftime("%A")) or (
            pattern.startswith("%a") and parsed.strftime("%a")
        )
    return None


def _parse_date(line, lineno):
    """A date line; a weekday that does not fit the date is as wrong as a day 99."""
    parsed = _try_date(line)
    if parsed is None:
        raise WireError(f"line {lineno}: impossible or unreadable date {line!r}")
    day, weekday = parsed
    if weekday and not line.startswith(weekday):
        raise WireError(f"line {lineno}: {line!r} names the wrong weekday (it was a {weekday})")
    return day


def _parse_content(lines):
    """Photos, highlights, body blocks and related headlines from the lines after the header."""
    highlights, photos, blocks, related = [], [], [], []
    section_name = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        following = lines[index + 1] if index + 1 < len(lines) else None
        if not line:
            index += 1
        elif match := MORE_FROM.match(line):
            section_name = match["section"]
            related = list(dict.fromkeys(text for text in lines[index + 1 :] if text))
            break
        elif line.startswith("•"):
            point = line.lstrip("•").strip()
            if blocks:
                _append_list_item(blocks, point)
            else:
                highlights.append(point)
            index += 1
        elif line == following:
            photos.append(_photo(line, len(blocks) if blocks else None))
            index += 2
        else:
            heading = _subheading(line)
            blocks.append(f"<h2>{escape(heading)}</h2>" if heading else f"<p>{escape(line)}</p>")
            index += 1
    return {
        "highlights": highlights,
        "photos": photos,
        "body_html": "\n".join(blocks),
        "related_headlines": related,
        "section_name": section_name,
    }


def _photo(line, body_position):
    caption, credit = line, ""
    for dash in CREDIT_DASHES:
        if dash in line:
            caption, credit = (part.strip() for part in line.rsplit(dash, 1))
            break
    return ParsedPhoto(
        caption=caption, credit=credit, alt_text=caption, body_position=body_position
    )


def _append_list_item(blocks, point):
    item = f"<li>{escape(point)}</li>"
    if blocks[-1].startswith("<ul>"):
        blocks[-1] = blocks[-1].removesuffix("</ul>") + item + "</ul>"
    else:
        blocks.append(f"<ul>{item}</ul>")


def _subheading(line):
    """The text of a subheading line, or None for a paragraph.

    A subheading is a short line with no final full stop, often wrapped whole in quotes
    (‘Similar security challenges’), which are dropped.
    """
    quoted = QUOTED.match(line)
    text = quoted["text"].strip() if quoted else line
    if len(text) > 90 or len(text.split()) > 12 or text.endswith(SENTENCE_END):
        return None
    if not quoted and text.endswith(("”", '"', "’", "'", ")")):
        return None
    return text


class _LineReader:
    """Walks the header lines, remembering the line number for error messages."""

    def __init__(self, lines):
        self.lines = lines
        self.position = 0
        self.lineno = 0

    def _skip_blank(self):
        while self.position < len(self.lines) and not self.lines[self.position]:
            self.position += 1

    def peek_nonblank(self):
        self._skip_blank()
        return self.lines[self.position] if self.position < len(self.lines) else None

    def next_nonblank(self, expected="more text"):
        self._skip_blank()
        if self.position >= len(self.lines):
            raise WireError(f"missing {expected}: the file ends after line {self.lineno}")
        self.lineno = self.position + 1
        self.position += 1
        return self.lines[self.position - 1]

    def rest(self):
        return self.lines[self.position :]
