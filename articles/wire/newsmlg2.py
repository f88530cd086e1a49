"""NewsML-G2: IPTC's XML news format, one newsItem or several in a newsMessage.

Elements are found by namespace (``http://iptc.org/std/nar/2006-10-01/``), never by prefix:
agencies re-serialise with any prefix they like (Reuters' ``ns0:``). Each text item becomes a
story; a picture item becomes a photo of the text story in the same message, and alone is
refused. Packages, concepts and other items are skipped. The XHTML (or NITF) body keeps its
structure: paragraphs, subheadings, lists, quotes and http(s) links.
"""

import html
import re

from .common import (
    CORRECTED,
    first_text,
    is_correction_signal,
    mentions_correction,
    paragraphs_html,
    parse_datetime,
    section_for_subject,
    split_caption_credit,
    strip_corrected,
    text_paragraphs,
)
from .credits import credit_for, looks_like_agency, split_byline
from .markup import BlockWriter, repeats_headline
from .newsmlg2_xml import (
    NAR,
    NS,
    attribute_at,
    classes_of,
    date_at,
    integer_at,
    language_of,
    local_code,
    name_in,
    scheme_of,
    text_at,
    text_of,
    texts_at,
)
from .safexml import local_name, parse_xml
from .story import CANCELED, USABLE, WITHHELD, ParsedLink, ParsedPhoto, ParsedStory, WireError

FORMAT = "newsml-g2"

PUBSTATUS = {"usable": USABLE, "canceled": CANCELED, "withheld": WITHHELD}
CORRECTION_NOTE_ROLES = ("correction", "correctionshort")  # the full note first
RELATED_RELS = {"irel:seealso", "irel:associatedwith"}
SUMMARY_ROLES = {"summary", "teaser", "abstract"}
# Reuters opens a corrected story with "(In Jan. 3 story, corrects last paragraph …)".
PARENTHESES_PARAGRAPH = re.compile(r"^<p>\((?P<note>[^()<>]*)\)</p>$")
DATELINE_TEXT = re.compile(r"^(?P<place>[^()]*?)\s*(?:\([^()]*\))?\s*[-–—]?\s*$")
BODY_DATELINE = re.compile(
    r"^(?P<dateline>[^()!?;:]{1,60}?\s*\([A-Za-z][\w .&/-]{0,30}\)\s*[-–—])\s"
)
MONTH_DAY = re.compile(
    r",?\s*\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}$"
)
PHOTO_BY = re.compile(r"^(?P<caption>.*?)\s*\((?:Photo|Foto|Picture) by (?P<credit>[^()]+)\)\.?$")


def parse_many(data, name=""):
    """Every text story in a newsItem or newsMessage, with the message's pictures attached."""
    root = parse_xml(data)
    if root.tag == f"{{{NAR}}}newsItem":
        items = [root]
    elif root.tag == f"{{{NAR}}}newsMessage":
        items = [item for item in root.findall("g:itemSet/*", NS) if isinstance(item.tag, str)]
    else:
        raise WireError(f"<{local_name(root)}> is not a NewsML-G2 item in the namespace {NAR}")
    texts = [item for item in items if _item_kind(item) == "text"]
    pictures = [item for item in items if _item_kind(item) == "picture"]
    if not texts:
        if pictures:
            raise WireError("NewsML-G2 picture item without a text story")
        kinds = ", ".join(dict.fromkeys(local_name(item) for item in items)) or "an empty itemSet"
        raise WireError(f"NewsML-G2 message holds no text item (only {kinds})")
    stories = [_story(item, name) for item in texts]
    for picture in pictures:
        guid = picture.get("guid")
        linking = [
            story
            for story, item in zip(stories, texts, strict=True)
            if guid
            and guid in {link.get("residref") for link in item.iterfind("g:itemMeta/g:link", NS)}
        ]
        for story in linking or stories[:1]:  # unlinked: the message's (first) story
            story.photos.append(_photo(picture))
    return stories


def _item_kind(item):
    """The item's kind from its class: text, picture, or None (packages, concepts, video…)."""
    if item.tag != f"{{{NAR}}}newsItem":
        return None
    item_class = local_code(attribute_at(item, "g:itemMeta/g:itemClass", "qcode")) or "text"
    return {"text": "text", "picture": "picture", "graphic": "picture"}.get(item_class)


def _story(item, name):
    guid = (item.get("guid") or "").strip()
    if not guid:
        raise WireError("NewsML-G2 newsItem has no guid")
    headline = _headline(item)
    if not headline:
        raise WireError(f"NewsML-G2 item {guid} has no headline (contentMeta/headline)")
    language = first_text(language_of(item), attribute_at(item, "g:contentMeta/g:language", "tag"))
    status = PUBSTATUS.get(
        local_code(attribute_at(item, "g:itemMeta/g:pubStatus", "qcode")), USABLE
    )
    headline, corrected = strip_corrected(headline)
    signals = [s.get("qcode") for s in item.iterfind("g:itemMeta/g:signal", NS)]
    corrected = corrected or any(map(is_correction_signal, signals))
    blocks, marked_dateline = _body_blocks(item)
    blocks = [b for b in blocks if not (b.startswith("<h2>") and repeats_headline(b, headline))]
    editor_note, correction_note = _notes(item)
    if blocks and corrected and (note := _correction_paragraph(blocks[0])):
        correction_note = correction_note or note
        blocks = blocks[1:]
    if corrected and not correction_note:
        correction_note = CORRECTED
    if status == CANCELED:
        correction_note = ""  # a kill withdraws the story; it corrects nothing
    tags, section = _tags_and_section(item, language)
    created = ("g:itemMeta/g:firstCreated", "g:contentMeta/g:contentCreated")
    published = first_text(*(text_at(item, path) for path in created))
    version_created = date_at(item, "g:itemMeta/g:versionCreated")
    return ParsedStory(
        format=FORMAT,
        source_ref=guid,
        headline=headline,
        section=section,
        # dpa sends neither creation time: this version's time is the best one known.
        published_at=parse_datetime(published, field="firstCreated") or version_created,
        version_created=version_created,
        summary=_summary(item),
        body_html="\n".join(blocks),
        credits=_credits(item),
        related=_related(item),
        tags=tags,
        language=language,
        dateline=_dateline(item, marked_dateline, blocks),
        provider=_provider(item),
        source_name=name,
        source_version=(item.get("version") or "").strip(),
        pubstatus=status,
        embargo_until=date_at(item, "g:itemMeta/g:embargoed"),
        editor_note=editor_note,
        correction_note=correction_note,
    )


def _headline(item):
    roles = {local_code(h.get("role")) for h in item.iterfind("g:contentMeta/g:headline", NS)}
    main = {"", "main"} & roles or {role for role in roles if "sub" not in role}
    return first_text(*texts_at(item, "g:contentMeta/g:headline", main))


def _summary(item):
    return first_text(
        *texts_at(item, "g:contentMeta/g:description", SUMMARY_ROLES),
        *texts_at(item, "g:contentMeta/g:subheadline"),
        *texts_at(item, "g:contentMeta/g:headline", {"subheadline", "sub", "subhead"}),
    )


def _credits(item):
    credits = [c for byline in texts_at(item, "g:contentMeta/g:by") for c in split_byline(byline)]
    if credits:
        return credits
    for creator in item.iterfind("g:contentMeta/g:creator", NS):
        name = first_text(text_at(creator, "g:name"), creator.get("literal"))
        # dpa's creators are desk logins ("clasmann"), not names to print.
        if name and (" " in name or looks_like_agency(name)):
            role = "photographer" if local_code(creator.get("role")) == "photographer" else ""
            credits.append(credit_for(name, role))
    return credits


def _notes(item):
    """(editor note, correction note) from the edNotes; dpa's notepad only repeats the rest."""
    notes = [
        text
        for note in item.iterfind("g:itemMeta/g:edNote", NS)
        if local_code(note.get("role")) not in {"notepad", *CORRECTION_NOTE_ROLES}
        and (text := text_of(note))
    ]
    corrections = (texts_at(item, "g:itemMeta/g:edNote", {role}) for role in CORRECTION_NOTE_ROLES)
    return "\n".join(dict.fromkeys(notes)), first_text(*(t for texts in corrections for t in texts))


def _tags_and_section(item, language):
    tags, section = [], ""
    for element in item.iterfind("g:contentMeta/*", NS):
        if local_name(element) == "keyword":
            tags.append(text_of(element))
        elif local_name(element) == "subject" and _is_topic(element):
            tags.append(name_in(element, language))
            codes = [element, *element.iterfind("g:sameAs", NS)]
            topics = [c.get("qcode", "") for c in codes if scheme_of(c) in ("medtop", "subj")]
            section = section or first_text(*map(section_for_subject, topics))
    unique = {}
    for tag in tags:
        unique.setdefault(tag.casefold(), tag)
    return [tag for tag in unique.values() if 0 < len(tag) <= 100], section


def _is_topic(subject):
    """Abstract subjects (medtop, subj, dpa's own subjects), not places, people or POIs."""
    kind = local_code(subject.get("type"))
    if kind == "abstract" or kind.endswith("subject"):
        return True
    return not kind and scheme_of(subject) in ("medtop", "subj")


def _related(item):
    return [
        ParsedLink(
            headline=first_text(link.get("title"), text_of(link.find("g:title", NS))),
            url=(link.get("href") or "").strip(),
            ref=(link.get("residref") or "").strip(),
        )
        for link in item.iterfind("g:itemMeta/g:link", NS)
        if (link.get("rel") or "").lower() in RELATED_RELS
        and (link.get("href") or link.get("residref"))
    ]


def _provider(item):
    provider = item.find("g:itemMeta/g:provider", NS)
    if provider is None:
        return ""
    qcode = (provider.get("qcode") or "").partition(":")[2]
    return first_text(provider.get("literal"), qcode, text_of(provider.find("g:name", NS)))


def _dateline(item, marked, blocks):
    """The place: from contentMeta/dateline, the body's marked or written dateline, located."""
    written = ""
    if blocks and (found := BODY_DATELINE.match(html.unescape(re.sub(r"<[^>]+>", "", blocks[0])))):
        written = found["dateline"]
    for text in (text_at(item, "g:contentMeta/g:dateline"), marked, written):
        dateline = DATELINE_TEXT.match(" ".join(text.split()))
        # Reuters' "Jan 3 (Reuters) -" names a day, not a place.
        if dateline and (place := MONTH_DAY.sub("", dateline["place"]).strip(" ,")):
            return place
    return first_text(*map(text_of, item.findall("g:contentMeta/g:located/g:name", NS)))


def _body_blocks(item):
    """(HTML blocks, marked dateline text) from the first inlineXML with text, else inlineData."""
    for inline in item.iterfind("g:contentSet/g:inlineXML", NS):
        elements = [e for e in inline.iter() if isinstance(e.tag, str)]
        bodies = {local_name(e): e for e in reversed(elements)}  # the first of each name
        body = bodies.get("body.content", bodies.get("body", inline))
        writer = BlockWriter(quote=False)  # NewsML-G2 bodies never had their quotes escaped
        writer.walk(body)
        if writer.blocks:
            marked = next((e for e in body.iter() if "dateline" in classes_of(e)), None)
            return writer.blocks, "".join(marked.itertext()) if marked is not None else ""
    for data in item.iterfind("g:contentSet/g:inlineData", NS):
        body = paragraphs_html(text_paragraphs(data.text))
        if body and local_code(data.get("rendition")) in ("", "text", "body", "main"):
            return body.split("\n"), ""
    return [], ""


def _correction_paragraph(block):
    """The note of an opening "(In Jan. 3 story, corrects …)" paragraph, or ""."""
    found = PARENTHESES_PARAGRAPH.match(block)
    note = " ".join(html.unescape(found["note"]).split()) if found else ""
    return note if mentions_correction(note) else ""


def _photo(item):
    caption = first_text(
        *texts_at(item, "g:contentMeta/g:description", {"caption"}), _headline(item)
    )
    if found := PHOTO_BY.match(caption):  # Getty's "… (Photo by Spencer Platt/Getty Images)"
        caption, caption_credit = found["caption"], found["credit"].strip()
    else:
        caption, caption_credit = split_caption_credit(caption)
    photographer = first_text(
        *texts_at(item, "g:contentMeta/g:creator", {"photographer"}, child="g:name"),
        *texts_at(item, "g:contentMeta/g:by"),
    )
    credit = first_text(text_at(item, "g:contentMeta/g:creditline"), caption_credit)
    if photographer and photographer.casefold() not in credit.casefold():
        credit = f"{photographer}/{credit}" if credit else photographer
    renditions = item.findall("g:contentSet/g:remoteContent", NS)
    best = max(renditions, key=lambda r: (integer_at(r, "width") * integer_at(r, "height"),
                                          integer_at(r, "size")), default=None)  # fmt: skip
    alt_text = texts_at(item, "g:contentMeta/g:description", {"alternativetext", "alt"})
    return ParsedPhoto(
        caption=caption,
        credit=credit,
        alt_text=first_text(*alt_text, caption),
        url=first_text(best.get("href"), best.get("residref")) if best is not None else "",
    )
