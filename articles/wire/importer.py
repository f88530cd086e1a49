"""Upserting parsed stories into articles, idempotently, one transaction per story.

A story is found again by its source identity (``Article.source_ref``); content already
received (by hash, any version) is ``unchanged``, new content ``updated``, and an unknown
identity ``created``. ``store`` writes the story's content onto the article.
"""

import logging
from dataclasses import dataclass
from pathlib import Path

from django.db import DatabaseError, transaction
from django.utils import timezone

from articles.body import split_blocks
from articles.models import Article
from articles.sanitize import clean_body_html

from .formats import parse_wire
from .store import check_fits, write_article
from .story import WireError

logger = logging.getLogger(__name__)

CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"
STATUSES = (CREATED, UPDATED, UNCHANGED, FAILED)


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
    """Create or update the article for a parsed story; return (status, article).

    Content already received for this article (the current or an older version) is
    ``unchanged``. ``publish`` applies to new stories only: an existing story's status is the
    editors' to decide.
    """
    check_fits(story)
    with transaction.atomic():
        article = _find_existing(story)
        content_hash = story.content_hash()
        if article is not None and article.wire_versions.filter(content_hash=content_hash).exists():
            return UNCHANGED, article
        status = CREATED if article is None else UPDATED
        if article is None:
            article = Article(source_ref=story.source_ref)
            if publish:
                article.status = Article.Status.PUBLISHED
                article.published_at = story.published_at or timezone.now()
        else:
            article.updated_at = timezone.now()
        write_article(article, story)
        if dry_run:
            transaction.set_rollback(True)
            if status == CREATED:
                article.pk = None
        return status, article


def _find_existing(story):
    candidates = Article.objects.select_for_update()
    found = candidates.filter(source_ref=story.source_ref).first()
    if found is None and story.source_name and story.published_at:
        found = _same_story_under_a_new_headline(candidates, story)
    return found


def _same_story_under_a_new_headline(candidates, story):
    """A re-sent page-text story whose headline was corrected: same file, day, section and lede.

    Page text carries no identifier, so its identity comes from the headline; a corrected
    headline must still find the story it corrects, and an unrelated story that happens to
    share a file name must not.
    """
    lede = split_blocks(clean_body_html(story.body_html))[:1]
    same_file = candidates.filter(
        source_format=story.format,
        source_name=story.source_name,
        published_at=story.published_at,
        section__slug=story.section,
    )
    return next((article for article in same_file if split_blocks(article.body)[:1] == lede), None)
