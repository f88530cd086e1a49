"""Articles as IPTC ninjs: 2.x (lower-case names) by default, 3.x (camelCase) on request.

The shape follows the official schemas in shared/schemas; tests validate against them and
import what is exported to prove the round trip.
"""

import re

from django.conf import settings
from django.utils.html import escape

NINJS_2_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json#"
NINJS_3_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#"
URI_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")

# ninjs 3 renames these top-level and nested properties; everything else keeps its name.
CAMEL_CASE = {
    "versioncreated": "versionCreated",
    "firstcreated": "firstCreated",
    "pubstatus": "pubStatus",
    "embargoed": "embargoedUntil",
    "ednote": "edNote",
    "infosources": "infoSources",
    "contenttype": "contentType",
    "altids": "altIds",
}


def article_uri(article):
    """The wire's identity when the story came from the wire, else our own stable URN."""
    if article.source_ref and URI_SCHEME.match(article.source_ref):
        return article.source_ref
    return f"urn:newsdesk:{settings.NEWSDESK_SITE_NAME.lower()}:article:{article.pk}"


def article_to_ninjs(article, *, version=2, base_url=""):
    """A ninjs document for one article (expects ``for_article_page()`` prefetching)."""
    document = _ninjs_2(article, base_url)
    return _camel_case(document) if version == 3 else document


def _ninjs_2(article, base_url):
    people = [c.author for c in article.credits.all() if c.author]
    agencies = [c.agency for c in article.credits.all() if c.agency]
    document = {
        "uri": article_uri(article),
        "type": "text",
        "version": str(int(article.modified_at.timestamp())),
        "versioncreated": _iso(article.updated_at or article.published_at),
        "firstcreated": _iso(article.published_at),
        "pubstatus": "canceled" if article.status == article.Status.WITHDRAWN else "usable",
        "language": article.language or settings.LANGUAGE_CODE.split("-")[0],
        "headlines": [{"role": "main", "value": article.headline}],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": article.body}],
        "by": " and ".join(str(credited) for credited in article.byline),
        "people": [
            {"name": person.name, "rel": "author", "uri": base_url + person.get_absolute_url()}
            for person in people
        ],
        "infosources": [
            {"name": agency.code, "role": "source", "uri": base_url + agency.get_absolute_url()}
            for agency in agencies
        ],
        "subjects": [
            {"name": article.section.name, "rel": "section", "literal": article.section.slug},
            *({"name": tag.name} for tag in article.tags.all()),
        ],
        "associations": [
            _photo(photo, number) for number, photo in enumerate(article.photos.all())
        ],
    }
    descriptions = []
    if article.summary:
        descriptions.append(
            {"role": "summary", "contenttype": "text/plain", "value": article.summary}
        )
    if article.highlights:
        items = "".join(f"<li>{escape(point)}</li>" for point in article.highlights)
        descriptions.append(
            {"role": "highlights", "contenttype": "text/html", "value": f"<ul>{items}</ul>"}
        )
    if descriptions:
        document["descriptions"] = descriptions
    if article.dateline:
        document["located"] = article.dateline
    if article.embargo_until:
        document["embargoed"] = _iso(article.embargo_until)
    corrections = [
        f"Correction ({c.noted_at:%Y-%m-%d}): {c.text}" for c in article.corrections.all()
    ]
    if corrections:
        document["ednote"] = "\n".join(corrections)
    if base_url:
        document["altids"] = [{"role": "url", "value": base_url + article.get_absolute_url()}]
    return {key: value for key, value in document.items() if value not in ([], "", None)}


def _photo(photo, number):
    association = {
        "name": f"photo{number}",
        "uri": f"urn:newsdesk:photo:{photo.pk}",
        "type": "picture",
        "descriptions": [{"role": "caption", "contenttype": "text/plain", "value": photo.caption}],
    }
    if photo.credit:
        association["by"] = photo.credit
    if photo.alt_text:
        association["descriptions"].append(
            {"role": "alt", "contenttype": "text/plain", "value": photo.alt_text}
        )
    if photo.image:
        association["renditions"] = [{"name": "original", "href": photo.image.url}]
    return association


def _camel_case(value):
    if isinstance(value, dict):
        return {CAMEL_CASE.get(key, key): _camel_case(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_camel_case(item) for item in value]
    return value


def _iso(moment):
    return moment.isoformat() if moment else None
