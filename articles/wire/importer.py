"""Upserting parsed stories into articles, idempotently, one transaction per story.

A story is found again by its source identity (``Article.source_ref``); content already
received (by hash, any version) is ``unchanged``, new content ``updated``, and an unknown
identity ``created``. ``store`` writes the story's content onto the article.
"""

import logging
from dataclasses import dataclass
from pathlib import Path

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from articles.body import split_blocks
from articles.models import Article, WireVersion
from articles.revisions import import_as_revision
from articles.sanitize import clean_body_html
from articles.search import batched

from .formats import parse_wire
from .store import check_fits, record_version, write_article
from .story import CANCELED, USABLE, WITHHELD, ParsedStory, WireError

logger = logging.getLogger(__name__)

CREATED, UPDATED, UNCHANGED, STALE, PENDING, FAILED = (
    "created",
    "updated",
    "unchanged",
    "stale",
    "pending",
    "failed",
)
STATUSES = (CREATED, UPDATED, UNCHANGED, STALE, PENDING, FAILED)


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

    def as_log(self):
        """The fields of the ``articles.import`` log line (duration added by the run)."""
        saved = self.article is not None and self.article.pk is not None
        return {
            "path": self.path,
            "format": self.format or None,
            "status": self.status,
            "article_id": self.article.pk if saved else None,
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


def import_file(path, *, format=None, publish=False, dry_run=False, force_update=False):
    """Parse and import one file: an outcome per story in it (most files hold one).

    Any failure is reported in an outcome, never raised; a file that cannot be read or parsed
    gives one failed outcome, and a story that fails leaves the file's other stories alone.
    """
    stories, failure = read_stories(path, format)
    if failure is not None:
        return [failure]
    outcomes = []
    for story in stories:
        outcome = ImportOutcome(str(path), FAILED, story.format)
        import_into(outcome, story, publish=publish, dry_run=dry_run, force_update=force_update)
        outcomes.append(outcome)
    return outcomes


def read_stories(path, format=None):
    """(stories, None) from a file, or ([], a failed outcome naming why it cannot be read)."""
    path = Path(path)
    try:
        data = path.read_bytes()
        return parse_wire(data, name=path.name, format=format), None
    except OSError as error:
        return [], ImportOutcome(str(path), FAILED, format or "", error=_reason(error))
    except Exception as error:
        return [], ImportOutcome(str(path), FAILED, format or "", error=_reason(error, path))


def import_into(outcome, story, **options):
    """Import one story by ``import_story``, its status, article or error set on ``outcome``."""
    try:
        outcome.status, outcome.article = import_story(story, **options)
    except Exception as error:
        outcome.status, outcome.error = FAILED, _reason(error, outcome.path)


def _reason(error, path=None):
    """One line saying why, for the wire desk; unexpected errors are logged in full."""
    if isinstance(error, WireError):
        return str(error)
    if isinstance(error, OSError):
        return f"cannot read file: {error.strerror or error}"
    if isinstance(error, DatabaseError):
        return f"database refused the story: {error}".splitlines()[0]
    logger.exception("unexpected failure importing %s", path)  # a parser bug: keep going
    return f"unexpected {type(error).__name__}: {error}".splitlines()[0]


def import_story(story, *, publish=False, dry_run=False, force_update=False):
    """Create or update the article for a parsed story; return (status, article).

    - Content already received for this article (any version) is ``unchanged``; an older or
      equal version number (or version time) is ``stale``; neither changes anything.
    - A kill (pubstatus canceled) withdraws the article and keeps its text for the record.
    - A newer version updates the article in place, unless an editor changed the story since
      the last wire version: then it is kept as a ``pending`` version and the story flagged,
      unless ``force_update``.
    - ``publish`` applies to new, usable stories only; withheld copy is always a flagged draft.
    """
    check_fits(story)
    for attempt in (1, 2):
        try:
            with transaction.atomic(), batched():
                status, article = import_as_revision(
                    _apply, story, publish=publish, force_update=force_update
                )
                if dry_run:
                    transaction.set_rollback(True)
                    if status == CREATED:
                        article.pk = None
                return status, article
        except IntegrityError:
            # Another importer created the same story between our look-up and our insert:
            # the second attempt finds it and carries on from there.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _apply(story, *, publish, force_update):
    article = _find_existing(story)
    if article is None:
        article = Article(source_ref=story.source_ref)
        if story.pubstatus == CANCELED:
            # The kill overtook the story: keep it as a withdrawn record, so the story's
            # older versions, when they arrive, are stale and nothing ever goes public.
            write_article(article, story)
            article.withdraw(
                reason=story.editor_note or f"Killed by {story.provider or 'the wire'}"
            )
            return CREATED, article
        if publish and story.pubstatus == USABLE:
            article.status = Article.Status.PUBLISHED
            article.published_at = story.published_at or timezone.now()
        flag_if_withheld(article, story)
        write_article(article, story)
        return CREATED, article

    if article.wire_versions.filter(content_hash=story.content_hash()).exists():
        return UNCHANGED, article
    if is_older_version(story, article):
        return STALE, article
    if story.pubstatus == CANCELED:
        record_version(article, story)
        article.source_version = story.source_version
        article.source_version_time = story.version_created
        article.desk_note = story.editor_note or article.desk_note
        article.withdraw(reason=story.editor_note or f"Killed by {story.provider or 'the wire'}")
        return UPDATED, article
    edited_here = article.wire_fingerprint != article.editorial_fingerprint()
    if edited_here and not force_update:
        record_version(article, story, state=WireVersion.State.PENDING)
        article.needs_attention = True
        article.save(update_fields=["needs_attention", "modified_at"])
        return PENDING, article
    article.updated_at = timezone.now()
    flag_if_withheld(article, story)
    write_article(article, story)
    return UPDATED, article


def apply_held_version(wire_version):
    """Apply a wire version that was held because the desk had edited the story.

    The editor has looked and chosen the wire's copy: it replaces the article's content,
    like a forced update, and the flag comes down.
    """
    story = ParsedStory.from_record(wire_version.story)
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=wire_version.article_id)
        article.updated_at = timezone.now()
        article.needs_attention = False
        write_article(article, story)
    return article


def flag_if_withheld(article, story):
    if story.pubstatus == WITHHELD:
        if article.status == Article.Status.PUBLISHED:
            article.status = Article.Status.DRAFT
        article.needs_attention = True


def is_older_version(story, article):
    """True when the story is not newer than what the article holds.

    Version numbers compare as numbers (Reuters' 978556838 then 1542761538); an equal number
    (dpa's REFILE of a lead) or no numbers fall back on version times; an equal number with no
    times is stale, and copy with neither numbers nor times (page text) counts as newer.
    """
    if story.source_ref != article.source_ref:
        return False  # found through `replaces`: another document's numbering
    incoming, current = story.source_version, article.source_version
    later_in_time = None
    if story.version_created and article.source_version_time:
        later_in_time = story.version_created > article.source_version_time
    if incoming.isdigit() and current.isdigit() and int(incoming) != int(current):
        return int(incoming) < int(current)
    if later_in_time is not None:
        # Same number (a refile of the same lead) or no numbers: the later copy wins.
        return not later_in_time
    return incoming.isdigit() and current.isdigit()


def _find_existing(story):
    candidates = Article.objects.select_for_update()
    identities = [story.source_ref, *story.replaces]
    found = candidates.filter(source_ref__in=identities).first()
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
