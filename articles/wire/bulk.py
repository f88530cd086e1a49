"""Importing a batch of files at once: new stories in bulk, everything else story by story.

Most of a large import is stories never seen before. For those, the batch's sections, bylines
and tags are resolved once, and every row (articles, credits, photos, related stories, tag
links, corrections, wire versions, search entries, one revision per story) goes in by bulk
inserts in one transaction: a few dozen queries for the batch, and a search-index write or
two a story, where the per-story path costs some fifty queries a story. The rows are the
ones the per-story path (``importer.import_story``) writes; where two stories of one batch
name each other, the links come out as that path would make them in file order.

Whatever is not plainly new goes through ``import_story``, one transaction a story: updates,
kills, stories that replace others, page text (known by its headline, which a corrected copy
changes), a story sharing its file name, day and section with another (the per-story path
may take it for a re-sent copy), and a second copy of one identity in the batch. So does every
story of a batch whose bulk transaction fails (a story the database refuses, or another
importer that created one of the stories first): each story stays all-or-nothing, and one bad
story never stops the others.
"""

import logging

from django.db import DatabaseError, transaction
from django.utils import timezone

from articles import freshness
from articles.models import (
    Article,
    Correction,
    Credit,
    ImageCaption,
    RelatedStory,
    WireVersion,
)
from articles.models.taxonomy import RESERVED_SECTION_SLUGS
from articles.search import index_articles

from .bulk_rows import (
    BatchResolver,
    import_revisions,
    link_related_stories,
    tag_links,
)
from .importer import (
    CREATED,
    FAILED,
    ImportOutcome,
    flag_if_withheld,
    import_into,
    read_stories,
)
from .store import check_fits, credit_rows, fill_article, photo_rows, related_rows
from .story import CANCELED, USABLE, WireError

logger = logging.getLogger(__name__)

PAGE_TEXT = "page-text"


def import_files(paths, *, format=None, publish=False, dry_run=False, force_update=False):
    """Import a batch of files; a list of outcomes per file, in the order of ``paths``.

    Like ``importer.import_file`` for each file, with the same outcomes and rows, but the
    batch's new stories go in together, for a few dozen queries in all.
    """
    options = {"publish": publish, "dry_run": dry_run, "force_update": force_update}
    per_file, jobs = [], []
    for path in paths:
        stories, failure = read_stories(path, format)
        outcomes = [failure] if failure is not None else []
        for story in stories:
            outcome = ImportOutcome(str(path), FAILED, story.format)
            outcomes.append(outcome)
            jobs.append((outcome, story))
        per_file.append(outcomes)
    new, others = ([], jobs) if dry_run else plainly_new(jobs)
    if new:
        try:
            write_new_stories(new, publish=publish)
        except DatabaseError as error:
            logger.warning("%d new stories not imported together (%s); one by one", len(new), error)
            others = jobs  # nothing of the batch was kept: every story goes one by one
        except Exception:
            logger.exception("%d new stories not imported together; one by one", len(new))
            others = jobs
    for outcome, story in others:
        import_into(outcome, story, **options)
    return per_file


def plainly_new(jobs):
    """Split (outcome, story) jobs into stories that are plainly new, and the others, in order."""
    stories = [story for _, story in jobs]
    known = set(
        Article.objects.filter(source_ref__in={s.source_ref for s in stories}).values_list(
            "source_ref", flat=True
        )
    )
    same_file = set(
        Article.objects.filter(source_name__in={s.source_name for s in stories}).values_list(
            "source_format", "source_name", "published_at", "section__slug"
        )
    )
    new, others = [], []
    for job in jobs:
        story = job[1]
        file_key = _file_key(story)
        is_new = (
            _may_go_in_bulk(story)
            and story.source_ref not in known
            and (file_key is None or file_key not in same_file)
        )
        (new if is_new else others).append(job)
        # Whatever comes later in the batch with this identity or file is not plainly new.
        known.update([story.source_ref, *story.replaces])
        if file_key is not None:
            same_file.add(file_key)
    return new, others


def _file_key(story):
    """What the per-story path compares to find a re-sent story under a new headline."""
    if story.source_name and story.published_at:
        return (story.format, story.source_name, story.published_at, story.section)
    return None


def _may_go_in_bulk(story):
    if story.format == PAGE_TEXT or story.pubstatus == CANCELED or story.replaces:
        return False
    if not story.source_ref or story.section in RESERVED_SECTION_SLUGS:
        return False
    try:
        check_fits(story)
    except WireError:
        return False  # the per-story path reports it
    return True


def write_new_stories(jobs, *, publish):
    """Create the articles of new stories and all their rows, in one transaction."""
    resolver = BatchResolver()
    with transaction.atomic():
        resolver.prime([story for _, story in jobs])
        stories = [story for _, story in jobs]
        records = [story.record_and_hash() for story in stories]
        articles = [
            _new_article(story, resolver, publish, content_hash)
            for story, (_, content_hash) in zip(stories, records, strict=True)
        ]
        created = Article.objects.bulk_create(articles)
        if any(article.pk is None for article in created):
            raise DatabaseError("this database does not return the ids of bulk inserts")
        pairs = list(zip(articles, stories, strict=True))
        RelatedStory.objects.bulk_create(
            link_related_stories([(a, related_rows(a, s)) for a, s in pairs])
        )
        Credit.objects.bulk_create(
            row for a, s in pairs for row in credit_rows(a, s, resolver.credited)
        )
        ImageCaption.objects.bulk_create(row for a, s in pairs for row in photo_rows(a, s))
        Correction.objects.bulk_create(
            Correction(article=a, text=s.correction_note) for a, s in pairs if s.correction_note
        )
        tag_links(pairs, resolver)
        WireVersion.objects.bulk_create(
            WireVersion(
                article=a,
                content_hash=a.content_hash,
                state=WireVersion.State.APPLIED,
                source_version=s.source_version,
                version_created=s.version_created,
                source_name=s.source_name,
                story=record,
            )
            for (a, s), (record, _) in zip(pairs, records, strict=True)
        )
        ids = [article.pk for article in articles]
        index_articles(Article.objects.filter(pk__in=ids))
        import_revisions(pairs, status=CREATED)
        freshness.stories_changed(ids)  # bulk inserts send no signals
    for (outcome, _), article in zip(jobs, articles, strict=True):
        outcome.status, outcome.article = CREATED, article


def _new_article(story, resolver, publish, content_hash):
    """An unsaved article as ``importer._apply`` and ``store.write_article`` make a new one."""
    article = Article(source_ref=story.source_ref)
    if publish and story.pubstatus == USABLE:
        article.status = Article.Status.PUBLISHED
        article.published_at = story.published_at or timezone.now()
    flag_if_withheld(article, story)
    fill_article(article, story, resolver.section(story), content_hash)
    article.normalise()
    article.wire_fingerprint = article.editorial_fingerprint()
    return article
