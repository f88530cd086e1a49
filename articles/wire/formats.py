"""Which format a file is in, and the parser for each. Adding a format is adding one parser here."""

import json

from articles.text import fold_spaces

from . import pagetext
from .safexml import local_name, parse_xml
from .story import WireError

PARSERS = {
    pagetext.FORMAT: pagetext.parse,
}

# Formats we recognise but cannot import yet; naming them makes the error useful.
RECOGNISED = {
    "ninjs": "IPTC ninjs",
    "newsml-g2": "NewsML-G2",
    "nitf": "NITF",
    "newsml-1.2": "NewsML 1.2",
}
XML_ROOTS = {
    "newsItem": "newsml-g2",
    "newsMessage": "newsml-g2",
    "nitf": "nitf",
    "NewsML": "newsml-1.2",
}
FORMAT_CHOICES = sorted([*PARSERS, *RECOGNISED])


def parse_wire(data, name="", format=None):
    """Parse wire bytes into a ParsedStory, detecting the format unless one is forced."""
    if not data:
        raise WireError("the file is empty")
    if not fold_spaces(data.decode("utf-8", "replace").lstrip("\ufeff")).strip():
        raise WireError("the file holds only white space")
    format = format or detect_format(data)
    parser = PARSERS.get(format)
    if parser is None:
        label = RECOGNISED.get(format, format)
        raise WireError(f"{label} copy is recognised but not supported yet")
    return parser(data, name)


def detect_format(data):
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")):
        return _detect_json(data)
    if head.startswith(b"<"):
        return _detect_xml(data)
    return pagetext.FORMAT


def _detect_json(data):
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise WireError("JSON is not valid UTF-8") from None
    except json.JSONDecodeError as error:
        raise WireError(f"invalid JSON: {error}") from None
    if isinstance(document, dict) and ({"uri", "guid"} & document.keys()):
        return "ninjs"
    raise WireError("JSON holds no wire story (no ninjs uri or guid)")


def _detect_xml(data):
    root = parse_xml(data)
    name = local_name(root)
    if name not in XML_ROOTS:
        raise WireError(f"XML with root <{name}> is not a known wire format")
    return XML_ROOTS[name]
