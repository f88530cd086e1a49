"""An article's tags read in the article's own row, as one JSON column, instead of a prefetch.

The article page needs the article, its credits, photos, corrections, related stories and tags,
and the navigation: seven queries with a prefetch for tags, one over its budget of six. Tags are
small (id, name, slug), so a correlated subquery aggregates them into a JSON array on the
article's row (``json_group_array`` on SQLite, ``jsonb_agg`` on PostgreSQL), and they are handed
to ``article.tags.all()`` as if prefetched: callers see no difference.
"""

from django.db.models import Aggregate, JSONField, OuterRef, Subquery
from django.db.models.functions import JSONArray
from django.db.models.query import ModelIterable
from taggit.models import Tag, TaggedItem


class JSONList(Aggregate):
    """The aggregated values as one JSON array."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


class TagListIterable(ModelIterable):
    """Articles whose ``tag_list`` column becomes the prefetched ``tags`` of each."""

    def __iter__(self):
        for article in super().__iter__():
            rows = article.__dict__.pop("tag_list", None) or []
            tags = sorted((Tag(pk=pk, name=name, slug=slug) for pk, name, slug in rows), key=_name)
            for tag in tags:
                tag._state.adding, tag._state.db = False, article._state.db
            # A clone of it (say ``.order_by()``) asks the database again, for the same tags.
            prefetched = Tag.objects.using(article._state.db).filter(pk__in=[t.pk for t in tags])
            # What Django's prefetch_related leaves behind: a queryset holding its results.
            prefetched._result_cache, prefetched._prefetch_done = tags, True
            article.__dict__.setdefault("_prefetched_objects_cache", {})["tags"] = prefetched
            yield article


def _name(tag):
    return (tag.name.lower(), tag.pk)


def with_tag_list(queryset):
    """``queryset`` with each article's tags on its row, ready in ``article.tags.all()``."""
    items = (
        TaggedItem.objects.filter(
            object_id=OuterRef("pk"),
            content_type__app_label=queryset.model._meta.app_label,
            content_type__model=queryset.model._meta.model_name,
        )
        .order_by()
        .values("object_id")
        .annotate(rows=JSONList(JSONArray("tag_id", "tag__name", "tag__slug")))
        .values("rows")
    )
    annotated = queryset.annotate(tag_list=Subquery(items, output_field=JSONField()))
    annotated._iterable_class = TagListIterable
    return annotated
