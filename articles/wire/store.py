"""Writing a parsed story onto an article: section, credits, photos, related stories, tags."""

from django.db.models import Q
from django.utils.text import slugify

from articles.models import (
    Agency,
    Article,
    Author,
    Credit,
    ImageCaption,
    RelatedStory,
    Section,
    WireVersion,
)
from articles.models.taxonomy import RESERVED_SECTION_SLUGS

from .story import WireError


def check_fits(story):
    """Refuse, naming the field, what the database would truncate or reject."""
    limits = [
        ("headline", [story.headline], Article._meta.get_field("headline").max_length),
        ("byline name", [c.name for c in story.credits], Author._meta.get_field("name").max_length),
        ("photo credit", [p.credit for p in story.photos], 200),
        ("related headline", story.related_headlines, 300),
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
    article.headline = story.headline
    article.section = _section(story)
    if story.summary:
        article.summary = story.summary
    article.highlights = story.highlights
    article.body = story.body_html
    if story.published_at is not None:
        article.published_at = story.published_at
    article.source_format = story.format
    article.source_name = story.source_name
    article.source_version = story.source_version
    article.content_hash = story.content_hash()
    article.save()

    article.credits.all().delete()
    Credit.objects.bulk_create(
        Credit(article=article, position=position, **credited)
        for position, credited in enumerate(_unique_credits(story.credits))
    )
    article.photos.all().delete()
    ImageCaption.objects.bulk_create(
        ImageCaption(
            article=article,
            position=position,
            caption=photo.caption,
            credit=photo.credit,
            alt_text=photo.alt_text,
            body_position=photo.body_position,
        )
        for position, photo in enumerate(story.photos)
    )
    article.related_stories.all().delete()
    for position, headline in enumerate(story.related_headlines):
        RelatedStory(article=article, position=position, headline=headline).save()
    if story.tags:
        article.tags.add(*story.tags)
    WireVersion.objects.create(
        article=article,
        content_hash=article.content_hash,
        source_version=story.source_version,
        source_name=story.source_name,
        story=story.as_record(),
    )


def _section(story):
    slug = story.section or "news"
    if slug in RESERVED_SECTION_SLUGS:
        raise WireError(f"section {slug!r} is a reserved site address; rename it in the copy")
    section, _ = Section.objects.get_or_create(
        slug=slug,
        defaults={"name": story.section_name or slug.replace("-", " ").title()},
    )
    return section


def _unique_credits(credits):
    seen = set()
    for credit in credits:
        credited = resolve_credit(credit.name, credit.kind)
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
