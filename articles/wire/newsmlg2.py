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
    decode_text,
    first_text,
    paragraphs_html,
    parse_datetime,
    section_for_subject,
    split_caption_credit,
)
from .credits import credit_for, looks_like_agency, split_byline
from .safexml import local_name, parse_xml
from .story import CANCELED, USABLE, WITHHELD, ParsedLink, ParsedPhoto, ParsedStory, WireError

FORMAT = "newsml-g2"
NAR = "http://iptc.org/std/nar/2006-10-01/"
NS = {"g": NAR}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_DECLARATION = re.compile(r"""^(<\?xml[^>]*?encoding\s*=\s*["'])([^"']*)(["'])""")
DECLARED_ENCODING = re.compile(rb"""^(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)""")

PUBSTATUS = {"usable": USABLE, "canceled": CANCELED, "withheld": WITHHELD}
CORRECTION_SIGNALS = {"sig:correction", "edstat:c"}
CORRECTION_NOTE_ROLES = ("correction", "correctionshort")  # the full note first
RELATED_RELS = {"irel:seealso", "irel:associatedwith"}
SUMMARY_ROLES = {"summary", "teaser", "abstract"}
CORRECTED_PREFIX = re.compile(r"^CORRECT(?:ED|S)\s*[-:]\s*")
# Reuters opens a corrected story with "(In Jan. 3 story, corrects last paragraph …)".
CORRECTION_PARAGRAPH = re.compile(r"^<p>\((?P<note>[^()<>]*\bcorrect[^()<>]*)\)</p>$", re.I)
DATELINE_TEXT = re.compile(r"^(?P<place>[^()]*?)\s*(?:\([^()]*\))?\s*[-–—]?\s*$")
BODY_DATELINE = re.compile(
    r"^(?P<dateline>[^()!?;:]{1,60}?\s*\([A-Za-z][\w .&/-]{0,30}\)\s*[-–—])\s"
)
MONTH_DAY = re.compile(
    r",?\s*\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}$"
)
PHOTO_BY = re.compile(r"^(?P<caption>.*?)\s*\((?:Photo|Foto|Picture) by (?P<credit>[^()]+)\)\.?$")

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6", "hl1", "hl2"}
CONTAINERS = {"html", "body", "body.content", "section", "div", "article", "main", "block"}
# Wire furniture repeated from the metadata (headline, byline, teaser, slugline) or not text.
SKIPPED_ELEMENTS = {"head", "header", "time", "script", "style", "title", "meta", "body.head",
                    "body.end", "figure", "img", "object", "iframe", "media"}  # fmt: skip
SKIPPED_CLASSES = {"teaser", "byline", "genre", "slugline", "dateline"}


def parse_many(data, name=""):
    """Every text story in a newsItem or newsMessage, with the message's pictures attached."""
    root = parse_xml(_as_utf8(data))
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


def _as_utf8(data):
    """The document as UTF-8 bytes that say so: the bytes win over a wrong declaration."""
    declared = DECLARED_ENCODING.match(data)
    text = decode_text(data, declared[1].decode("ascii") if declared else None)
    return XML_DECLARATION.sub(r"\g<1>UTF-8\g<3>", text, count=1).encode("utf-8")


def _item_kind(item):
    """The item's kind from its class: text, picture, or None (packages, concepts, video…)."""
    if item.tag != f"{{{NAR}}}newsItem":
        return None
    item_class = _suffix(_attr(item, "g:itemMeta/g:itemClass", "qcode")) or "text"
    return {"text": "text", "picture": "picture", "graphic": "picture"}.get(item_class)


def _story(item, name):
    guid = (item.get("guid") or "").strip()
    if not guid:
        raise WireError("NewsML-G2 newsItem has no guid")
    headline = _headline(item)
    if not headline:
        raise WireError(f"NewsML-G2 item {guid} has no headline (contentMeta/headline)")
    language = first_text(_lang(item), _attr(item, "g:contentMeta/g:language", "tag"))
    status = PUBSTATUS.get(_suffix(_attr(item, "g:itemMeta/g:pubStatus", "qcode")), USABLE)
    signals = {(s.get("qcode") or "").lower() for s in item.iterfind("g:itemMeta/g:signal", NS)}
    corrected = bool(signals & CORRECTION_SIGNALS or CORRECTED_PREFIX.match(headline))
    blocks, marked_dateline = _body_blocks(item)
    blocks = [
        block for block in blocks if block != f"<h2>{html.escape(headline, quote=False)}</h2>"
    ]
    editor_note, correction_note = _notes(item)
    if blocks and (found := CORRECTION_PARAGRAPH.match(blocks[0])) and corrected:
        correction_note = correction_note or " ".join(html.unescape(found["note"]).split())
        blocks = blocks[1:]
    if corrected and not correction_note:
        correction_note = "This story has been corrected."
    if status == CANCELED:
        correction_note = ""  # a kill withdraws the story; it corrects nothing
    tags, section = _tags_and_section(item, language)
    created = ("g:itemMeta/g:firstCreated", "g:contentMeta/g:contentCreated")
    published = first_text(*(_value(item, path) for path in created))
    version_created = _date(item, "g:itemMeta/g:versionCreated")
    return ParsedStory(
        format=FORMAT,
        source_ref=guid,
        headline=CORRECTED_PREFIX.sub("", headline) or headline,
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
        embargo_until=_date(item, "g:itemMeta/g:embargoed"),
        editor_note=editor_note,
        correction_note=correction_note,
    )


def _headline(item):
    roles = {_suffix(h.get("role")) for h in item.iterfind("g:contentMeta/g:headline", NS)}
    main = {"", "main"} & roles or {role for role in roles if "sub" not in role}
    return first_text(*_texts(item, "g:contentMeta/g:headline", main))


def _summary(item):
    return first_text(
        *_texts(item, "g:contentMeta/g:description", SUMMARY_ROLES),
        *_texts(item, "g:contentMeta/g:subheadline"),
        *_texts(item, "g:contentMeta/g:headline", {"subheadline", "sub", "subhead"}),
    )


def _credits(item):
    credits = [c for byline in _texts(item, "g:contentMeta/g:by") for c in split_byline(byline)]
    if credits:
        return credits
    for creator in item.iterfind("g:contentMeta/g:creator", NS):
        name = first_text(_value(creator, "g:name"), creator.get("literal"))
        # dpa's creators are desk logins ("clasmann"), not names to print.
        if name and (" " in name or looks_like_agency(name)):
            role = "photographer" if _suffix(creator.get("role")) == "photographer" else ""
            credits.append(credit_for(name, role))
    return credits


def _notes(item):
    """(editor note, correction note) from the edNotes; dpa's notepad only repeats the rest."""
    notes = [
        text
        for note in item.iterfind("g:itemMeta/g:edNote", NS)
        if _suffix(note.get("role")) not in {"notepad", *CORRECTION_NOTE_ROLES}
        and (text := _text(note))
    ]
    corrections = (_texts(item, "g:itemMeta/g:edNote", {role}) for role in CORRECTION_NOTE_ROLES)
    return "\n".join(dict.fromkeys(notes)), first_text(*(t for texts in corrections for t in texts))


def _tags_and_section(item, language):
    tags, section = [], ""
    for element in item.iterfind("g:contentMeta/*", NS):
        if local_name(element) == "keyword":
            tags.append(_text(element))
        elif local_name(element) == "subject" and _is_topic(element):
            tags.append(_name(element, language))
            codes = [element, *element.iterfind("g:sameAs", NS)]
            topics = [c.get("qcode", "") for c in codes if _scheme(c) in ("medtop", "subj")]
            section = section or first_text(*map(section_for_subject, topics))
    unique = {}
    for tag in tags:
        unique.setdefault(tag.casefold(), tag)
    return [tag for tag in unique.values() if 0 < len(tag) <= 100], section


def _is_topic(subject):
    """Abstract subjects (medtop, subj, dpa's own subjects), not places, people or POIs."""
    kind = _suffix(subject.get("type"))
    if kind == "abstract" or kind.endswith("subject"):
        return True
    return not kind and _scheme(subject) in ("medtop", "subj")


def _scheme(element):
    return (element.get("qcode") or "").partition(":")[0].lower()


def _name(element, language):
    """The name in the story's language, else English, else the first (codes left out)."""
    names = element.findall("g:name", NS)
    names = [n for n in names if _suffix(n.get("role")) not in ("mnemonic", "short")] or names
    wanted = language.split("-")[0].lower()

    def preference(name):
        lang = _lang(name).split("-")[0].lower()
        return 0 if lang == wanted else 1 if lang == "en" else 2

    return _text(min(names, key=preference)) if names else ""


def _related(item):
    return [
        ParsedLink(
            headline=first_text(link.get("title"), _text(link.find("g:title", NS))),
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
    return first_text(provider.get("literal"), qcode, _text(provider.find("g:name", NS)))


def _dateline(item, marked, blocks):
    """The place: from contentMeta/dateline, the body's marked or written dateline, located."""
    written = ""
    if blocks and (found := BODY_DATELINE.match(html.unescape(re.sub(r"<[^>]+>", "", blocks[0])))):
        written = found["dateline"]
    for text in (_value(item, "g:contentMeta/g:dateline"), marked, written):
        dateline = DATELINE_TEXT.match(" ".join(text.split()))
        # Reuters' "Jan 3 (Reuters) -" names a day, not a place.
        if dateline and (place := MONTH_DAY.sub("", dateline["place"]).strip(" ,")):
            return place
    return first_text(*map(_text, item.findall("g:contentMeta/g:located/g:name", NS)))


def _body_blocks(item):
    """(HTML blocks, marked dateline text) from the first inlineXML with text, else inlineData."""
    for inline in item.iterfind("g:contentSet/g:inlineXML", NS):
        elements = [e for e in inline.iter() if isinstance(e.tag, str)]
        bodies = {local_name(e): e for e in reversed(elements)}  # the first of each name
        body = bodies.get("body.content", bodies.get("body", inline))
        if blocks := _blocks(body):
            marked = next((e for e in body.iter() if "dateline" in _classes(e)), None)
            return blocks, "".join(marked.itertext()) if marked is not None else ""
    for data in item.iterfind("g:contentSet/g:inlineData", NS):
        if _suffix(data.get("rendition")) in ("", "text", "body", "main"):
            paragraphs = re.split(r"\n\s*\n", data.text or "")
            if body := paragraphs_html(" ".join(p.split()) for p in paragraphs):
                return body.split("\n"), ""
    return [], ""


def _blocks(container):
    blocks = _paragraphs(html.escape(container.text or "", quote=False))
    for child in container:
        if isinstance(child.tag, str) and not _skipped(child):
            kind = local_name(child).lower()
            if kind in CONTAINERS:
                blocks += _blocks(child)
            elif kind in HEADINGS:
                blocks += [f"<h2>{text}</h2>" for text in _pieces(_inline(child))]
            elif kind in ("ul", "ol"):
                items = [" ".join(_inline(li).split()) for li in child if _is_named(li, "li")]
                if items := [f"<li>{text}</li>" for text in items if text]:
                    blocks.append(f"<{kind}>{''.join(items)}</{kind}>")
            elif kind == "blockquote":
                if inner := _blocks(child):
                    blocks.append(f"<blockquote>{''.join(inner)}</blockquote>")
            else:
                blocks += _paragraphs(_inline(child))
        blocks += _paragraphs(html.escape(child.tail or "", quote=False))
    return blocks


def _inline(element):
    """The element's text as inline HTML: http(s) links kept, other markup dropped."""
    parts = [html.escape(element.text or "", quote=False)]
    for child in element:
        if isinstance(child.tag, str) and not _skipped(child):
            inner, href = _inline(child), (child.get("href") or "").strip()
            if _is_named(child, "br"):
                inner = "\n"
            elif _is_named(child, "a") and href.lower().startswith(("http://", "https://")):
                inner = f'<a href="{html.escape(href)}">{inner}</a>'
            parts.append(inner)
        parts.append(html.escape(child.tail or "", quote=False))
    return "".join(parts)


def _paragraphs(markup):
    return [f"<p>{text}</p>" for text in _pieces(markup)]


def _pieces(markup):
    """Inline HTML split at blank lines (or two <br>), spaces folded, empty pieces dropped."""
    pieces = (" ".join(piece.split()) for piece in re.split(r"\n\s*\n", markup))
    return [piece for piece in pieces if piece]


def _photo(item):
    caption = first_text(*_texts(item, "g:contentMeta/g:description", {"caption"}), _headline(item))
    if found := PHOTO_BY.match(caption):  # Getty's "… (Photo by Spencer Platt/Getty Images)"
        caption, caption_credit = found["caption"], found["credit"].strip()
    else:
        caption, caption_credit = split_caption_credit(caption)
    photographer = first_text(
        *_texts(item, "g:contentMeta/g:creator", {"photographer"}, child="g:name"),
        *_texts(item, "g:contentMeta/g:by"),
    )
    credit = first_text(_value(item, "g:contentMeta/g:creditline"), caption_credit)
    if photographer and photographer.casefold() not in credit.casefold():
        credit = f"{photographer}/{credit}" if credit else photographer
    renditions = item.findall("g:contentSet/g:remoteContent", NS)
    best = max(renditions, key=lambda r: (_number(r, "width") * _number(r, "height"),
                                          _number(r, "size")), default=None)  # fmt: skip
    alt_text = _texts(item, "g:contentMeta/g:description", {"alternativetext", "alt"})
    return ParsedPhoto(
        caption=caption,
        credit=credit,
        alt_text=first_text(*alt_text, caption),
        url=first_text(best.get("href"), best.get("residref")) if best is not None else "",
    )


def _number(element, attribute):
    value = (element.get(attribute) or "").strip()
    return int(value) if value.isdecimal() else 0


def _texts(item, path, roles=None, child=None):
    """The texts at path (of each one's child, if given), only those with a role in roles."""
    return [
        text
        for element in item.iterfind(path, NS)
        if roles is None or _suffix(element.get("role")) in roles
        if (text := _value(element, child) if child else _text(element))
    ]


def _date(item, path):
    return parse_datetime(_value(item, path), field=path.rpartition(":")[2])


def _value(element, path):
    return _text(element.find(path, NS))


def _attr(item, path, attribute):
    element = item.find(path, NS)
    return (element.get(attribute) or "").strip() if element is not None else ""


def _text(element):
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _suffix(code):
    """The local part of a QCode or role, lower case: "drol:caption" → "caption"."""
    return (code or "").rpartition(":")[2].strip().lower()


def _lang(element):
    """The element's xml:lang, inherited from its ancestors as XML intends."""
    for node in (element, *element.iterancestors()):
        if node.get(XML_LANG):
            return node.get(XML_LANG).strip()
    return ""


def _classes(element):
    return set((element.get("class") or "").split())


def _is_named(element, name):
    return isinstance(element.tag, str) and local_name(element).lower() == name


def _skipped(element):
    skipped = local_name(element).lower() in SKIPPED_ELEMENTS
    return skipped or bool(_classes(element) & SKIPPED_CLASSES)
