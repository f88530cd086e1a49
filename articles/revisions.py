"""Story history: a revision for every save, readable diffs between two, and restoring one.

django-reversion keeps each revision as a snapshot of the article *and* the rows that make up
the story (byline credits, photos, related stories, corrections, tag links), so one revision is
the whole story as it stood: a diff can compare captions, and a restore brings the photos back.

Importing this module registers the models; ``articles.apps`` imports it at start-up, and the
admin mixin imports it before the article admin is built (reversion's admin would otherwise
register the article on its own, following every inline, the wire versions included).
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.formats import date_format
from reversion.models import Version
from taggit.models import TaggedItem

from articles import renditions
from articles.models import Article, Correction, Credit, ImageCaption, RelatedStory, Section
from articles.revision_diff import diff_stories
from articles.search import batched
from articles.workflow import WORKFLOW_FIELDS

# The rows reversion follows from an article. Its tag links are part of the story too but are
# put in by add_story_to_revision instead: following them would cost two queries a tag (each
# link's label names its tag and article).
FOLLOWED_PARTS = ("credits", "photos", "related_stories", "corrections")

# What a restore leaves as it is. The publishing state moves only by its transitions
# (articles/workflow.py: a restore must never bring a killed story back or take a live one
# down), the desk's flag, note and the story's owner are the desk's, and the wire's bookkeeping
# records what the wire has sent, which no restore undoes.
KEPT_ON_RESTORE = WORKFLOW_FIELDS | {
    "source_format",
    "source_ref",
    "source_name",
    "source_version",
    "source_version_time",
    "content_hash",
    "wire_fingerprint",
}

# The search vector belongs to the index; tags are kept through their links (TaggedItem).
reversion.register(Article, exclude=("search_vector", "tags"), follow=FOLLOWED_PARTS)
for part_model in (Credit, ImageCaption, RelatedStory, Correction, TaggedItem):
    reversion.register(part_model)


def story_parts(article):
    """Querysets of the story's rows, read from the database, never from a stale prefetch."""
    return [
        Credit.objects.filter(article=article).select_related("author", "agency"),
        ImageCaption.objects.filter(article=article),
        RelatedStory.objects.filter(article=article),
        Correction.objects.filter(article=article),
        tag_links(article),
    ]


def tag_links(article):
    links = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Article), object_id=article.pk
    )
    return links.select_related("tag")


def add_story_to_revision(article, *, followed_afresh=False):
    """Put the story as it stands now into the open revision: the article and all its rows.

    Rows reversion followed from the article are put in again (they may have been followed
    before they were written), unless ``followed_afresh``: in a manual revision that held
    nothing of the story, the follow has just read them from the database.
    """
    reversion.add_to_revision(article)
    for rows in [tag_links(article)] if followed_afresh else story_parts(article):
        for row in rows:
            if isinstance(row, TaggedItem):
                row.content_object = article  # the link's label names it: no query for that
            reversion.add_to_revision(row)


_saved_stories = ContextVar("saved_stories", default=None)


@receiver(post_save, sender=Article, dispatch_uid="revisions_story_saved")
def _story_saved(sender, instance, **kwargs):
    saved = _saved_stories.get()
    if saved is not None:
        saved.add(instance.pk)


@contextmanager
def whole_stories(*, manual=False):
    """Inside an open revision: every story saved in the block goes into it whole, as it stands
    when the block ends.

    Reversion snapshots an article's followed rows when the article itself is saved, but the
    admin's inlines, the wire store (by bulk_create, which sends no signal) and the held-version
    action write those rows afterwards: without this a revision could miss the photos it had.
    ``manual``: the revision was opened with ``manage_manually=True``, so it holds nothing of
    the story yet and following the article's relations reads every row afresh; otherwise the
    rows reversion followed at the article's save may be stale and each is put in again.
    """
    saved = set()
    token = _saved_stories.set(saved)
    try:
        yield
        for article in Article.objects.filter(pk__in=saved):
            add_story_to_revision(article, followed_afresh=manual)
    finally:
        _saved_stories.reset(token)


def import_as_revision(apply, story, **options):
    """Run one story's import (``apply(story, **options)``) inside a revision of its own.

    Runs inside the importer's transaction (a dry run rolls the revision back with the rest).
    Copy already received, or older than the article's, saves nothing and so makes no revision.
    The story is put in once, when the import is done, not at each of its saves (a manual
    revision): that keeps the cost to a few queries a story.
    """
    with (
        reversion.create_revision(manage_manually=True, atomic=False),
        whole_stories(manual=True),
    ):
        status, article = apply(story, **options)
        reversion.set_comment(import_comment(story, status))
    return status, article


def import_comment(story, status):
    """What a wire import's revision says: file (or identity), version and outcome."""
    version = f" version {story.source_version}" if story.source_version else ""
    source = story.source_name or story.source_ref or "the wire"
    return f"Imported from wire: {source}{version} ({status})"


def story_versions(article):
    """The article's versions, newest first, each with its revision and author."""
    return (
        Version.objects.get_for_object(article)
        .select_related("revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def revision_label(version):
    when = date_format(timezone.localtime(version.revision.date_created), "DATETIME_FORMAT")
    user = version.revision.user
    return f"{when} by {user.get_username()}" if user else f"{when} (wire import)"


# Restoring ------------------------------------------------------------------------------------


def restore_revision(version, user):
    """Bring the story back to ``version``: text, section, byline, photos, related stories,
    corrections and tags as they stood. Returns the article.

    Only this story's rows are touched (a revision made by a bulk action holds other stories
    too); the publishing state and wire bookkeeping stay as they are (KEPT_ON_RESTORE), and a
    live story whose text changes gets a new "Updated" time. The restore is itself a new
    revision by ``user``, so it can be undone the same way.
    """
    snapshot = StorySnapshot.from_version(version)
    with (
        transaction.atomic(using=version.db),
        batched(),
        reversion.create_revision(manage_manually=True, atomic=False),
        whole_stories(manual=True),
    ):
        article = Article.objects.select_for_update().get(pk=snapshot.article_id)
        was_live = Article.objects.published().filter(pk=article.pk).exists()
        text_before, section_before = article.editorial_fingerprint(), article.section_id
        photos_before = {photo.pk: photo for photo in article.photos.all()}
        parts = story_parts(article)
        for rows in parts:
            rows.exclude(pk__in=snapshot.part_ids(rows.model)).delete()
        for part_version in snapshot.part_versions:
            part_version.revert()
        _drop_dangling_links(parts)
        _renew_renditions(snapshot.part_ids(ImageCaption), photos_before)
        for name, value in snapshot.fields.items():
            if name not in KEPT_ON_RESTORE and name != "id":
                setattr(article, name, value)
        if not Section.objects.filter(pk=article.section_id).exists():
            article.section_id = section_before  # the section has been deleted since
        if was_live and article.editorial_fingerprint() != text_before:
            article.updated_at = timezone.now()
        article.save()
        reversion.set_user(user)
        reversion.set_comment(f"Restored the revision of {revision_label(version)}")
    return article


def _renew_renditions(restored_ids, photos_before):
    """Renditions are files that the photo rows only name. A photo whose image the restore
    replaces gives up its current ones; a restored photo whose files were removed since (it
    was deleted, or its image replaced) gets them made again from its original, which is kept.
    """
    for photo in ImageCaption.objects.filter(pk__in=restored_ids):
        before = photos_before.get(photo.pk)
        if before is not None and before.image.name != photo.image.name:
            renditions.discard(before)
        storage = photo.image.storage
        if photo.image and not all(storage.exists(entry["name"]) for entry in photo.renditions):
            photo.rendition_source = ""  # makes refresh() write them again
            renditions.refresh(photo)


def _drop_dangling_links(parts):
    """Rows restored from a snapshot may name an author, tag or story deleted since: the link
    is cleared where it may be empty, else the row goes, as a delete of the target would do."""
    for rows in parts:
        for field in rows.model._meta.concrete_fields:
            if not field.is_relation or field.name in ("article", "content_type"):
                continue
            targets = field.related_model._base_manager.values("pk")
            dangling = rows.filter(**{f"{field.name}__isnull": False}).exclude(
                **{f"{field.attname}__in": targets}
            )
            if field.remote_field.on_delete is models.SET_NULL:
                dangling.update(**{field.name: None})
            else:
                dangling.delete()


# Snapshots and diffs --------------------------------------------------------------------------


@dataclass
class StorySnapshot:
    """One story as a revision holds it (or as it is now): article fields and its rows."""

    article_id: int
    fields: dict
    parts: dict  # model -> list of field dicts, in the model's order
    part_versions: list

    @classmethod
    def from_version(cls, version):
        article_id = int(version.object_id)
        tagged_type = ContentType.objects.get_for_model(Article).pk
        parts, part_versions = {}, []
        for part_version in version.revision.version_set.exclude(pk=version.pk):
            model = ContentType.objects.get_for_id(part_version.content_type_id).model_class()
            data = part_version.field_dict
            owned = data.get("article_id") == article_id or (
                model is TaggedItem
                and (data["content_type_id"], data["object_id"]) == (tagged_type, article_id)
            )
            if owned:
                parts.setdefault(model, []).append(data)
                part_versions.append(part_version)
        for model, rows in parts.items():
            rows.sort(key=lambda row: [row.get(name) for name in _order_of(model)])
        return cls(article_id, version.field_dict, parts, part_versions)

    @classmethod
    def from_article(cls, article):
        fields = {f.attname: getattr(article, f.attname) for f in _diffed_fields()}
        parts = {
            rows.model: [
                {f.attname: getattr(row, f.attname) for f in rows.model._meta.concrete_fields}
                for row in rows.order_by(*_order_of(rows.model))
            ]
            for rows in story_parts(article)
        }
        return cls(article.pk, fields, parts, [])

    def part_ids(self, model):
        return [row["id"] for row in self.parts.get(model, [])]

    def rows(self, model):
        return self.parts.get(model, [])


def _diffed_fields():
    return [Article._meta.get_field(name) for name in ("headline", "summary", "highlights", "body")]


def _order_of(model):
    """The model's ordering as field-dict keys (snapshots hold attnames, not ``pk``)."""
    return ["id" if name == "pk" else name.lstrip("-") for name in model._meta.ordering] or ["id"]


def diff_revisions(old_version, new_version):
    """Per-field readable diffs between two revisions of a story, from old to new.

    A list of ``revision_diff.FieldDiff`` (headline, summary, key points, body, photos, byline,
    tags, corrections), each a list of blocks marked same, added, removed or changed word by word.
    """
    return diff_stories(
        StorySnapshot.from_version(old_version), StorySnapshot.from_version(new_version)
    )
