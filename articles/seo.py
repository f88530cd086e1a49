"""What search engines and share previews read: schema.org JSON-LD, OpenGraph values, photo files.

Everything here is plain data built from an article (or a page's subject) and the request, so the
templates only print it: JSON-LD is serialised once, in ``json_ld_script``, never assembled in a
template, and every URL is made absolute from the request that asked for the page.
"""

import json
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.links import link

LOGO_PATH = "img/logo.png"
LOGO_SIZE = (600, 60)  # Google's publisher logo box; static/img/logo.png is drawn to fit it

# Inside <script> the HTML parser ends the element at "</script" and treats "<!--" specially;
# JSON allows these characters as \u escapes, so a headline can never close the element.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


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
    photos = sorted(article.photos.all(), key=lambda photo: not photo.is_lead)
    return [image for image in map(stored_image, photos) if image is not None]


def iso_datetime(moment):
    """ISO 8601 in the newsroom's zone, with its offset, to the second."""
    return timezone.localtime(moment).isoformat(timespec="seconds")


def modified_time(article):
    return article.updated_at or article.published_at


def canonical_url(request, path, page_number=None):
    """The one address of a page: no filters or tracking parameters, page number kept past 1."""
    url = request.build_absolute_uri(path)
    if page_number and page_number > 1:
        url += f"?page={page_number}"
    return url


def publisher(request):
    width, height = LOGO_SIZE
    return {
        "@type": "Organization",
        "name": settings.NEWSDESK_SITE_NAME,
        "url": request.build_absolute_uri(link("articles:home")),
        "logo": {
            "@type": "ImageObject",
            "url": request.build_absolute_uri(static(LOGO_PATH)),
            "width": width,
            "height": height,
        },
    }


def credited_entity(credited, request):
    """A byline name as schema.org: people are Persons, agencies Organizations.

    Named as the visible byline (and ninjs) names them, so an agency is its byline code ("APP");
    its full name, where different, is the alternateName.
    """
    entity = {
        "@type": "Organization" if credited.is_agency else "Person",
        "name": str(credited),
        "url": request.build_absolute_uri(credited.get_absolute_url()),
    }
    if credited.is_agency:
        if credited.name != str(credited):
            entity["alternateName"] = credited.name
        if credited.url:
            entity["sameAs"] = credited.url
    return entity


def news_article(article, request):
    """schema.org NewsArticle for an article page; fields without data are left out."""
    url = canonical_url(request, article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": article.teaser,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": iso_datetime(article.published_at),
        "dateModified": iso_datetime(modified_time(article)),
        "author": [credited_entity(credited, request) for credited in article.byline],
        "publisher": publisher(request),
        "articleSection": article.section.name,
        "image": [request.build_absolute_uri(image.url) for image in article_images(article)],
        "keywords": [tag.name for tag in article.tags.all()],
        "correction": [
            {
                "@type": "CorrectionComment",
                "text": correction.text,
                "datePublished": iso_datetime(correction.noted_at),
            }
            for correction in article.corrections.all()
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
                "item": request.build_absolute_uri(path),
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
            (article.headline, article.get_absolute_url()),
        ],
    )


def page_breadcrumbs(request, name):
    """Home → the listing the request is on (a section, tag, author or agency page)."""
    return breadcrumb_list(request, [home_crumb(), (name, request.path)])


def article_sharing(article, request):
    """OpenGraph and Twitter card values for an article page."""
    images = article_images(article)
    image = images[0] if images else None
    return {
        "canonical": canonical_url(request, article.get_absolute_url()),
        "title": article.headline,
        "description": article.teaser,
        "image": image,
        "image_url": request.build_absolute_uri(image.url) if image else "",
        "published": iso_datetime(article.published_at),
        "modified": iso_datetime(modified_time(article)),
        "section": article.section.name,
        "tags": [tag.name for tag in article.tags.all()],
        "site_name": settings.NEWSDESK_SITE_NAME,
    }


def json_ld_script(data):
    """A ``<script type="application/ld+json">`` element that no value can break out of."""
    encoded = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(encoded))  # noqa: S308
