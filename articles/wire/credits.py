"""Reading bylines: splitting names and telling agencies and desks from people."""

import re

from .story import ParsedCredit

# Words that mark a byline name as a desk or agency rather than a person.
AGENCY_WORDS = {
    "agency", "bureau", "correspondent", "desk", "monitoring", "news", "press", "report",
    "reporter", "service", "staff", "wire", "wires",
}  # fmt: skip
NAME_JOINERS = re.compile(r"\s+(?:&|and)\s+")


def looks_like_agency(name):
    """APP, PPI, "Web Desk", "Staff Reporter": all-caps codes and desk words are not people."""
    words = name.split()
    if len(words) == 1 and name.isupper() and 2 <= len(name) <= 6:
        return True
    return any(word.lower().strip(".") in AGENCY_WORDS for word in words)


def credit_for(name):
    name = " ".join(name.split())
    return ParsedCredit(name, "agency" if looks_like_agency(name) else "person")


def split_byline(byline):
    """ "Sara Khan & Ali Raza" or "Sara Khan and APP" → one credit per name, in order."""
    return [credit_for(part) for part in NAME_JOINERS.split(byline.strip()) if part.strip()]
