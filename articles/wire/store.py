"""Writing a parsed story onto an article: section, credits, photos, related stories, tags."""

from django.conf import settings
from django.db.models import Q
from django.utils.text import slugify

from articles import freshness
from articles.models import (
    Agency,
    Article,
    Author,
    Correction,
    Credit,
    ImageCaption,
    RelatedStory,
    Section,
    WireVersion,
)
from articles.models.taxonomy import RESERVED_SECTION_SLUGS
from articles.search import index_article
from articles.text import headline_key

from .story import ParsedLink, WireError


def check_fits(story):
    """Refuse, naming the field, what the database would truncate or reject."""
    limits = [
        ("headline", [story.headline], Article._meta.get_field("headline").max_length),
        ("byline name", [c.name for c in story.credits], Author._meta.get_field("name").max_length),
        ("photo credit", [p.credit for p in story.photos], 200),
        ("related headline", [*story.related_headlines, *(r.headline for r in story.related)], 300),
        ("tag", story.tags, 100),
    ]
    for field, values, limit in limits:
        for value in values:
            if len(value) > limit:
                raise WireError(
                    f"{field} is {len(value)} characters, over the limit of {limit}: "
                    f"{value[:40]!r}…"
                )


def write_article(article, story):
    """Copy the wire's content onto the article and its rows; editor-added tags are kept."""
    fill_article(article, story, section_for(story))
    article.save()
    article.wire_fingerprint = article.editorial_fingerprint()
    Article.objects.filter(pk=article.pk).update(wire_fingerprint=article.wire_fingerprint)

    article.credits.all().delete()
    Credit.objects.bulk_create(credit_rows(article, story))
    article.photos.all().delete()
    ImageCaption.objects.bulk_create(photo_rows(article, story))
    article.related_stories.all().delete()
    for related in related_rows(article, story):
        related.save()  # finds its target article, by identity or headline
    if story.tags:
        article.tags.add(*story.tags)
    if story.correction_note:
        note_correction(article, story.correction_note)
    record_version(article, story)
    index_article(article)  # credits and photos went in by bulk_create, which sends no signals
    freshness.stories_changed([article.pk])  # likewise for cached pages


def fill_article(article, story, section, content_hash=None):
    """Set the article's own fields from the story, without saving it."""
    article.headline = story.headline
    article.section = section
    if story.summary:
        article.summary = story.summary
    article.highlights = story.highlights
    article.body = story.body_html
    if story.published_at is not None and article.status == Article.Status.DRAFT:
        article.published_at = story.published_at
    if story.embargo_until is not None:
        article.embargo_until = story.embargo_until
    article.dateline = story.dateline[:120]
    article.language = story.language[:16]
    article.desk_note = story.editor_note
    article.source_format = story.format
    article.source_name = story.source_name
    article.source_version = story.source_version
    article.source_version_time = story.version_created
    article.content_hash = content_hash or story.content_hash()


def credit_rows(article, story, resolve=None):
    """The byline's Credit rows (unsaved), each person or agency once, in byline order."""
    return [
        Credit(article=article, position=position, **credited)
        for position, credited in enumerate(_unique_credits(story.credits, resolve))
    ]


def photo_rows(article, story):
    return [
        ImageCaption(
            article=article,
            position=position,
            caption=photo.caption,
            credit=photo.credit[:200],
            alt_text=photo.alt_text,
            body_position=photo.body_position,
        )
        for position, photo in enumerate(story.photos)
    ]


def related_rows(article, story):
    """RelatedStory rows (unsaved, no target yet): headlines the copy names, then links."""
    links = [ParsedLink(headline=headline) for headline in story.related_headlines]
    rows = []
    for position, link in enumerate([*links, *story.related]):
        headline = link.headline[:300]
        rows.append(
            RelatedStory(
                article=article,
                position=position,
                headline=headline,
                headline_key=headline_key(headline),
                source_ref=link.ref[:255],
                url=link.url[:500] if link.url.startswith(("http://", "https://")) else "",
            )
        )
    return rows


def record_version(article, story, state=WireVersion.State.APPLIED):
    """Keep the version received; a held version applied later becomes the applied one."""
    WireVersion.objects.update_or_create(
        article=article,
        content_hash=story.content_hash(),
        defaults={
            "state": state,
            "source_version": story.source_version,
            "version_created": story.version_created,
            "source_name": story.source_name,
            "story": story.as_record(),
        },
    )


def note_correction(article, text):
    """A dated correction notice for readers, once per distinct text."""
    if not article.corrections.filter(text=text).exists():
        Correction.objects.create(article=article, text=text)


def section_for(story):
    """The story's section, made on first sight; a reserved slug is refused (WireError)."""
    slug = story.section or settings.NEWSDESK_WIRE_SECTION
    if slug in RESERVED_SECTION_SLUGS:
        raise WireError(f"section {slug!r} is a reserved site address; rename it in the copy")
    section, _ = Section.objects.get_or_create(
        slug=slug,
        defaults={"name": story.section_name or slug.replace("-", " ").title()},
    )
    return section


def _unique_credits(credits, resolve=None):
    seen = set()
    for credit in credits:
        credited = (resolve or resolve_credit)(credit.name, credit.kind)
        if credited not in seen:
            seen.add(credited)
            yield {"agency": credited} if isinstance(credited, Agency) else {"author": credited}


def resolve_credit(name, kind):
    """A known agency by code or name; else a new agency, or an author found or made by name."""
    agency = Agency.objects.filter(Q(code__iexact=name) | Q(name__iexact=name)).first()
    if agency is not None:
        return agency
    if kind == "agency":
        agency, _ = Agency.objects.get_or_create(
            code=name, defaults={"name": name, "slug": _free_slug(Agency, name, "agency")}
        )
        return agency
    author = Author.objects.filter(name__iexact=name).first()
    return author or Author.objects.create(name=name, slug=_free_slug(Author, name, "author"))


def _free_slug(model, name, fallback):
    """An unused ASCII slug: names in other scripts, or taken ones, get a number."""
    base = slugify(name)[:70] or fallback
    slug, number = base, 1
    while model.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
