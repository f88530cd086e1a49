"""XML parsing that never resolves entities, loads DTDs or touches the network."""

import re

from lxml import etree

from .story import WireError

# The DOCTYPE's quoted identifiers may hold ">" or "[", so they are skipped as whole strings.
INTERNAL_SUBSET = re.compile(
    rb"""<!DOCTYPE(?:[^\[>"']|"[^"]*"|'[^']*')*\[(?P<subset>.*?)\]\s*>""", re.DOTALL
)
GENERAL_ENTITY = re.compile(rb"<!ENTITY\s+(?!%)(?P<name>[^\s>]+)")


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
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise WireError(f"XML is not well-formed: {error}") from None
    # Belt and braces: any entity reference left in the tree was declared somewhere we missed.
    entity = next((node for node in root.iter() if isinstance(node, etree._Entity)), None)
    if entity is not None:
        raise WireError(f"XML uses an undeclared or external entity ({entity.text}); refused")
    return root


def local_name(element):
    return etree.QName(element).localname
