"""The parsed story: the one shape every wire parser produces and the importer consumes."""

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime


class WireError(Exception):
    """Copy that cannot be imported; the message says why, in one line, for the wire desk."""


@dataclass
class ParsedCredit:
    name: str
    kind: str | None = None  # "person", "agency", or None when the format cannot tell


@dataclass
class ParsedPhoto:
    caption: str
    credit: str = ""
    alt_text: str = ""
    body_position: int | None = None  # None: shown at the top of the story


@dataclass
class ParsedStory:
    format: str
    source_ref: str
    headline: str
    section: str = ""
    section_name: str = ""
    published_at: datetime | None = None
    summary: str = ""
    highlights: list[str] = field(default_factory=list)
    body_html: str = ""
    credits: list[ParsedCredit] = field(default_factory=list)
    photos: list[ParsedPhoto] = field(default_factory=list)
    related_headlines: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    source_name: str = ""
    source_version: str = ""

    def as_record(self):
        """The story as plain JSON-ready data, for the record of versions received."""
        return json.loads(json.dumps(asdict(self), default=str, ensure_ascii=False))

    def content_hash(self):
        """A digest of what the story says, so a re-sent identical story is seen as unchanged.

        The file name is left out: the same copy saved under another name is the same story.
        """
        content = asdict(self)
        content.pop("source_name")
        encoded = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()
