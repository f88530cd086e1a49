"""The parsed story: the one shape every wire parser produces and the importer consumes."""

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime

USABLE, CANCELED, WITHHELD = "usable", "canceled", "withheld"


class WireError(Exception):
    """Copy that cannot be imported; the message says why, in one line, for the wire desk."""


@dataclass
class ParsedCredit:
    name: str
    kind: str | None = None  # "person" or "agency"; None when the format cannot tell
    role: str = ""  # "AP Business Writer", "photographer", "editor"…


@dataclass
class ParsedPhoto:
    caption: str
    credit: str = ""
    alt_text: str = ""
    body_position: int | None = None  # None: shown at the top of the story
    url: str = ""  # the best rendition's address, kept for reference; never fetched on import


@dataclass
class ParsedLink:
    """A related item: by headline, by address, and/or by the source identity of that item."""

    headline: str = ""
    url: str = ""
    ref: str = ""


@dataclass
class ParsedStory:
    format: str
    source_ref: str  # the story's identity at its source, without version
    headline: str
    section: str = ""  # section slug, when the copy names one; else the importer's default
    section_name: str = ""
    published_at: datetime | None = None  # first publication / creation time
    version_created: datetime | None = None  # time of this version
    summary: str = ""
    highlights: list[str] = field(default_factory=list)
    body_html: str = ""  # sanitised later, but parsers give structural HTML only
    credits: list[ParsedCredit] = field(default_factory=list)
    photos: list[ParsedPhoto] = field(default_factory=list)
    related_headlines: list[str] = field(default_factory=list)
    related: list[ParsedLink] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    language: str = ""
    dateline: str = ""  # the place, e.g. "NEW YORK" or "Moskau/Berlin"
    provider: str = ""  # the agency that sent it: "AP", "dpa", "Reuters"…
    source_name: str = ""
    source_version: str = ""  # "11", "978556838"; compared numerically where it is a number
    pubstatus: str = USABLE  # usable, canceled (a kill) or withheld
    embargo_until: datetime | None = None
    editor_note: str = ""  # advisories for the desk, never shown to readers
    correction_note: str = ""  # set when this version corrects an earlier one
    replaces: list[str] = field(default_factory=list)  # identities this version supersedes

    @classmethod
    def from_record(cls, record):
        """The story back from ``as_record()``, as kept in a WireVersion."""
        fields = dict(record)
        for name in ("published_at", "version_created", "embargo_until"):
            if fields.get(name):
                fields[name] = datetime.fromisoformat(fields[name])
        fields["credits"] = [ParsedCredit(**c) for c in fields.get("credits", [])]
        fields["photos"] = [ParsedPhoto(**p) for p in fields.get("photos", [])]
        fields["related"] = [ParsedLink(**link) for link in fields.get("related", [])]
        return cls(**fields)

    def as_record(self):
        """The story as plain JSON-ready data, for the record of versions received."""
        return json.loads(json.dumps(asdict(self), default=str, ensure_ascii=False))

    def content_hash(self):
        """A digest of what the story says, so a re-sent identical story is seen as unchanged.

        The file name is left out: the same copy saved under another name is the same story.
        """
        return _digest(asdict(self))

    def record_and_hash(self):
        """``(as_record(), content_hash())`` for the price of one (bulk imports need both)."""
        content = asdict(self)
        record = json.loads(json.dumps(content, default=str, ensure_ascii=False))
        return record, _digest(content)


def _digest(content):
    content = {name: value for name, value in content.items() if name != "source_name"}
    encoded = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()
