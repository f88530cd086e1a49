"""Upserting parsed stories into articles, idempotently, one transaction per story.

A story is found again by its source identity (``Article.source_ref``); the same content
(by hash) is ``unchanged``, new content ``updated``, and an unknown identity ``created``.
"""

import logging
from dataclasses import dataclass
from pathlib import Path

from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from articles.models import (
    Agency,
    Article,
    Author,
    Credit,
    ImageCaption,
    RelatedStory,
    Section,
)
from articles.models.taxonomy import RESERVED_SECTION_SLUGS

from .formats import parse_wire
from .story import WireError

logger = logging.getLogger(__name__)

CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"
STATUSES = (CREATED, UPDATED, UNCHANGED, FAILED)

# Words that mark a byline name as a desk or agency rather than a person.
AGENCY_WORDS = {
    "agency", "bureau", "correspondent", "desk", "monitoring", "news", "press", "report",
    "reporter", "service", "staff", "wire", "wires",
}  # fmt: skip


@dataclass
class ImportOutcome:
    path: str
    status: str
    format: str = ""
    article: Article | None = None
    error: str = ""

    def as_dict(self):
        saved = self.article is not None and self.article.pk is not None
        return {
            "path": self.path,
            "format": self.format or None,
            "status": self.status,
            "id": self.article.pk if saved else None,
            "url": self.article.get_absolute_url() if saved else None,
            "error": self.error or None,
        }


def wire_files(paths):
    """Files named, and files found (recursively, hidden ones skipped) under folders named."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                relative = found.relative_to(path).parts
                if found.is_file() and not any(part.startswith(".") for part in relative):
                    yield found
        else:
            yield path


def import_file(path, *, format=None, publish=False, dry_run=False):
    """Parse and import one file; any failure is reported in the outcome, never raised."""
    path = Path(path)
    outcome = ImportOutcome(path=str(path), status=FAILED, format=format or "")
    try:
        data = path.read_bytes()
    except OSError as error:
        outcome.error = f"cannot read file: {error.strerror or error}"
        return outcome
    try:
        story = parse_wire(data, name=path.name, format=format)
        outcome.format = story.format
        outcome.status, outcome.article = import_story(story, publish=publish, dry_run=dry_run)
    except WireError as error:
        outcome.error = str(error)
    except DatabaseError as error:
        outcome.error = f"database refused the story: {error}".splitlines()[0]
    except Exception as error:  # a parser bug must not stop the rest of the batch
        logger.exception("unexpected failure importing %s", path)
        outcome.error = f"unexpected {type(error).__name__}: {error}".splitlines()[0]
    return outcome


def import_story(story, *, publish=False, dry_run=False):
    """Create or update the article for a parsed story; return (status, article)."""
    with transaction.atomic():
        article = _find_existing(story)
        if article is not None and article.content_hash == story.content_hash():
            return UNCHANGED, article
        status = CREATED if article is None else UPDATED
        article = article or Article(source_ref=story.source_ref)
        _write_article(article, story, publish=publish, is_update=status == UPDATED)
        if dry_run:
            transaction.set_rollback(True)
            if status == CREATED:
                article.pk = None
        return status, article


def _find_existing(story):
    candidates = Article.objects.select_for_update()
    found = candidates.filter(source_ref=story.source_ref).first()
    if found is None and story.source_name and story.published_at:
        # A corrected headline changes a page-text identity; the same file name and date does not.
        found = candidates.filter(
            source_format=story.format,
            source_name=story.source_name,
            published_at=story.published_at,
        ).first()
    return found


def _write_article(article, story, *, publish, is_update):
    article.headline = story.headline
    article.section = _section(story)
    article.summary = story.summary
    article.highlights = story.highlights
    article.body = story.body_html
    if story.published_at is not None:
        article.published_at = story.published_at
    article.source_format = story.format
    article.source_name = story.source_name
    article.source_version = story.source_version
    article.content_hash = story.content_hash()
    if is_update:
        article.updated_at = timezone.now()
    if publish and article.status == Article.Status.DRAFT:
        article.status = Article.Status.PUBLISHED
        article.published_at = article.published_at or timezone.now()
    article.save()

    article.credits.all().delete()
    for position, credit in enumerate(_unique_credits(story.credits)):
        Credit.objects.create(article=article, position=position, **credit)
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
    article.tags.set(story.tags, clear=True)


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
        credited = _resolve_credit(credit.name, credit.kind)
        if credited in seen:
            continue
        seen.add(credited)
        yield ({"agency": credited} if isinstance(credited, Agency) else {"author": credited})


def _resolve_credit(name, kind):
    """An existing agency by code or name, else a new agency or author as the name suggests."""
    name = " ".join(name.split())
    agency = Agency.objects.filter(Q(code__iexact=name) | Q(name__iexact=name)).first()
    if agency is not None:
        return agency
    if kind == "agency" or (kind is None and looks_like_agency(name)):
        agency, _ = Agency.objects.get_or_create(code=name, defaults={"name": name})
        return agency
    slug = slugify(name) or "author"
    author, _ = Author.objects.get_or_create(slug=slug, defaults={"name": name})
    return author


def looks_like_agency(name):
    """APP, PPI, "Web Desk", "Staff Reporter": all-caps codes and desk words are not people."""
    words = name.split()
    if len(words) == 1 and name.isupper() and 2 <= len(name) <= 6:
        return True
    return any(word.lower().strip(".") in AGENCY_WORDS for word in words)
