"""NITF 3.x stories (AP, NTB, AAP and other agencies): one story per file.

Identity is the docdata ``doc-id id-string``. Some files carry none (AP's NITF has only
``regsrc``): the key is then built as ``nitf:<regsrc>:<date of date.issue>:<du-key, else the
slug of head/title or the headline>``, so a resend of the same story on the same day keeps it.
The version is ``du-key version``. Kills are ``management-status="canceled"``; the earlier
document a kill or correction points at (``management-doc-idref``/``management-idref`` on
docdata, ``idref`` on doc-id, ``correction id-string``) goes to ``replaces``.
"""

import re
from zoneinfo import ZoneInfo

from django.utils.text import slugify

from articles.text import fold_spaces

from .common import correction_note, parse_datetime, section_for_subject, unique
from .credits import credit_for, split_byline
from .nitf_body import clean_headline, convert_body, dateline_place, lead_dateline, text_of
from .safexml import XML_LANG, parse_xml, without_namespaces
from .story import CANCELED, USABLE, WITHHELD, ParsedStory, WireError

FORMAT = "nitf"

STATUSES = {"usable": USABLE, "canceled": CANCELED, "cancelled": CANCELED, "withheld": WITHHELD}
# Providers known to stamp NITF dates in local time without an offset (Superdesk-NTB writes
# date.issue in its DEFAULT_TIMEZONE); anyone else's offset-less time is read as UTC.
PROVIDER_TIMEZONES = {"NTB": ZoneInfo("Europe/Oslo")}
NOT_FOR_PUBLICATION = re.compile(
    r"\bnot for (?:publication|release)\b|\bwithheld\b|\bdo not (?:publish|use)\b", re.I
)
ZONE_GIVEN = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")
CORRECTED = "Corrected version."
IDREF_ATTRIBUTES = ("management-doc-idref", "management-idref", "idref")
ORIGINAL = "originalHeadline"  # AP repeats the headline in an hl2 with this id


def parse(data, name=""):
    root = without_namespaces(parse_xml(data))
    if root.tag != "nitf":
        raise WireError(f"not NITF: the root element is <{root.tag}>")
    docdata = root.find("head/docdata")
    docdata = docdata if docdata is not None else root.makeelement("docdata")
    body_head = root.find("body/body.head")
    body_head = body_head if body_head is not None else root.makeelement("body.head")
    doc_id = docdata.find("doc-id")
    doc_id = doc_id if doc_id is not None else root.makeelement("doc-id")

    raw_headline = text_of(body_head.find("hedline/hl1")) or text_of(root.find("head/title"))
    headline, corrected = clean_headline(raw_headline)
    if not headline:
        raise WireError("NITF has no headline (hedline/hl1)")

    provider = _provider(root, docdata, doc_id)
    zone = PROVIDER_TIMEZONES.get(provider.upper())
    issued = _time(docdata, "date.issue", zone) or _time(root.find("head"), "pubdata", zone)
    released = _time(docdata, "date.release", zone)

    summary = text_of(body_head.find("abstract")) or next(
        (text_of(hl2) for hl2 in body_head.findall("hedline/hl2") if hl2.get("id") != ORIGINAL),
        "",
    )
    # Without an abstract, a lede paragraph is the standfirst (NTB writes its abstract so).
    body = convert_body(root.find("body/body.content"), lift_lede=not summary)
    summary = summary or body.lede

    source_ref = (doc_id.get("id-string") or "").strip() or _built_key(
        doc_id, docdata, root, headline, issued, provider
    )
    ed_msg = _attribute(docdata, "ed-msg", "info")
    pubstatus, embargo, notes = _status(docdata, ed_msg, issued, released)
    return ParsedStory(
        format=FORMAT,
        source_ref=source_ref,
        source_version=_attribute(docdata, "du-key", "version"),
        headline=headline,
        summary=summary,
        body_html=body.html,
        photos=body.photos,
        credits=_credits(body_head, docdata),
        dateline=_dateline(body_head) or lead_dateline(body.first_paragraph),
        language=_language(root, docdata, doc_id),
        tags=_tags(root, docdata),
        section=next(filter(None, map(section_for_subject, _subject_codes(root))), ""),
        provider=provider,
        published_at=issued,
        version_created=issued,
        pubstatus=pubstatus,
        embargo_until=embargo,
        editor_note="\n".join(unique([ed_msg, *notes, *body.notes])),
        correction_note=_correction_note(docdata, ed_msg, corrected),
        replaces=_replaces(docdata, doc_id, source_ref),
        source_name=name,
    )


def _attribute(parent, tag, attribute):
    element = parent.find(tag)
    return fold_spaces(element.get(attribute) or "") if element is not None else ""


def _time(parent, tag, zone):
    """The ``norm`` time of a docdata date element, in the provider's zone when it has none."""
    element = parent.find(tag) if parent is not None else None
    if element is None:
        return None
    value = (element.get("norm") or element.get("date.publication") or "").strip()
    moment = parse_datetime(value, field=tag)
    if moment and zone and "T" in value and not ZONE_GIVEN.search(value):
        moment = moment.replace(tzinfo=zone)
    return moment


def _provider(root, docdata, doc_id):
    rights = docdata.find("doc.rights")
    copyright_ = docdata.find("doc.copyright")
    return fold_spaces(
        doc_id.get("regsrc")
        or text_of(root.find("body/body.head/distributor"))
        or (rights.get("agent") or rights.get("owner") if rights is not None else "")
        or (copyright_.get("holder") if copyright_ is not None else "")
        or ""
    )


def _built_key(doc_id, docdata, root, headline, issued, provider):
    du_key = docdata.find("du-key")
    key = (du_key.get("key") if du_key is not None else "") or ""
    title, _ = clean_headline(text_of(root.find("head/title")))
    story = slugify(key or title or headline, allow_unicode=True)[:120]
    day = issued.date().isoformat() if issued else ""
    return ":".join(filter(None, ["nitf", doc_id.get("regsrc") or provider, day, story]))


def _credits(body_head, docdata):
    credits = []
    for byline in body_head.findall("byline"):
        role = text_of(byline.find("byttl")).strip(" ,")
        parts = [byline.text or ""]
        for child in byline:
            if child.tag != "byttl":
                parts.append(" ".join(child.itertext()))
            parts.append(child.tail or "")
        credits.extend(split_byline(" ".join(parts), role))
    holder = docdata.find("doc.copyright")
    if not credits and holder is not None and fold_spaces(holder.get("holder") or ""):
        credits.append(credit_for(holder.get("holder")))  # AAP's AFP copy: credit AFP
    return credits


def _dateline(body_head):
    dateline = body_head.find("dateline")
    if dateline is None:
        return ""
    location = text_of(dateline.find("location"))
    if location:
        return location
    date = text_of(dateline.find("story.date"))
    return dateline_place(text_of(dateline).removesuffix(date) if date else text_of(dateline))


def _language(root, docdata, doc_id):
    for element in (doc_id, docdata, root, root.find("head"), root.find("body")):
        if element is not None and (element.get(XML_LANG) or element.get("baselang")):
            return (element.get(XML_LANG) or element.get("baselang")).strip()
    for meta in root.findall("head/meta"):
        if (meta.get("name") or "").lower() in ("language", "lang", "dc.language"):
            return (meta.get("content") or "").strip()
    return ""


def _subject_codes(root):
    return [s.get("tobject.subject.refnum") or "" for s in root.iter("tobject.subject")]


def _tags(root, docdata):
    keywords = [k.get("key") or "" for k in docdata.findall("key-list/keyword")]
    subjects = [
        subject.get("tobject.subject.detail")
        or subject.get("tobject.subject.matter")
        or subject.get("tobject.subject.type")
        or ""
        for subject in root.iter("tobject.subject")
    ]
    return unique([*keywords, *subjects])


def _status(docdata, ed_msg, issued, released):
    """(pubstatus, embargo_until, notes): management-status, date.release after date.issue,
    and advisories that hold the story back."""
    status_element = docdata.find("management-status")
    word = (docdata.get("management-status") or text_of(status_element)).strip().lower()
    pubstatus = STATUSES.get(word, USABLE)
    if pubstatus == USABLE and NOT_FOR_PUBLICATION.search(ed_msg):
        pubstatus = WITHHELD
    embargoed = word == "embargoed" or bool(issued and released and released > issued)
    if word == "embargoed" and not released:
        return WITHHELD, None, ["Embargoed, with no release time given (date.release)."]
    return pubstatus, released if embargoed else None, []


def _correction_note(docdata, ed_msg, corrected):
    correction = docdata.find("correction")
    info = fold_spaces(correction.get("info") or "") if correction is not None else ""
    corrected = corrected or correction is not None
    return info or correction_note(ed_msg, corrected, default=CORRECTED, keep_labels=True)


def _replaces(docdata, doc_id, source_ref):
    refs = [
        (element.get(attribute) or "").strip()
        for element in (docdata, doc_id)
        for attribute in IDREF_ATTRIBUTES
    ]
    correction = docdata.find("correction")
    if correction is not None:
        refs.append((correction.get("id-string") or "").strip())
    return [ref for ref in unique(refs) if ref != source_ref]
