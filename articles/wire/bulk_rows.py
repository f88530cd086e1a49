"""The rows of a batch of new stories that need more than a bulk insert (articles/wire/bulk.py).

Each function here writes what the per-story path gets from model saves and signals, for a
whole batch in a few queries: names resolved once a batch, related stories linked as the
stories' saves one after another would link them, tag links as taggit's ``add`` makes them, and
one reversion revision per story holding the story whole (see articles/revisions.py).
"""

import json
from collections import defaultdict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.encoding import force_str
from reversion.models import Revision, Version
from reversion.revisions import _get_options
from taggit.models import Tag, TaggedItem

from articles.models import (
    Agency,
    Article,
    Author,
    Correction,
    Credit,
    ImageCaption,
    RelatedStory,
)
from articles.revisions import import_comment

from .store import resolve_credit, section_for


class BatchResolver:
    """Sections, people, agencies and tags of one batch, each looked up (or made) once.

    ``prime`` reads the names of the whole batch in three queries; a name it cannot settle
    for certain (none, or several, found; letters outside ASCII, which SQLite and PostgreSQL
    compare case-insensitively in different ways) is looked up the per-story way. Lives for
    one transaction: what it made is gone if that transaction rolls back.
    """

    def __init__(self):
        self._sections, self._credited, self._tags = {}, {}, {}
        self._known_names = _NameIndex()

    def prime(self, stories):
        names = {c.name for story in stories for c in story.credits if c.name.isascii()}
        tags = {name for story in stories for name in story.tags if name.isascii()}
        found = self._known_names
        for agency in _named(Agency.objects, ("code", "name"), names):
            found.add("agency", agency, agency.code, agency.name)
        for author in _named(Author.objects, ("name",), names):
            found.add("author", author, author.name)
        for tag in _named(Tag.objects, ("name",), tags):
            found.add("tag", tag, tag.name)

    def section(self, story):
        slug = story.section or settings.NEWSDESK_WIRE_SECTION
        if slug not in self._sections:
            self._sections[slug] = section_for(story)
        return self._sections[slug]

    def credited(self, name, kind):
        """``store.resolve_credit``: an agency by code or name, else by kind, else an author."""
        key = (name, kind)
        if key not in self._credited:
            agency = self._known_names.only("agency", name)
            author = self._known_names.only("author", name)
            if agency is not None:
                found = agency
            elif (
                kind != "agency"
                and author is not None
                and not self._known_names.any("agency", name)
            ):
                found = author
            else:
                found = resolve_credit(name, kind)
            if isinstance(found, Agency):
                # From now on this name is the agency's, whatever kind the copy says it is.
                for other in [k for k in self._credited if k[0].casefold() == name.casefold()]:
                    del self._credited[other]
                self._known_names.add("agency", found, found.code, found.name)
            else:
                self._known_names.add("author", found, found.name)
            self._credited[key] = found
        return self._credited[key]

    def tags(self, article, names):
        """The story's tags, found or made by taggit itself (case-insensitively), in order."""
        for name in names:
            if name not in self._tags:
                known = self._known_names.only("tag", name)
                if known is None:
                    [known] = article.tags._to_tag_model_instances([name], {})
                self._tags[name] = known
        return list(dict.fromkeys(self._tags[name] for name in names))


class _NameIndex:
    """Rows found by ``prime``, by kind and lower-case ASCII name."""

    def __init__(self):
        self.rows = defaultdict(list)
        self.unsure = set()  # kinds with a row whose name is not ASCII

    def add(self, kind, row, *names):
        for name in set(names):
            if not name.isascii():
                self.unsure.add(kind)
            self.rows[kind, name.lower()].append(row)

    def any(self, kind, name):
        return kind in self.unsure or bool(self.rows.get((kind, name.lower())))

    def only(self, kind, name):
        """The one row of this kind the database would find for this name, else None."""
        if kind in self.unsure or not name.isascii():
            return None
        rows = list(dict.fromkeys(self.rows.get((kind, name.lower()), [])))
        return rows[0] if len(rows) == 1 else None


def _named(rows, fields, names):
    """Rows whose ``fields`` equal one of ``names`` (ASCII), case ignored, in one query.

    ``iexact`` is ``UPPER(field) = UPPER(name)`` on PostgreSQL and an ASCII-case-insensitive
    LIKE on SQLite; for ASCII names both are ``UPPER(field) IN (…)``, one lookup for all names
    where a chain of ``iexact`` would cost one each to build.
    """
    upper = {name.upper() for name in names}
    if not upper:
        return rows.none()
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}_upper__in": upper})
    return rows.alias(**{f"{field}_upper": Upper(field) for field in fields}).filter(condition)


def tag_links(pairs, resolver):
    """Tag links of each (article, story): taggit's ``add`` would make one per distinct tag."""
    article_type = ContentType.objects.get_for_model(Article)
    TaggedItem.objects.bulk_create(
        TaggedItem(content_type=article_type, object_id=article.pk, tag=tag)
        for article, story in pairs
        for tag in resolver.tags(article, story.tags)
    )


def link_related_stories(stories):
    """Targets for related-story rows, as saving the stories one after another would set them.

    ``stories``: (article, its unsaved RelatedStory rows) in import order, the articles already
    inserted. A story's save gives its article to earlier rows still waiting for that headline
    or identity (``Article.link_waiting_related_stories``: rows already in the database and
    rows of earlier stories of the batch); each of its own rows then points at the newest
    article, other than its own, that existed by then (``RelatedStory.find_target``). Rows
    already in the database that get a target are updated here; returns the new rows.
    """
    new_rows = [row for _, rows in stories for row in rows]
    articles = [article for article, _ in stories]
    keys = {row.headline_key for row in new_rows if row.headline_key}
    refs = {row.source_ref for row in new_rows if row.source_ref}
    candidates = _Index()
    if keys or refs:
        named = Article.objects.filter(Q(source_ref__in=refs) | Q(headline_key__in=keys))
        for found in named.only("published_at", "headline_key", "source_ref"):
            candidates.add(found, found.headline_key, found.source_ref)
    waiting = _Index()
    stored_waiting = RelatedStory.objects.filter(
        Q(headline_key__in={a.headline_key for a in articles})
        | Q(source_ref__in={a.source_ref for a in articles if a.source_ref}),
        target__isnull=True,
    ).order_by("pk")
    for row in stored_waiting:
        waiting.add(row, row.headline_key, row.source_ref)
    linked = []
    for article, rows in stories:
        for row in waiting.named(article.headline_key, article.source_ref):
            if row.target_id is None and row.article_id != article.pk:
                row.target = article
                if row.pk is not None:
                    linked.append(row)
        for row in rows:
            found = candidates.named(row.headline_key, row.source_ref)
            if found:
                row.target = max(found, key=_newest_first)
            waiting.add(row, row.headline_key, row.source_ref)
        candidates.add(article, article.headline_key, article.source_ref)
    RelatedStory.objects.bulk_update(linked, ["target"])
    return new_rows


class _Index:
    """Objects by headline key and by source identity (empty ones never match)."""

    def __init__(self):
        self.by_key, self.by_ref = defaultdict(list), defaultdict(list)

    def add(self, item, key, ref):
        self.by_key[key].append(item)
        if ref:
            self.by_ref[ref].append(item)

    def named(self, key, ref):
        found = self.by_ref.get(ref, []) if ref else []
        found += [item for item in self.by_key.get(key, []) if item not in found]
        return found


def _newest_first(article):
    """``order_by("-published_at", "-pk")`` as a max() key: a story with no time comes last on
    SQLite and first on PostgreSQL, which holds NULL larger than any value."""
    if article.published_at is None:
        return (1 if connection.features.nulls_order_largest else -1,), article.pk
    return (0, article.published_at), article.pk


def import_revisions(pairs, *, status):
    """One revision per imported (article, story), holding the story as reversion would: the
    article and its credits, photos, related stories, corrections and tag links, as stored."""
    now = timezone.now()
    revisions = Revision.objects.bulk_create(
        Revision(date_created=now, user=None, comment=import_comment(story, status))
        for _, story in pairs
    )
    ids = [article.pk for article, _ in pairs]
    stored = Article.objects.in_bulk(ids)
    parts = defaultdict(list)
    for rows in [
        Credit.objects.filter(article_id__in=ids).select_related("author", "agency"),
        ImageCaption.objects.filter(article_id__in=ids),
        RelatedStory.objects.filter(article_id__in=ids),
        Correction.objects.filter(article_id__in=ids),
    ]:
        for row in rows:
            parts[row.article_id].append(row)
    article_type = ContentType.objects.get_for_model(Article)
    links = TaggedItem.objects.filter(content_type=article_type, object_id__in=ids)
    for link in links.select_related("tag").order_by("pk"):
        link.content_object = stored[link.object_id]  # its label names the article
        parts[link.object_id].append(link)
    rows = [
        (revision, row)
        for revision, pk in zip(revisions, ids, strict=True)
        for row in [stored[pk], *parts[pk]]
    ]
    serialized = _serialized([row for _, row in rows])
    Version.objects.bulk_create(
        _version(row, revision, data)
        for (revision, row), data in zip(rows, serialized, strict=True)
    )


def _serialized(objects):
    """Each object's ``serialized_data`` as reversion's ``add_to_revision`` would store it:
    ``serializers.serialize(format, [obj], fields=…)``.

    For JSON, the one format registered here, the same text is made faster: the Python
    serializer's dict, then ``json.dumps`` (as Django's JSON serializer writes one object, but
    by the C encoder rather than ``json.dump``'s pure-Python one).
    """
    python = serializers.get_serializer("python")
    texts = []
    for obj in objects:
        options = _get_options(type(obj))
        kwargs = {
            "fields": options.fields,
            "use_natural_foreign_keys": options.use_natural_foreign_keys,
        }
        if options.format == "json":
            [data] = python().serialize([obj], **kwargs)
            texts.append(f"[{json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)}]")
        else:
            texts.append(serializers.serialize(options.format, [obj], **kwargs))
    return texts


def _version(obj, revision, serialized_data):
    """A Version row as reversion's ``add_to_revision`` makes one."""
    model = type(obj)
    options = _get_options(model)
    return Version(
        revision=revision,
        content_type=ContentType.objects.get_for_model(
            model, for_concrete_model=options.for_concrete_model
        ),
        object_id=force_str(getattr(obj, options.object_id_field)),
        db=obj._state.db,
        format=options.format,
        serialized_data=serialized_data,
        object_repr=force_str(obj),
    )
