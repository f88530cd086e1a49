"""Reading NewsML-G2's XML: elements found by namespace, never by prefix, and their texts,
QCodes, roles, dates, languages and names in a language."""

from .common import parse_datetime
from .safexml import XML_LANG

NAR = "http://iptc.org/std/nar/2006-10-01/"
NS = {"g": NAR}


def texts_at(item, path, roles=None, child=None):
    """The texts at path (of each one's child, if given), only those with a role in roles."""
    return [
        text
        for element in item.iterfind(path, NS)
        if roles is None or local_code(element.get("role")) in roles
        if (text := text_at(element, child) if child else text_of(element))
    ]


def date_at(item, path):
    return parse_datetime(text_at(item, path), field=path.rpartition(":")[2])


def text_at(element, path):
    return text_of(element.find(path, NS))


def attribute_at(item, path, attribute):
    element = item.find(path, NS)
    return (element.get(attribute) or "").strip() if element is not None else ""


def text_of(element):
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def local_code(code):
    """The local part of a QCode or role, lower case: "drol:caption" → "caption"."""
    return (code or "").rpartition(":")[2].strip().lower()


def language_of(element):
    """The element's xml:lang, inherited from its ancestors as XML intends."""
    for node in (element, *element.iterancestors()):
        if node.get(XML_LANG):
            return node.get(XML_LANG).strip()
    return ""


def classes_of(element):
    return set((element.get("class") or "").split())


def scheme_of(element):
    return (element.get("qcode") or "").partition(":")[0].lower()


def name_in(element, language):
    """The name in the story's language, else English, else the first (codes left out)."""
    names = element.findall("g:name", NS)
    names = [n for n in names if local_code(n.get("role")) not in ("mnemonic", "short")] or names
    wanted = language.split("-")[0].lower()

    def preference(name):
        lang = language_of(name).split("-")[0].lower()
        return 0 if lang == wanted else 1 if lang == "en" else 2

    return text_of(min(names, key=preference)) if names else ""


def integer_at(element, attribute):
    value = (element.get(attribute) or "").strip()
    return int(value) if value.isdecimal() else 0
