"""What an article page shows besides the story's own row, read in that row as JSON columns.

An article page needs the story and its section, credits (with their authors and agencies),
photos, corrections, related stories (with the stories they link to) and tags. With a prefetch
for each that was six queries, each built and compiled by the ORM on every page: about 9 ms of
Python against 0.2 ms of database work. Here each list is a correlated subquery aggregated into
one JSON array on the story's row (``json_group_array`` on SQLite, ``jsonb_agg`` on PostgreSQL),
like its tags (articles/models/tag_list.py), and the arrays become model instances handed to
the story as if prefetched: ``article.credits.all()`` and the rest read nothing more.

The instances carry the fields pages, feeds and ninjs use; any other field of an author, agency
or linked story would load on access, as a deferred field does.
"""

import json
from datetime import UTC

from django.db.models import Exists, JSONField, OuterRef, Subquery
from django.db.models.functions import JSONArray
from django.db.models.query import ModelIterable
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles.models.tag_list import JSONList, attach_tags, loaded, prefetched, tag_rows

# The JSON row of each part, in order; the instances are built from the same names.
CREDIT_ROW = ("id", "position", "author_id", "author__name", "author__slug", "agency_id",
              "agency__name", "agency__code", "agency__slug", "agency__url")  # fmt: skip
PHOTO_ROW = ("id", "position", "image", "image_width", "image_height", "renditions",
             "rendition_source", "caption", "credit", "alt_text", "body_position")  # fmt: skip
CORRECTION_ROW = ("id", "noted_at", "text")
RELATED_ROW = ("id", "position", "headline", "source_ref", "url", "target_id",
               "target__headline", "target__slug", "target__section_id",
               "target__section__slug", "target_is_public")  # fmt: skip
PART_COLUMNS = ("credit_rows", "photo_rows", "correction_rows", "related_rows")


def _rows_of(model, fields, queryset=None):
    """The article's rows of ``model`` as one JSON array of arrays (NULL when it has none)."""
    rows = (queryset if queryset is not None else model.objects.all()).filter(
        article_id=OuterRef("pk")
    )
    aggregated = rows.order_by().values("article_id").annotate(rows=JSONList(JSONArray(*fields)))
    return Subquery(aggregated.values("rows"), output_field=JSONField())


def with_story_parts(queryset, at=None):
    """``queryset`` (of articles, with ``section`` joined) carrying every part of the page.

    ``at`` is the moment a linked story must be public by to be linked (now by default).
    """
    from articles.models import Article, Correction, Credit, ImageCaption, RelatedStory

    public_target = Article.objects.published(at).filter(pk=OuterRef("target_id"))
    related = RelatedStory.objects.annotate(target_is_public=Exists(public_target))
    annotated = queryset.annotate(
        tag_list=tag_rows(queryset.model),
        credit_rows=_rows_of(Credit, CREDIT_ROW),
        photo_rows=_rows_of(ImageCaption, PHOTO_ROW),
        correction_rows=_rows_of(Correction, CORRECTION_ROW),
        related_rows=_rows_of(RelatedStory, RELATED_ROW, related),
    )
    annotated._iterable_class = StoryPartsIterable
    return annotated


class StoryPartsIterable(ModelIterable):
    """Articles whose JSON columns become their prefetched parts."""

    def __iter__(self):
        for article in super().__iter__():
            yield attach_parts(article)


def attach_parts(article):
    """Turn the story's JSON columns into its prefetched credits, photos, corrections,
    related stories and tags."""
    from articles.models import Correction, Credit, ImageCaption, RelatedStory

    db = article._state.db
    columns = {name: article.__dict__.pop(name, None) or [] for name in PART_COLUMNS}
    credits = sorted((_credit(db, article, row) for row in columns["credit_rows"]), key=_place)
    photos = sorted((_photo(db, article, row) for row in columns["photo_rows"]), key=_place)
    corrections = sorted(
        (_correction(db, article, row) for row in columns["correction_rows"]),
        key=lambda correction: (correction.noted_at, correction.pk),
    )
    related = sorted((_related(db, article, row) for row in columns["related_rows"]), key=_place)
    cache = article.__dict__.setdefault("_prefetched_objects_cache", {})
    for name, model, objects in (
        ("credits", Credit, credits),
        ("photos", ImageCaption, photos),
        ("corrections", Correction, corrections),
        ("related_stories", RelatedStory, related),
    ):
        cache[name] = prefetched(model, db, objects, article_id=article.pk)
    attach_tags(article)
    return article


def _place(row):
    return (row.position, row.pk)


def _join(instance, name, related):
    """Set ``instance.<name>`` (a foreign key whose id it holds) to ``related`` as a join
    would: into the field's cache, with none of the checks an assignment makes."""
    instance._meta.get_field(name).set_cached_value(instance, related)


def _credit(db, article, row):
    from articles.models import Agency, Author, Credit

    pk, position, author_id, author_name, author_slug = row[:5]
    agency_id, agency_name, agency_code, agency_slug, agency_url = row[5:]
    credit = loaded(
        Credit,
        db,
        {"id": pk, "article_id": article.pk, "position": position, "author_id": author_id,
         "agency_id": agency_id},
    )  # fmt: skip
    _join(credit, "article", article)
    author = None
    if author_id is not None:
        author = loaded(Author, db, {"id": author_id, "name": author_name, "slug": author_slug})
    _join(credit, "author", author)
    agency = None
    if agency_id is not None:
        agency = loaded(
            Agency,
            db,
            {"id": agency_id, "name": agency_name, "code": agency_code, "slug": agency_slug,
             "url": agency_url},
        )  # fmt: skip
    _join(credit, "agency", agency)
    return credit


def _photo(db, article, row):
    from articles.models import ImageCaption

    values = dict(zip(PHOTO_ROW, row, strict=True))
    if isinstance(values["renditions"], str):  # SQLite nests a JSON column as its text
        values["renditions"] = json.loads(values["renditions"])
    photo = loaded(ImageCaption, db, {"article_id": article.pk, **values})
    _join(photo, "article", article)
    return photo


def _correction(db, article, row):
    from articles.models import Correction

    pk, noted_at, text = row
    correction = loaded(
        Correction, db, {"id": pk, "article_id": article.pk, "noted_at": _datetime(noted_at),
                         "text": text}
    )  # fmt: skip
    _join(correction, "article", article)
    return correction


def _related(db, article, row):
    from articles.models import Article, RelatedStory, Section

    values = dict(zip(RELATED_ROW, row, strict=True))
    related = loaded(
        RelatedStory,
        db,
        {"id": values["id"], "article_id": article.pk, "position": values["position"],
         "target_id": values["target_id"], "headline": values["headline"],
         "source_ref": values["source_ref"], "url": values["url"]},
    )  # fmt: skip
    _join(related, "article", article)
    related.target_is_public = bool(values["target_is_public"])
    if values["target_id"] is not None:
        target = loaded(
            Article,
            db,
            {"id": values["target_id"], "headline": values["target__headline"],
             "slug": values["target__slug"], "section_id": values["target__section_id"]},
        )  # fmt: skip
        section = {"id": values["target__section_id"], "slug": values["target__section__slug"]}
        _join(target, "section", loaded(Section, db, section))
        _join(related, "target", target)
    return related


def _datetime(value):
    """A timestamp as JSON gives it: ISO with an offset (PostgreSQL), or naive UTC (SQLite)."""
    if value is None:
        return None
    moment = parse_datetime(value)
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)
