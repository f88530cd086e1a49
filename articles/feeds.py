"""RSS 2.0 and Atom feeds: the whole site, and one per section, tag, author and agency.

Every feed starts from ``Article.objects.published()``, so drafts, scheduled, embargoed and
withdrawn stories never reach a feed reader. A feed about a subject with no public story is a
404, as its page is. Bylines render as everywhere else: each person or agency once, in byline
order (RSS ``dc:creator``, Atom ``<author>``), and the lead photo travels as an enclosure and as
Media RSS ``media:content``.
"""

import mimetypes
from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, rfc3339_date
from django.utils.html import escape
from taggit.models import Tag

from articles import freshness, public_lists
from articles.links import link
from articles.models import Agency, Article, Author, Section
from articles.page_cache import depends_on

DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"
MEDIA_RSS = "http://search.yahoo.com/mrss/"
# Enough for a reader polling a few times a day to miss nothing on a busy desk.
FEED_LENGTH = 30


@dataclass(frozen=True)
class FeedPhoto:
    """What an enclosure and ``media:content`` say about a lead photo (URL may be relative)."""

    url: str
    length: int
    mime_type: str
    width: int | None
    height: int | None
    caption: str
    credit: str


def lead_photo(article):
    """The first of the article's photos that has an image file we can actually serve."""
    for photo in article.photos.all():
        dimensions = photo.served_dimensions()
        if dimensions is None:
            continue  # no file, or the row names one that is gone: no enclosure may point at it
        width, height = dimensions
        try:
            length = photo.image.size
        except (OSError, ValueError):
            continue
        return FeedPhoto(
            url=photo.image.url,
            length=length,
            mime_type=mimetypes.guess_type(photo.image.name)[0] or "application/octet-stream",
            width=width,
            height=height,
            caption=photo.caption,
            credit=photo.credit,
        )
    return None


class NewsFeedMixin:
    """Bylines and lead photos for both feed formats.

    The syndication framework makes item links absolute but knows nothing of these extra
    fields, so they are resolved here against the feed's own (absolute) link.
    """

    def absolute(self, url):
        return urljoin(self.feed["link"], url)

    def add_media(self, handler, photo):
        attributes = {
            "url": self.absolute(photo.url),
            "type": photo.mime_type,
            "medium": "image",
            "fileSize": str(photo.length),
        }
        if photo.width and photo.height:
            attributes |= {"width": str(photo.width), "height": str(photo.height)}
        handler.startElement("media:content", attributes)
        if photo.caption:
            handler.addQuickElement("media:description", photo.caption, {"type": "plain"})
        if photo.credit:
            handler.addQuickElement("media:credit", photo.credit)
        handler.endElement("media:content")


class NewsRssFeed(NewsFeedMixin, Rss201rev2Feed):
    """RSS 2.0 with one ``dc:creator`` per person or agency and the lead photo."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": DUBLIN_CORE, "xmlns:media": MEDIA_RSS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item["updateddate"] is not None:
            # RSS has no update time of its own; Atom's element is the common extension.
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))
        for name, _url in item["credits"]:
            handler.addQuickElement("dc:creator", name)
        photo = item["lead_photo"]
        if photo:
            enclosure = {
                "url": self.absolute(photo.url),
                "length": str(photo.length),
                "type": photo.mime_type,
            }
            handler.addQuickElement("enclosure", "", enclosure)
            self.add_media(handler, photo)


class NewsAtomFeed(NewsFeedMixin, Atom1Feed):
    """Atom with one ``<author>`` (name and page) per person or agency and the lead photo."""

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_RSS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, url in item["credits"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", self.absolute(url))
            handler.endElement("author")
        photo = item["lead_photo"]
        if photo:
            enclosure = {
                "rel": "enclosure",
                "href": self.absolute(photo.url),
                "length": str(photo.length),
                "type": photo.mime_type,
            }
            handler.addQuickElement("link", "", enclosure)
            self.add_media(handler, photo)


class LatestStoriesFeed(Feed):
    """The newest public stories of the whole site; subclasses narrow it to one subject."""

    feed_type = NewsRssFeed

    def title(self, subject):
        return f"{settings.NEWSDESK_SITE_NAME}: latest stories"

    def description(self, subject):
        return f"The latest stories from {settings.NEWSDESK_SITE_NAME}."

    def link(self, subject):
        return link("articles:home")

    def get_object(self, request, *args, **kwargs):
        depends_on(request, freshness.SITE)
        return None

    # Atom asks every entry for an author; an uncredited story is the desk's own.
    def author_name(self, subject):
        return settings.NEWSDESK_SITE_NAME

    def narrow(self, queryset, subject):
        return queryset

    def items(self, subject):
        public = self.narrow(Article.objects.published(), subject)
        return public.for_listing().with_tags().newest_first()[:FEED_LENGTH]

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        # RSS descriptions and Atom summaries (type="html") hold HTML; the teaser is text.
        return escape(article.teaser)

    # The guid defaults to the item's absolute link: the URL with the id, which keeps
    # answering (301 after a slug or section change), so it is a permalink.
    def item_guid_is_permalink(self, article):
        return True

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at or article.published_at

    def item_categories(self, article):
        return sorted(tag.name for tag in article.tags.all())

    def item_extra_kwargs(self, article):
        return {
            "credits": [(str(who), who.get_absolute_url()) for who in article.byline],
            "lead_photo": lead_photo(article),
        }


class SubjectFeed(LatestStoriesFeed):
    """Stories about one section, tag, author or agency, found by slug."""

    subject_queryset = None
    kind = ""  # the subject's freshness key prefix: section, tag, author, agency

    def get_object(self, request, slug):
        subject = get_object_or_404(self.subject_queryset, slug=slug)
        depends_on(request, freshness.subject_key(subject))
        public = self.narrow(Article.objects.published(), subject)
        # The count the subject's page keeps in the cache: no query when it is there.
        if not public_lists.story_count(f"{self.kind}:{subject.pk}", public):
            # Like the subject's page: a feed would reveal what is still unpublished.
            raise Http404("No public story here.")
        return subject

    def link(self, subject):
        return subject.get_absolute_url()


class SectionFeed(SubjectFeed):
    subject_queryset = Section.objects.all()
    kind = "section"

    def title(self, section):
        return f"{settings.NEWSDESK_SITE_NAME}: {section.name}"

    def description(self, section):
        return f"The latest {section.name} stories from {settings.NEWSDESK_SITE_NAME}."

    def narrow(self, queryset, section):
        return queryset.filter(section=section)


class TagFeed(SubjectFeed):
    subject_queryset = Tag.objects.all()
    kind = "tag"

    def title(self, tag):
        return f"{settings.NEWSDESK_SITE_NAME}: {tag.name}"

    def description(self, tag):
        return f"Stories tagged {tag.name} on {settings.NEWSDESK_SITE_NAME}."

    def link(self, tag):
        return link("articles:tag", tag.slug)

    def narrow(self, queryset, tag):
        return queryset.tagged(tag)


class AuthorFeed(SubjectFeed):
    subject_queryset = Author.objects.all()
    kind = "author"

    def title(self, author):
        return f"{settings.NEWSDESK_SITE_NAME}: {author.name}"

    def description(self, author):
        return f"Stories by {author.name} on {settings.NEWSDESK_SITE_NAME}."

    def narrow(self, queryset, author):
        return queryset.credited_to(author)


class AgencyFeed(SubjectFeed):
    subject_queryset = Agency.objects.all()
    kind = "agency"

    def title(self, agency):
        return f"{settings.NEWSDESK_SITE_NAME}: {agency.name}"

    def description(self, agency):
        return f"Stories credited to {agency.name} on {settings.NEWSDESK_SITE_NAME}."

    def narrow(self, queryset, agency):
        return queryset.credited_to(agency)


class AtomVariant:
    """The same feed in Atom, whose subtitle plays the part of RSS's description."""

    feed_type = NewsAtomFeed

    def subtitle(self, subject):
        return self.description(subject)


class LatestStoriesAtomFeed(AtomVariant, LatestStoriesFeed):
    pass


class SectionAtomFeed(AtomVariant, SectionFeed):
    pass


class TagAtomFeed(AtomVariant, TagFeed):
    pass


class AuthorAtomFeed(AtomVariant, AuthorFeed):
    pass


class AgencyAtomFeed(AtomVariant, AgencyFeed):
    pass
