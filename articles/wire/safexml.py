"""XML parsing that never resolves entities, loads DTDs or touches the network, and reading
elements by their local names.

Every XML parser reads its bytes through ``parse_xml``, so all of them share two rules: general
entity declarations are refused, and the bytes win over a wrong encoding declaration.
"""

import re

from lxml import etree

from articles.text import fold_spaces

from .common import decode_text
from .story import WireError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# The DOCTYPE's quoted identifiers may hold ">" or "[", so they are skipped as whole strings.
INTERNAL_SUBSET = re.compile(
    rb"""<!DOCTYPE(?:[^\[>"']|"[^"]*"|'[^']*')*\[(?P<subset>.*?)\]\s*>""", re.DOTALL
)
GENERAL_ENTITY = re.compile(rb"<!ENTITY\s+(?!%)(?P<name>[^\s>]+)")
XML_DECLARATION = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([\w.:-]+)""")
# Elements whose text stands apart from the text around it (blocks, lines, cells).
SPACED = {
    "h1", "h2", "h3", "h4", "h5", "h6", "hl1", "hl2", "p", "br", "li", "dt", "dd", "tr", "td",
    "th", "block", "div", "location",
}  # fmt: skip


def parse_xml(data):
    """Parse bytes into an lxml root element, refusing general entity declarations outright.

    Entity-expansion bombs and external-entity (XXE) reads both need a general ENTITY declaration
    in the internal DTD subset; real wire copy never carries one, so any is refused before
    parsing. An external DOCTYPE, or a parameter entity naming a DTD (Kyodo's ``%nitf;``), is
    harmless here: with DTD loading and entity resolution off it is neither fetched nor read.
    """
    subset = INTERNAL_SUBSET.search(data)
    names = GENERAL_ENTITY.findall(subset["subset"]) if subset else []
    if names:
        shown = ", ".join(name.decode("ascii", "replace") for name in names[:3])
        raise WireError(
            f"XML declares entities ({shown}{' …' if len(names) > 3 else ''}); refused: "
            "entity expansion and external entities are never processed"
        )
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(as_declared_utf8(data), parser)
    except etree.XMLSyntaxError as error:
        raise WireError(f"XML is not well-formed: {error}") from None
    # Belt and braces: any entity reference left in the tree was declared somewhere we missed.
    entity = next((node for node in root.iter() if isinstance(node, etree._Entity)), None)
    if entity is not None:
        raise WireError(f"XML uses an undeclared or external entity ({entity.text}); refused")
    return root


def as_declared_utf8(data):
    """The document as UTF-8 bytes that say so: the bytes win over a wrong declaration.

    Agencies send UTF-8 declared as Latin-1 and Latin-1 declared as UTF-8; common.decode_text
    reads the bytes (UTF-8 when they are UTF-8, else the declared encoding, else Windows-1252)
    and the declaration is rewritten to match what is handed to the parser.
    """
    head = data[:200].removeprefix(b"\xef\xbb\xbf").decode("ascii", "replace")
    declared = XML_DECLARATION.match(head)
    text = decode_text(data, declared[2] if declared else None)
    if declared:
        text = XML_DECLARATION.sub(r"\1UTF-8", text.lstrip(), count=1)
    return text.encode("utf-8")


def without_namespaces(root):
    """The tree with namespaces dropped from element names (NITF and NewsML 1.2 are read by
    plain names, whatever namespace the sender put them in)."""
    for element in root.iter():
        if isinstance(element.tag, str) and "}" in element.tag:
            element.tag = local_name(element)
    return root


def local_name(element):
    return etree.QName(element).localname


def tag_name(element):
    """An element's name without namespace, lower case; "" for comments and the like."""
    return local_name(element).lower() if isinstance(element.tag, str) else ""


def element_text(element):
    """All the text inside an element, spaces folded; "" for None. Block elements are
    separated by a space; inline ones (``ClearOhm<sup>TM</sup>``) are not."""
    return "" if element is None else fold_spaces(_text(element))


def _text(element):
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            space = " " if tag_name(child) in SPACED else ""
            parts += [space, _text(child), space]
        parts.append(child.tail or "")
    return "".join(parts)
