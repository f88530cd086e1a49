"""Which format a file is in, and the parser for each. Adding a format is adding one parser.

Every parser module has ``FORMAT`` and ``parse(data, name) -> ParsedStory``; a format that
carries several stories in one file (a NewsML-G2 newsMessage) has ``parse_many`` returning a
list instead. Modules load on first use.
"""

import importlib

from articles.text import fold_spaces

from .jsonwire import read_json
from .safexml import local_name, parse_xml
from .story import WireError

PARSER_MODULES = {
    "page-text": "articles.wire.pagetext",
    "ninjs": "articles.wire.ninjs",
    "ap-media": "articles.wire.apmedia",
    "newsml-g2": "articles.wire.newsmlg2",
    "nitf": "articles.wire.nitf",
    "newsml-1.2": "articles.wire.newsml12",
    "anpa-1312": "articles.wire.anpa",
    "iptc-7901": "articles.wire.iptc7901",
}
FORMAT_CHOICES = sorted(PARSER_MODULES)
XML_ROOTS = {
    "newsItem": "newsml-g2",
    "newsMessage": "newsml-g2",
    "nitf": "nitf",
    "NewsML": "newsml-1.2",
}


def parse_wire(data, name="", format=None):
    """Parse wire bytes into a list of ParsedStory, detecting the format unless forced."""
    if not data:
        raise WireError("the file is empty")
    if not fold_spaces(data.decode("utf-8", "replace").lstrip("\ufeff")).strip():
        raise WireError("the file holds only white space")
    format = format or detect_format(data)
    try:
        parser = importlib.import_module(PARSER_MODULES[format])
    except (KeyError, ModuleNotFoundError):
        raise WireError(f"{format} copy is recognised but not supported yet") from None
    if hasattr(parser, "parse_many"):
        stories = parser.parse_many(data, name)
    else:
        stories = [parser.parse(data, name)]
    if not stories:
        raise WireError(f"{format} file holds no story")
    return stories


def detect_format(data):
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"\x16") or (head.startswith(b"\x01") and b"\x1f" in head[:40]):
        return "anpa-1312"
    if head.startswith(b"\x01"):
        return "iptc-7901"
    if head.startswith((b"{", b"[")):
        return _detect_json(data)
    if head.startswith(b"<"):
        return _detect_xml(data)
    return "page-text"


def _detect_json(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WireError("JSON is not valid UTF-8") from None
    document = read_json(text)  # a WireError for invalid or too deeply nested JSON
    if not isinstance(document, dict):
        raise WireError("JSON holds no wire story (the top level is not an object)")
    if isinstance(document.get("data"), dict) and isinstance(document["data"].get("item"), dict):
        return "ap-media"
    if {"uri", "guid"} & document.keys():
        return "ninjs"
    raise WireError("JSON holds no wire story (no ninjs uri or guid, no AP data.item)")


def _detect_xml(data):
    root = parse_xml(data)
    name = local_name(root)
    if name not in XML_ROOTS:
        raise WireError(f"XML with root <{name}> is not a known wire format")
    return XML_ROOTS[name]
