"""AP Media API JSON into a ParsedStory.

AP's schema is close to ninjs 1.x, inside an envelope: the item is ``data.item``. A story item
names its people in ``bylines[{by, title}]``, its place in ``located``, its abstract in
``headline_extended``, its advisory in ``ednote`` ("Eds: UPDATES: …") and its update kind in
``editorialtypes`` ("Lead", "Correction", "Kill"). The story text itself is not in this JSON (it
is the NITF rendition, fetched separately), so the body falls back to AP's
``description_summary``. Photos are associations 1…n, often with only a headline and ids.
"""

import re
from urllib.parse import urlsplit, urlunsplit

from articles.text import fold_spaces

from .common import correction_note, first_text, paragraphs_html, strip_corrected
from .credits import split_byline, unique_credits
from .jsonwire import (
    MEDIA_TYPES,
    PHOTO_TYPES,
    STORY_TYPES,
    associations_of,
    dateline_of,
    listed,
    load_json,
    objects,
    photo_of,
    section_of,
    status_of,
    tags_of,
    text_of,
    time_of,
)
from .story import CANCELED, USABLE, WITHHELD, ParsedLink, ParsedStory, WireError

FORMAT = "ap-media"

CORRECTION_TYPES = {"correction", "clarification", "corrective"}
SUMMARY_BODY_NOTE = (
    "AP sent no story text in this item: the body is AP's summary "
    "(the full text is in its NITF rendition)."
)
NO_BODY_NOTE = "AP sent no story text in this item (the full text is in its NITF rendition)."


def parse(data, name=""):
    document = load_json(data, "AP Media API")
    envelope = document.get("data")
    item = envelope.get("item") if isinstance(envelope, dict) else None
    if not isinstance(item, dict):
        raise WireError("AP Media API JSON has no data.item")
    identity = identity_of(item)
    kind = text_of(item.get("type")).lower() or "text"
    if kind in MEDIA_TYPES:
        raise WireError(
            f"AP Media item {identity} is a {kind} item without a story; "
            "import the story it belongs to"
        )
    headline, corrected = strip_corrected(ap_text(item.get("headline")))
    if not headline:
        raise WireError("AP Media item has no headline")
    credits = []
    for byline in objects(item.get("bylines")):
        by = first_text(text_of(byline.get("by")), text_of(byline.get("name")))
        credits += split_byline(by, role=text_of(byline.get("title")))
    editorial_types = {text_of(kind).lower() for kind in listed(item.get("editorialtypes"))}
    editor_note = text_of(item.get("ednote"))
    body_html = paragraphs_html([ap_text(item.get("description_summary"))])
    desk_note = SUMMARY_BODY_NOTE if body_html else NO_BODY_NOTE
    editor_note = "\n".join(filter(None, [editor_note, desk_note]))
    photos, related = associated(item, identity)
    return ParsedStory(
        format=FORMAT,
        source_ref=identity,
        headline=headline,
        section=section_of(objects(item.get("subject"))),
        published_at=time_of(item, "firstcreated", "versioncreated"),
        version_created=time_of(item, "versioncreated"),
        summary=ap_text(item.get("headline_extended")),
        body_html=body_html,
        credits=unique_credits(credits),
        photos=photos,
        related=related,
        tags=tags_of(item.get("keywords"), editorial_subjects(item)),
        language=text_of(item.get("language")),
        dateline=dateline_of(item.get("located"), credits),
        provider=provider_of(item),
        source_name=name,
        source_version=text_of(item.get("version")),
        pubstatus=pubstatus_of(item, editorial_types),
        embargo_until=time_of(item, "embargoed"),
        editor_note=editor_note,
        correction_note=correction_note(
            text_of(item.get("ednote")), corrected or bool(editorial_types & CORRECTION_TYPES)
        ),
    )


def identity_of(item, required=True):
    """The item's API address without the per-request query (qt, et), else its item id."""
    if uri := text_of(item.get("uri")):
        parts = urlsplit(uri)
        return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    altids = item.get("altids")
    itemid = text_of(altids.get("itemid")) if isinstance(altids, dict) else ""
    if required and not itemid:
        raise WireError("AP Media item has no uri or altids.itemid")
    return f"ap:{itemid}" if itemid else ""


def ap_text(value):
    """AP text with its typewriter dash (" _ ") as a real dash."""
    return re.sub(r"(?<=\s)_(?=\s)", "—", fold_spaces(value)) if isinstance(value, str) else ""


def editorial_subjects(item):
    """Subjects the story is directly about: AP's category letters and ancestors are left out."""
    subjects = []
    for subject in objects(item.get("subject")):
        rels = {text_of(rel).lower() for rel in listed(subject.get("rels"))}
        name, code = text_of(subject.get("name")), text_of(subject.get("code"))
        if name and name != code and (not rels or "direct" in rels):
            subjects.append(subject)
    return subjects


def provider_of(item):
    sources = [text_of(source.get("name")) for source in objects(item.get("infosource"))]
    return first_text(text_of(item.get("provider")), *sources, "AP")


def pubstatus_of(item, editorial_types):
    """AP's pubstatus, with its kill and withhold editorial types; "embargoed" is usable once
    its embargo time is given (held back until then), withheld without one."""
    if "kill" in editorial_types:
        return CANCELED
    if "withhold" in editorial_types:
        return WITHHELD
    if text_of(item.get("pubstatus")).lower() == "embargoed":
        return USABLE if text_of(item.get("embargoed")) else WITHHELD
    return status_of(item.get("pubstatus"), "AP pubstatus")


def associated(item, identity):
    """Photos (caption and credit where AP gives them) and related stories; videos are skipped.

    AP often lists several photos by headline alone; photos that would read the same (same
    caption, credit and address) are kept once.
    """
    photos, related = [], []
    for _, association in associations_of(item):
        kind = text_of(association.get("type")).lower()
        if kind in PHOTO_TYPES:
            photographer = association.get("photographer")
            photographer = photographer if isinstance(photographer, dict) else {}
            bylines = objects(association.get("bylines"))
            photos.append(
                photo_of(
                    association,
                    caption=ap_text(association.get("description_caption")),
                    credit=first_text(
                        text_of(association.get("description_creditline")),
                        text_of(photographer.get("name")),
                        *(text_of(byline.get("by")) for byline in bylines),
                    ),
                )
            )
        elif kind in STORY_TYPES:
            ref = identity_of(association, required=False)
            if ref != identity and ref not in {link.ref for link in related}:
                headline = ap_text(association.get("headline"))
                related.append(ParsedLink(headline=headline, ref=ref))
    unique_photos = [photo for index, photo in enumerate(photos) if photo not in photos[:index]]
    return unique_photos, related
