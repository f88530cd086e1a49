"""Reading bylines: splitting names and telling agencies and desks from people."""

import re

from .story import ParsedCredit

# Words that mark a byline name as a desk or agency rather than a person.
AGENCY_WORDS = {
    "agency", "agence", "bureau", "correspondent", "correspondents", "desk", "monitoring",
    "news", "nachrichten", "presse", "press", "report", "reporter", "service", "staff",
    "wire", "wires",
}  # fmt: skip
AGENCY_CODES = {
    "aa", "aap", "afp", "anp", "ansa", "ap", "apa", "app", "belga", "dpa", "efe", "epa",
    "kyodo", "ntb", "pa", "pid", "ppi", "nni", "inp", "reuters", "ritzau", "sda", "stt", "tt",
    "upi", "xinhua", "bloomberg", "anadolu", "online",
}  # fmt: skip
BYLINE_PREFIX = re.compile(r"^(?:by|von|par|av|door|di|por)\s+", re.IGNORECASE)
NAME_JOINERS = re.compile(r"\s+(?:&|and|und|et|og|och|with)\s+|\s*;\s*", re.IGNORECASE)
TRAILING_PLACE = re.compile(r"\s+in\s+[A-Z][\w .'-]*$")
AGENCY_CHAIN = re.compile(r"^[A-Za-z]{2,8}(?:[-/][A-Za-z]{2,8})+$")


def is_agency_code(name):
    return name.casefold() in AGENCY_CODES


def looks_like_agency(name):
    """APP, PPI, "Web Desk", "Staff Reporter": all-caps codes and desk words are not people."""
    words = name.split()
    if is_agency_code(name):
        return True
    if len(words) == 1 and name.isupper() and 2 <= len(name) <= 6:
        return True
    return any(word.lower().strip(".") in AGENCY_WORDS for word in words)


def credit_for(name, role=""):
    name = " ".join(name.split()).strip(" ,.")
    if looks_like_agency(name):
        return ParsedCredit(name, "agency", role)
    if name.isupper() and len(name.split()) > 1:
        name = name.title()  # AP's "BERNARD CONDON"
    return ParsedCredit(name, "person", role)


def split_byline(byline, role=""):
    """Credits, in order, from a byline as agencies write them.

    "Sara Khan & Ali Raza", "By PAUL BYRNE and ALMUDENA CALATRAVA", "Von Christian Hollmann,
    dpa" (a person, then the agency), "Aaron J. Staples, Michigan State University" (a person
    and an affiliation, kept as the role), "NTB-AFP-DPA" (three agencies), "Adel Zaanoun with
    Guillaume Lavallee in Jerusalem" (two people; the place is dropped).
    """
    byline = BYLINE_PREFIX.sub("", " ".join((byline or "").split())).strip(" ,.")
    if not byline:
        return []
    if AGENCY_CHAIN.match(byline) and all(
        looks_like_agency(part) for part in re.split(r"[-/]", byline)
    ):
        return [ParsedCredit(part, "agency") for part in re.split(r"[-/]", byline)]
    credits = []
    for part in NAME_JOINERS.split(byline):
        name, *rest = [piece.strip() for piece in part.split(",") if piece.strip()]
        name = TRAILING_PLACE.sub("", name)
        affiliation = []
        for extra in rest:
            if looks_like_agency(extra):
                credits.append(credit_for(name, role))
                name = extra
            else:
                affiliation.append(extra)
        credits.append(credit_for(name, ", ".join([*affiliation, role]).strip(", ")))
    return unique_credits(credits)


def unique_credits(credits):
    """Credits with a name, each name once (case ignored), in order."""
    seen, unique = set(), []
    for credit in credits:
        if credit.name and credit.name.casefold() not in seen:
            seen.add(credit.name.casefold())
            unique.append(credit)
    return unique
