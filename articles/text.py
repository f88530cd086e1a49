"""Plain-text helpers shared by the models and the wire parsers."""

import re
import unicodedata

from django.utils.text import slugify

_SPACES = re.compile(r"[^\S\n]+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "′": "'"})


def fold_spaces(text):
    """No-break and other Unicode spaces become plain spaces; runs fold to one; ends are trimmed."""
    return _SPACES.sub(" ", text.replace("\u00a0", " ").replace("\u200b", "")).strip()


def headline_key(headline):
    """A matching key for a headline: case, quote style, spacing and final punctuation ignored.

    Related-story links are made by headline, and the same headline is typed with curly quotes
    on one page and straight quotes on another.
    """
    text = unicodedata.normalize("NFKC", headline or "").translate(_QUOTES)
    text = fold_spaces(text).casefold()
    return text.rstrip(" .!?:;,")[:300]


def article_slug(headline):
    return slugify(headline)[:200].strip("-") or "story"
