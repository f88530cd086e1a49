"""Full-text search: one weighted document per article, indexed by each database its own way.

PostgreSQL keeps the document as a weighted tsvector in ``Article.search_vector`` (GIN-indexed);
SQLite keeps the same three texts in the FTS5 table ``articles_search`` (rowid = article id).
``index_article`` writes either; signals (articles/signals.py) and the wire store call it, so the
index follows every save, credit, photo, tag and import.

A reader's query is first reduced to plain words (``query_words``): capped, lower-cased, English
stop words dropped, every word required. Both engines then get only those words — quoted for
FTS5, as plain text for ``websearch_to_tsquery`` — so no user syntax reaches either engine, and
the two databases agree on what matches. Documents are split into words here too, for the same
reason; what can still differ is stemming of rare words (FTS5's Porter against PostgreSQL's
Snowball English: "general" and "generous" are one stem to Porter). Highlighting the matches is
articles/highlight.py.
"""

import contextlib
import contextvars
import html
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connections
from django.db.models import BooleanField, Case, Prefetch, Value, When
from django.db.models.expressions import RawSQL

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 20
INDEX_CHUNK = 200
# The FTS5 table (migration 0004); the statements name it literally, never from input.
FTS_MATCHING = "SELECT rowid FROM articles_search WHERE articles_search MATCH %s"
FTS_ALL = "SELECT rowid FROM articles_search"
FTS_DELETE = "DELETE FROM articles_search WHERE rowid = %s"
FTS_INSERT = "INSERT INTO articles_search (rowid, headline, keywords, body) VALUES (%s, %s, %s, %s)"
RANKING = ("-headline_match", "-published_at", "-pk")

# PostgreSQL's english.stop (the Snowball list): dropped from queries on both databases, since
# PostgreSQL never indexes them and FTS5 would otherwise demand them.
_ENGLISH_STOP = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom this
    that these those am is are was were be been being have has had having do does did doing a an
    the and but if or because as until while of at by for with about against between into through
    during before after above below to from up down in out on off over under again further then
    once here there when where why how all any both each few more most other some such no nor not
    only own same so than too very s t can will just don should now"""
STOP_WORDS = frozenset(_ENGLISH_STOP.split())

# Letters and digits, as both engines' tokenizers see words; "_" and punctuation separate.
WORD = re.compile(r"[^\W_]+")
TAG = re.compile(r"<[^>]*>")
SPACES = re.compile(r"\s+")

_batch = contextvars.ContextVar("search_batch", default=None)


@dataclass(frozen=True)
class SearchDocument:
    """The texts of one article by weight: A matters most, C least."""

    headline: str
    keywords: str
    body: str


def plain_text(body_html):
    """Readable text of a sanitised body: tags become spaces, entities characters."""
    return SPACES.sub(" ", html.unescape(TAG.sub(" ", body_html or ""))).strip()


def index_words(text):
    """Text as the lower-case words both engines index, split the same way for both.

    Left to themselves the two tokenizers differ on decimals, hyphens, URLs and e-mail
    addresses ("12.5", "dawn.com" are one token to PostgreSQL, two to FTS5).
    """
    return " ".join(WORD.findall(text.lower()))


def document_for(article):
    """A: headline; B: summary, key points, tags, byline names; C: body text and captions."""
    names = []
    for credit in article.credits.all():
        if credit.author_id:
            names.append(credit.author.name)
        else:
            names += [credit.agency.code, credit.agency.name]
    keywords = [
        article.summary,
        *article.highlights,
        *(tag.name for tag in article.tags.all()),
        *names,
    ]
    captions = [f"{photo.caption} {photo.credit}" for photo in article.photos.all()]
    return SearchDocument(
        headline=index_words(article.headline),
        keywords=index_words(" ".join(keywords)),
        body=index_words(" ".join([plain_text(article.body), *captions])),
    )


def with_document_parts(queryset):
    """What ``document_for`` reads, fetched in a fixed number of queries."""
    from articles.models import Credit

    # Tags come in each story's own row (with_tags): a taggit prefetch builds a queryset per
    # story, which cost an import more than the query it saves.
    return queryset.with_tags().prefetch_related(
        Prefetch("credits", queryset=Credit.objects.select_related("author", "agency")),
        "photos",
    )


@contextlib.contextmanager
def batched():
    """Gather index requests and index each article once, when the block ends without error.

    An import saves the article, then its credits, photos and tags, and each asks for indexing;
    inside this block they cost one indexing instead of several.
    """
    if _batch.get() is not None:  # the outer block will do it
        yield
        return
    pending = {}
    token = _batch.set(pending)
    try:
        yield
    finally:
        _batch.reset(token)
    from articles.models import Article

    for using, ids in pending.items():
        if not connections[using].needs_rollback:  # a dry run: nothing of it will be kept
            index_articles(Article.objects.using(using).filter(pk__in=ids))


def index_article(article):
    """Bring one article's index entry up to date (read afresh: relations may have changed)."""
    from articles.models import Article

    pending = _batch.get()
    if pending is not None:
        pending.setdefault(article._state.db or "default", set()).add(article.pk)
        return 0
    return index_articles(Article.objects.filter(pk=article.pk))


def index_articles(queryset):
    """Index every article of ``queryset``; returns how many were indexed."""
    pending = _batch.get()
    if pending is not None:
        pending.setdefault(queryset.db, set()).update(queryset.values_list("pk", flat=True))
        return 0
    vendor = connections[queryset.db].vendor
    ids = list(queryset.order_by().values_list("pk", flat=True))
    # Plain chunks by id, not .iterator(): a server-side cursor costs more than the whole
    # indexing of the one article that a save asks for.
    for start in range(0, len(ids), INDEX_CHUNK):
        chunk = queryset.model._default_manager.using(queryset.db).filter(
            pk__in=ids[start : start + INDEX_CHUNK]
        )
        for article in with_document_parts(chunk):
            _write(vendor, queryset.db, article.pk, document_for(article))
    return len(ids)


def unindex_article(pk, using="default"):
    if connections[using].vendor == "sqlite":
        with connections[using].cursor() as cursor:
            cursor.execute(FTS_DELETE, [pk])


def unindexed_articles(queryset):
    """Articles with no index entry: those that were there before the index was built."""
    if connections[queryset.db].vendor == "postgresql":
        return queryset.filter(search_vector__isnull=True)
    if connections[queryset.db].vendor == "sqlite":
        return queryset.exclude(pk__in=RawSQL(FTS_ALL, []))  # noqa: S611 - a constant
    return queryset.none()


def clear_index(using="default"):
    from articles.models import Article

    if connections[using].vendor == "postgresql":
        Article.objects.using(using).update(search_vector=None)
    elif connections[using].vendor == "sqlite":
        with connections[using].cursor() as cursor:
            cursor.execute("DELETE FROM articles_search")


def _write(vendor, using, pk, document):
    from articles.models import Article

    if vendor == "postgresql":
        vector = (
            SearchVector(Value(document.headline), config="english", weight="A")
            + SearchVector(Value(document.keywords), config="english", weight="B")
            + SearchVector(Value(document.body), config="english", weight="C")
        )
        Article.objects.using(using).filter(pk=pk).update(search_vector=vector)
    elif vendor == "sqlite":
        with connections[using].cursor() as cursor:
            cursor.execute(FTS_DELETE, [pk])
            cursor.execute(FTS_INSERT, [pk, document.headline, document.keywords, document.body])


def query_words(query):
    """The words a query asks for: at most 20 distinct ones from its first 200 characters."""
    words = []
    for word in WORD.findall(str(query or "")[:MAX_QUERY_CHARS].lower()):
        if word not in STOP_WORDS and word not in words:
            words.append(word)
    return words[:MAX_QUERY_WORDS]


def search(queryset, query):
    """Articles of ``queryset`` holding every word of ``query``, annotated ``headline_match``
    (the headline alone holds them all) and ordered by RANKING: headline matches first, newest
    first within each group. A query with no words finds nothing.
    """
    words = query_words(query)
    vendor = connections[queryset.db].vendor
    if not words or vendor not in ("postgresql", "sqlite"):
        found = queryset.none().annotate(headline_match=Value(False))
    elif vendor == "postgresql":
        found = _search_postgresql(queryset, words)
    else:
        found = _search_sqlite(queryset, words)
    return found.order_by(*RANKING)


def _search_postgresql(queryset, words):
    query = SearchQuery(" ".join(words), config="english", search_type="websearch")
    # Every word among the headline's (weight A) lexemes: read off the stored vector, so ranking
    # costs no to_tsvector per match. Words are letters and digits only: nothing to escape.
    in_headline = SearchQuery(
        " & ".join(f"{word}:A" for word in words), config="english", search_type="raw"
    )
    return queryset.filter(search_vector=query).annotate(
        headline_match=Case(
            When(search_vector=in_headline, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def _search_sqlite(queryset, words):
    # Every word quoted (quotes doubled), so FTS5 reads each as a plain term, never as syntax.
    terms = " ".join('"{}"'.format(word.replace('"', '""')) for word in words)
    in_headline = f"headline : ({terms})"
    return queryset.filter(pk__in=RawSQL(FTS_MATCHING, [terms])).annotate(  # noqa: S611
        headline_match=Case(
            When(pk__in=RawSQL(FTS_MATCHING, [in_headline]), then=Value(True)),  # noqa: S611
            default=Value(False),
            output_field=BooleanField(),
        )
    )
