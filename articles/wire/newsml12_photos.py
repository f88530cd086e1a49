"""NewsML 1.2 photo components, and the FormalName and Role readers the NewsML 1.2 parser uses.

A photo is a NewsComponent holding image ContentItems (its renditions), a Caption component and
NewsLines with its HeadLine and CreditLine.
"""

from articles.text import fold_spaces

from .common import split_caption_credit
from .nitf_body import text_of
from .story import ParsedPhoto


def formal_name(element):
    return fold_spaces(element.get("FormalName") or "") if element is not None else ""


def role_of(component):
    return formal_name(component.find("Role")).lower()


def photos(item):
    """Photo components: the largest image rendition, the text of a Caption component (else
    the HeadLine) and the CreditLine (else the credit at the end of the caption).

    A rendition in a bare component of its own (AFP: Quicklook, HighRes) belongs to the
    photo component around it; logos are not photos.
    """
    groups = {}
    for content in filter(_is_image, item.iter("ContentItem")):
        if any(role_of(c) == "logo" for c in content.iterancestors("NewsComponent")):
            continue
        component = content.getparent()
        outer = component.getparent()
        if (
            component.find("NewsLines") is None
            and not _captions(component)
            and outer is not None
            and outer.tag == "NewsComponent"
            and (_captions(outer) or not _holds_text(outer))
        ):
            component = outer
        groups.setdefault(component, []).append(content)
    found = []
    for component, renditions in groups.items():
        lines = component.find("NewsLines")
        headline = text_of(lines.find("HeadLine")) if lines is not None else ""
        caption, credit = split_caption_credit(next(iter(_captions(component)), headline))
        if lines is not None and text_of(lines.find("CreditLine")):
            credit = text_of(lines.find("CreditLine"))
        url = max(renditions, key=_pixels).get("Href")
        found.append(ParsedPhoto(caption=caption, credit=credit, alt_text=caption, url=url))
    return found


def _captions(component):
    return [
        text_of(child.find("ContentItem/DataContent"))
        for child in component.findall("NewsComponent")
        if role_of(child) == "caption" and text_of(child.find("ContentItem/DataContent"))
    ]


def _holds_text(component):
    return any(
        role_of(content.getparent()) != "caption"
        for content in component.iter("ContentItem")
        if content.find("DataContent") is not None
    )


def _is_image(content):
    kind = formal_name(content.find("MediaType")).lower()
    return (content.get("Href") or "").startswith(("http://", "https://")) and (
        kind in ("photo", "image", "graphic")
        or formal_name(content.find("MimeType")).lower().startswith("image/")
    )


def _pixels(content):
    size = {}
    for prop in content.findall("Characteristics/Property"):
        name = (prop.get("FormalName") or "").lower().removeprefix("pixel")
        if name in ("width", "height") and (prop.get("Value") or "").strip().isdigit():
            size[name] = int(prop.get("Value"))
    return size.get("width", 0) * size.get("height", 0)
