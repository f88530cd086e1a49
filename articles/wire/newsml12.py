"""NewsML 1.2 (AFP, Kyodo, Business Wire): each NewsItem of the envelope is one story.

Identity is the PublicIdentifier without its trailing revision (``urn:newsml:afp.com:
20210516T080625Z:TX-PAR-WGF71:1`` → ``…:TX-PAR-WGF71``), else one built from ProviderId, DateId
and NewsItemId; the version is RevisionId. The text is the first text ContentItem outside the
logo, contact, stylesheet and headline components (NITF, XHTML or plain text inside
DataContent); a Contact component's text becomes the editor's note.
"""

import re

from articles.text import fold_spaces

from .common import (
    mentions_correction,
    paragraphs_html,
    parse_datetime,
    section_for_subject,
    subject_family,
    text_paragraphs,
    unique,
)
from .credits import split_byline
from .newsml12_photos import formal_name, photos, role_of
from .nitf_body import Body, clean_headline, convert_body, dateline_place, lead_dateline, text_of
from .safexml import XML_LANG, parse_xml, without_namespaces
from .story import CANCELED, USABLE, WITHHELD, ParsedLink, ParsedStory, WireError

FORMAT = "newsml-1.2"

STATUSES = {"usable": USABLE, "canceled": CANCELED, "cancelled": CANCELED, "withheld": WITHHELD}
NOT_TEXT_ROLES = {"logo", "contact", "stylesheet", "headline", "caption"}
# urn:newsml:ProviderId:DateId:NewsItemId:RevisionId, the revision maybe flagged U or A.
PUBLIC_IDENTIFIER = re.compile(r"^(?P<identity>urn:newsml:[^:]+:[^:]+:[^:]+):\d+[AU]?$", re.I)
CORRECTED = "Corrected version."
NOT_FOR_PUBLICATION = re.compile(r"\bnot for (?:publication|release)\b|\bwithheld\b", re.I)


def parse_many(data, name=""):
    root = without_namespaces(parse_xml(data))
    if root.tag != "NewsML":
        raise WireError(f"not NewsML 1.2: the root element is <{root.tag}>")
    items = root.findall("NewsItem")
    if not items:
        raise WireError("NewsML 1.2 file has no NewsItem")
    return [_story(item, root.find("NewsEnvelope"), name) for item in items]


def parse(data, name=""):
    """The first NewsItem's story (a NewsML file usually carries one)."""
    return parse_many(data, name)[0]


def _story(item, envelope, name):
    identifier = item.find("Identification/NewsIdentifier")
    if identifier is None:
        raise WireError("NewsML 1.2 NewsItem has no Identification/NewsIdentifier")
    source_ref = _identity(identifier)
    management = item.find("NewsManagement")
    management = management if management is not None else item.makeelement("NewsManagement")
    body, nitf = _body(item)

    raw_headline = _line(item, "HeadLine") or text_of(nitf.find(".//hedline/hl1"))
    headline, corrected = clean_headline(raw_headline)
    if not headline:
        raise WireError("NewsML 1.2 NewsItem has no HeadLine")
    advisories = [
        text_of(line.find("NewsLineText"))
        for line in _outside_skipped(item, "NewsLine")
        if formal_name(line.find("NewsLineType")).lower() == "advisoryline"
    ]
    created = parse_datetime(
        text_of(management.find("ThisRevisionCreated")), field="ThisRevisionCreated"
    )
    status = formal_name(management.find("Status")).lower()
    pubstatus = STATUSES.get(status, USABLE)
    if any(NOT_FOR_PUBLICATION.search(advisory) for advisory in advisories):
        pubstatus = WITHHELD
    embargo = _status_change(management, created)
    if status == "embargoed" and not embargo:
        pubstatus = WITHHELD
    correction = [text for text in advisories if mentions_correction(text)]
    related = _associated(management, source_ref)
    codes = [formal_name(code) for code in item.iter("Subject", "SubjectMatter", "SubjectDetail")]
    return ParsedStory(
        format=FORMAT,
        source_ref=source_ref,
        source_version=text_of(identifier.find("RevisionId")),
        headline=headline,
        summary=_line(item, "SubHeadLine"),
        body_html=body.html,
        photos=body.photos + photos(item),
        credits=_credits(item),
        dateline=_dateline(item, nitf, body),
        language=_language(item),
        tags=unique([*_keywords(item), *map(subject_family, codes)]),
        section=next(filter(None, map(section_for_subject, codes)), ""),
        provider=_provider(item, envelope, identifier),
        published_at=parse_datetime(text_of(management.find("FirstCreated")), field="FirstCreated"),
        version_created=created,
        pubstatus=pubstatus,
        embargo_until=embargo,
        editor_note="\n".join(unique([*advisories, *body.notes, _contact(item)])),
        correction_note="\n".join(correction) or (CORRECTED if corrected else ""),
        related=[ParsedLink(ref=ref) for ref in related],
        source_name=name,
    )


def _identity(identifier):
    public = text_of(identifier.find("PublicIdentifier"))
    if public:
        return _without_revision(public)
    parts = [text_of(identifier.find(tag)) for tag in ("ProviderId", "DateId", "NewsItemId")]
    if not parts[2]:
        raise WireError("NewsML 1.2 NewsIdentifier has no PublicIdentifier or NewsItemId")
    return ":".join(["urn:newsml", *parts])


def _associated(management, source_ref):
    """Identities of the other items NewsManagement's AssociatedWith names.

    They are related items, never ones this item replaces: AFP's update names its earlier,
    different story (``…:doc-99j8na``), and replacing would overwrite that story. Versions of
    this item itself share its identity and need no link.
    """
    refs = [fold_spaces(ref.get("NewsItem") or "") for ref in management.findall("AssociatedWith")]
    refs = [_without_revision(ref) for ref in unique(refs) if ref]
    return [ref for ref in unique(refs) if ref != source_ref]


def _without_revision(ref):
    ref = fold_spaces(ref)
    match = PUBLIC_IDENTIFIER.match(ref)
    return match["identity"] if match else ref


def _outside_skipped(item, tag, skipped=("logo", "stylesheet")):
    """Elements named ``tag`` that are not inside a component of a skipped role."""
    return [
        element
        for element in item.iter(tag)
        if not any(role_of(c) in skipped for c in element.iterancestors("NewsComponent"))
    ]


def _line(item, tag):
    return next(filter(None, map(text_of, _outside_skipped(item, tag))), "")


def _body(item):
    """(Body, nitf element or an empty one) from the main text ContentItem."""
    candidates = [
        content
        for content in _outside_skipped(item, "ContentItem", NOT_TEXT_ROLES)
        if content.find("DataContent") is not None
        and formal_name(content.find("MediaType")).lower() in ("", "text")
        and not formal_name(content.find("MimeType")).lower().startswith(("image/", "text/css"))
        and formal_name(content.find("Format")).lower() != "css"
    ]
    main = [c for c in candidates if role_of(c.getparent()) in ("main", "body")]
    empty = item.makeelement("nitf")
    for content in main + candidates:
        data = content.find("DataContent")
        nitf = data.find("nitf")
        if nitf is not None:
            return convert_body(nitf.find("body/body.content")), nitf
        html = data.find("html")
        if html is not None or len(data):
            return convert_body(html.find("body") if html is not None else data), empty
        if paragraphs := text_paragraphs(data.text):
            return Body(paragraphs_html(paragraphs), first_paragraph=paragraphs[0]), empty
    return Body(), empty


def _contact(item):
    """A Contact component's text, its lines (``<br/>``, ``<p>``) joined with semicolons."""
    component = next((c for c in item.iter("NewsComponent") if role_of(c) == "contact"), None)
    data = component.find("ContentItem/DataContent") if component is not None else None
    lines = _text_lines(data).splitlines() if data is not None else []
    text = "; ".join(filter(None, map(fold_spaces, lines)))
    return f"Contact: {text}" if text else ""


def _text_lines(element):
    parts = [element.text or ""]
    for child in element:
        parts += ["\n" if child.tag in ("br", "p", "div") else "", _text_lines(child)]
        parts.append(child.tail or "")
    return "".join(parts)


def _credits(item):
    """ByLine (with a following ByLineTitle as the role), else the Creator parties (AFP), else
    the CreditLine (Kyodo)."""
    credits = []
    for byline in _outside_skipped(item, "ByLine"):
        title = byline.getnext()
        role = text_of(title) if title is not None and title.tag == "ByLineTitle" else ""
        credits.extend(split_byline(text_of(byline), role))
    if not credits:
        for party in item.findall(".//AdministrativeMetadata/Creator/Party"):
            credits.extend(split_byline(party.get("FormalName") or ""))
    return credits or split_byline(_line(item, "CreditLine"))


def _dateline(item, nitf, body):
    line = _line(item, "DateLine")
    if line:
        return dateline_place(line)
    location = text_of(nitf.find(".//dateline/location"))
    if location:
        return location
    for prop in item.iter("Property"):
        if prop.get("FormalName") == "City" and prop.getparent().get("HowPresent") == "Origin":
            return fold_spaces(prop.get("Value") or "")
    return lead_dateline(body.first_paragraph)


def _language(item):
    language = formal_name(next(iter(item.iter("Language")), None))
    if language:
        return language
    for element in (item, *item.iter("NewsComponent")):
        if element.get(XML_LANG):
            return element.get(XML_LANG).strip()
    return ""


def _keywords(item):
    """KeywordLines and keyword properties (AFP ``Keyword``, Business Wire ``BW…Keywords``);
    AFP's ``Role="PersonInImage"`` keywords describe pictures this item does not carry."""
    keywords = [text_of(line) for line in item.iter("KeywordLine")]
    for prop in item.iter("Property"):
        formal = prop.get("FormalName") or ""
        if (formal == "Keyword" or formal.endswith("Keywords")) and not prop.get("Role"):
            keywords.append(prop.get("Value") or "")
    return keywords


def _provider(item, envelope, identifier):
    for path in ("AdministrativeMetadata/Provider/Party", "SentFrom/Party"):
        for scope in (item, envelope):
            party = scope.find(f".//{path}") if scope is not None else None
            if formal_name(party):
                return formal_name(party)
    return text_of(identifier.find("ProviderId"))


def _status_change(management, created):
    """The time a StatusWillChange makes a held item usable, when that is still ahead."""
    change = management.find("StatusWillChange")
    if change is None or formal_name(change.find("FutureStatus")).lower() != "usable":
        return None
    moment = parse_datetime(text_of(change.find("DateAndTime")), field="StatusWillChange")
    return moment if moment and (created is None or moment > created) else None
