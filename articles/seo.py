"""What search engines and share previews read: schema.org JSON-LD, OpenGraph values, photo files.

Everything here is plain data built from an article (or a page's subject) and the request, so the
templates only print it: JSON-LD is serialised once, in ``json_ld_script``, never assembled in a
template, and every URL is made absolute from the request that asked for the page.
"""

import json
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.safestring import mark_safe

from articles import render_context
from articles.links import asset, link

LOGO_PATH = "img/logo.png"
LOGO_SIZE = (600, 60)  # Google's publisher logo box; static/img/logo.png is drawn to fit it

# Inside <script> the HTML parser ends the element at "</script" and treats "<!--" specially;
# JSON allows these characters as \u escapes, so a headline can never close the element.
_SCRIPT_ESCAPES = (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026"))


@dataclass(frozen=True)
class StoredImage:
    """A photo's file as pages use it: its URL (relative to the site), size and alt text."""

    url: str
    width: int
    height: int
    alt: str


def stored_image(photo):
    """The photo's image file, or None when it has none a browser could show.

    Wire copy often carries only a caption, and a file named in the database can be missing from
    storage (a fresh media volume); neither may break the page or reach a share preview.
    """
    dimensions = photo.served_dimensions()
    if dimensions is None:
        return None
    return StoredImage(photo.image.url, *dimensions, photo.alt_text or photo.caption)


def article_images(article):
    """The article's photos that have a file, lead photos first, each in position order."""
    photos = sorted(article.part("photos"), key=lambda photo: not photo.is_lead)
    return [image for image in map(stored_image, photos) if image is not None]


def iso_datetime(moment):
    """ISO 8601 in the newsroom's zone, with its offset, to the second."""
    if moment is None:  # a draft's preview: not published yet, so as of now
        moment = timezone.now()
    return render_context.local(moment).isoformat(timespec="seconds")


def modified_time(article):
    return article.updated_at or article.published_at


def canonical_url(request, path, page_number=None):
    """The one address of a page: no filters or tracking parameters, page number kept past 1."""
    url = absolute_url(request, path)
    if page_number and page_number > 1:
        url += f"?page={page_number}"
    return url


def absolute_url(request, url):
    """``request.build_absolute_uri(url)``, with the scheme and host worked out once a request
    (an article page makes a dozen of these)."""
    if not url.startswith("/") or url.startswith("//") or "/." in url:
        return request.build_absolute_uri(url)  # already absolute (a storage's URL), or odd
    return origin(request) + url


def origin(request):
    """``https://host`` of the request, as ``build_absolute_uri`` begins its addresses."""
    return _once_per_request(request, "origin", lambda: f"{request.scheme}://{request.get_host()}")


def _once_per_request(request, name, compute):
    """``compute()``, worked out once for this request and kept on it."""
    memo = request.__dict__.setdefault("_seo", {})
    if name not in memo:
        memo[name] = compute()
    return memo[name]


def publisher(request):
    """The site as schema.org Organization, with its logo."""
    width, height = LOGO_SIZE
    return {
        "@type": "Organization",
        "name": settings.NEWSDESK_SITE_NAME,
        "url": absolute_url(request, link("articles:home")),
        "logo": {
            "@type": "ImageObject",
            "url": absolute_url(request, asset(LOGO_PATH)),
            "width": width,
            "height": height,
        },
    }


@dataclass(frozen=True)
class ArticleFacts:
    """What an article page's share tags and JSON-LD both say of its story."""

    canonical: str
    images: list  # StoredImage, lead photos first
    image_urls: list  # their absolute URLs
    published: str
    modified: str
    tags: list  # names


def article_facts(article, request):
    """The story's ``ArticleFacts`` for this request, worked out once however many tags ask."""
    return _once_per_request(request, ("facts", article.pk), lambda: _facts(article, request))


def _facts(article, request):
    images = article_images(article)
    return ArticleFacts(
        canonical=canonical_url(request, article.get_absolute_url()),
        images=images,
        image_urls=[absolute_url(request, image.url) for image in images],
        published=iso_datetime(article.published_at),
        modified=iso_datetime(modified_time(article)),
        tags=[tag.name for tag in article.part("tags")],
    )


def credited_entity(credited, request):
    """A byline name as schema.org: people are Persons, agencies Organizations.

    Named as the visible byline (and ninjs) names them, so an agency is its byline code ("APP");
    its full name, where different, is the alternateName.
    """
    entity = {
        "@type": "Organization" if credited.is_agency else "Person",
        "name": str(credited),
        "url": absolute_url(request, credited.get_absolute_url()),
    }
    if credited.is_agency:
        if credited.name != str(credited):
            entity["alternateName"] = credited.name
        if credited.url:
            entity["sameAs"] = credited.url
    return entity


def news_article(article, request):
    """schema.org NewsArticle for an article page; fields without data are left out."""
    facts = article_facts(article, request)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": article.teaser,
        "url": facts.canonical,
        "mainEntityOfPage": {"@type": "WebPage", "@id": facts.canonical},
        "datePublished": facts.published,
        "dateModified": facts.modified,
        "author": [credited_entity(credited, request) for credited in article.byline],
        "publisher": publisher(request),
        "articleSection": article.section.name,
        "image": facts.image_urls,
        "keywords": facts.tags,
        "correction": [
            {
                "@type": "CorrectionComment",
                "text": correction.text,
                "datePublished": iso_datetime(correction.noted_at),
            }
            for correction in article.part("corrections")
        ],
    }
    if article.language:
        data["inLanguage"] = article.language
    return {key: value for key, value in data.items() if value not in ("", [])}


def breadcrumb_list(request, trail):
    """schema.org BreadcrumbList from (name, path) pairs, home first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": absolute_url(request, path),
            }
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def home_crumb():
    return (settings.NEWSDESK_SITE_NAME, link("articles:home"))


def article_breadcrumbs(article, request):
    section = article.section
    return breadcrumb_list(
        request,
        [
            home_crumb(),
            (section.name, section.get_absolute_url()),
            (article.headline, article_facts(article, request).canonical),
        ],
    )


def page_breadcrumbs(request, name):
    """Home → the listing the request is on (a section, tag, author or agency page)."""
    return breadcrumb_list(request, [home_crumb(), (name, request.path)])


def article_sharing(article, request):
    """OpenGraph and Twitter card values for an article page."""
    facts = article_facts(article, request)
    return {
        "canonical": facts.canonical,
        "title": article.headline,
        "description": article.teaser,
        "image": facts.images[0] if facts.images else None,
        "image_url": facts.image_urls[0] if facts.images else "",
        "published": facts.published,
        "modified": facts.modified,
        "section": article.section.name,
        "tags": facts.tags,
        "site_name": settings.NEWSDESK_SITE_NAME,
    }


def json_ld_script(data):
    """A ``<script type="application/ld+json">`` element that no value can break out of."""
    encoded = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    for character, escaped in _SCRIPT_ESCAPES:
        encoded = encoded.replace(character, escaped)
    return mark_safe(f'<script type="application/ld+json">{encoded}</script>')  # noqa: S308
