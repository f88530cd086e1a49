"""Articles, their credits, and the one rule for what readers may see."""

import hashlib
import html
import json
import re
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models, transaction
from django.db.models import F, Prefetch, Q, Window
from django.db.models.functions import Coalesce, Greatest, RowNumber
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from taggit.managers import TaggableManager

from articles.body import interleave_photos
from articles.links import link
from articles.prepared import PreparedQuery
from articles.sanitize import clean_body_html
from articles.text import article_slug, headline_key

FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)


def _local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


class ArticleQuerySet(models.QuerySet):
    def published(self, at=None):
        """What anonymous readers may see: published, its time come, and out of embargo.

        Every public surface (pages, listings, feeds, sitemaps, search) starts from this.
        """
        now = at or timezone.now()
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now).filter(
            Q(embargo_until__isnull=True) | Q(embargo_until__lte=now)
        )

    def next_due_moment(self, at=None):
        """A one-row query of the soonest moment after ``at`` (now) at which a published story
        becomes public by the clock alone: its publication time or its embargo's end."""
        now = at or timezone.now()
        waiting = self.filter(status=Article.Status.PUBLISHED).filter(
            Q(published_at__gt=now) | Q(embargo_until__gt=now)
        )
        due = Greatest("published_at", Coalesce("embargo_until", "published_at"))
        return waiting.annotate(due=due).order_by("due").values("due")[:1]

    def withdrawn(self):
        """Stories readers once saw and that were taken down: their URLs answer 410 Gone."""
        return self.filter(
            status=Article.Status.WITHDRAWN,
            withdrawn_at__isnull=False,
            published_at__isnull=False,
        )

    def wire_queue(self):
        """Imported wire stories nobody has published or discarded yet: the wire desk's inbox."""
        return self.exclude(source_format="").filter(
            status__in=[Article.Status.DRAFT, Article.Status.REVIEW]
        )

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def front_page(self, top, per_section):
        """The home page's stories in one query: the site's newest ``top`` and each section's
        newest ``per_section``, newest first.

        The ranking runs in a subquery over the stories' slim rows; only the few stories it
        picks get what the caller adds (sections, bylines, tags). Ranked together with those,
        every public story paid for them: 330 ms for the home page on 20,000 stories.
        """
        newest = [F("published_at").desc(), F("pk").desc()]
        ranked = self.annotate(
            site_rank=Window(RowNumber(), order_by=newest),
            section_rank=Window(RowNumber(), partition_by=[F("section_id")], order_by=newest),
        ).filter(Q(site_rank__lte=top) | Q(section_rank__lte=per_section))
        return self.filter(pk__in=ranked.values("pk")).order_by(*newest)

    # Tag, byline and date narrowing by subquery or plain range on published_at, never by a join
    # or a function of a column: the COUNT and deep pages then stay on the article indexes.

    def tagged(self, tag):
        """Stories carrying ``tag`` (a Tag or its id)."""
        from django.contrib.contenttypes.models import ContentType

        items = self.model.tags.through.objects.filter(
            tag=tag, content_type=ContentType.objects.get_for_model(self.model)
        )
        return self.filter(pk__in=items.values("object_id"))

    def credited_to(self, person):
        """Stories with this Author or Agency in the byline."""
        kind = "agency" if person.is_agency else "author"
        return self.filter(pk__in=Credit.objects.filter(**{kind: person}).values("article_id"))

    def published_on_or_after(self, day):
        """From the start of ``day`` in the newsroom's time zone."""
        return self.filter(published_at__gte=_local_midnight(day))

    def published_on_or_before(self, day):
        return self.filter(published_at__lt=_local_midnight(day + timedelta(days=1)))

    def search(self, query):
        """Full-text matches for a reader's query, best first (see articles/search.py)."""
        from articles import search

        return search.search(self, query)

    def for_listing(self):
        """What a story card needs, in a fixed number of queries whatever the page holds."""
        return self.select_related("section").prefetch_related(
            Prefetch("credits", queryset=Credit.objects.select_related("author", "agency")),
            "photos",
        )

    def for_article_page(self, at=None):
        """Everything an article page shows, in one query: the story's row carries its
        credits, photos, corrections, related stories and tags (articles/models/story_parts.py),
        and the ``navigation_version`` that tells whether the navigation changed
        (articles/models/navigation_version.py). ``at`` is the moment a related story must be
        public by to be linked (now)."""
        from articles.models.navigation_version import NavigationVersion
        from articles.models.story_parts import with_story_parts

        version = NavigationVersion.current()
        stories = self.select_related("section").annotate(navigation_version=version)
        return with_story_parts(stories, at)

    def with_tags(self):
        """Each story's tags in ``tags.all()``, read in the story's own row: one query fewer
        than a prefetch (articles/models/tag_list.py)."""
        from articles.models.tag_list import with_tag_list

        return with_tag_list(self)


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_queryset(self):
        # The search vector is for the database alone: loading it would slow every listing,
        # and saving an instance that carried a stale copy would undo the latest indexing.
        return super().get_queryset().defer("search_vector")

    def public_page(self, pk):
        """The public story ``pk`` as ``published().for_article_page()`` reads it, or None.

        One query compiled once per process (articles/prepared.py): the article page and its
        ninjs run it on every request, and building it costs ten times running it.
        """
        return _first(_PUBLIC_PAGE.run(pk=pk, now=timezone.now()))

    def preview_page(self, pk):
        """Any story ``pk`` not withdrawn, as ``public_page`` reads it, or None (for staff)."""
        return _first(_PREVIEW_PAGE.run(pk=pk, now=timezone.now()))


def _first(stories):
    from articles.models.story_parts import attach_parts

    return attach_parts(stories[0]) if stories else None


class Article(models.Model):
    class Status(models.TextChoices):
        """What is stored. Moves between them go through articles/workflow.py."""

        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class State(models.TextChoices):
        """What the desk sees: the status, with "scheduled" for a published story whose time is
        still ahead. Scheduling is not stored apart: published() makes the story public when its
        time comes, so no job has to run to publish it."""

        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    headline = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=200,
        blank=True,
        help_text="The readable part of the URL. Old links keep working when it changes.",
    )
    section = models.ForeignKey(
        "articles.Section", on_delete=models.PROTECT, related_name="articles"
    )
    summary = models.TextField(blank=True, help_text="One or two sentences for listings and feeds.")
    highlights = models.JSONField(default=list, blank=True, help_text="Key points, in order.")
    body = models.TextField(
        blank=True,
        help_text="HTML: paragraphs, subheadings (h2), lists, quotes and links.",
    )
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Publication time: set by Publish (now, unless the story was public before) "
        "or by Schedule (a time ahead, when it goes public by itself).",
    )
    updated_at = models.DateTimeField(
        null=True, blank=True, help_text="Last update shown to readers."
    )
    embargo_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Not public before this time, even when published.",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)
    tags = TaggableManager(blank=True)
    dateline = models.CharField(max_length=120, blank=True, help_text="Where the story was filed.")
    language = models.CharField(max_length=16, blank=True)

    needs_attention = models.BooleanField(
        default=False,
        help_text="Flagged for an editor: withheld copy, an advisory, or a wire update held "
        "back because the story was edited here.",
    )
    desk_note = models.TextField(
        blank=True, help_text="Notes for the desk (wire advisories); never shown to readers."
    )

    source_format = models.CharField(
        max_length=30, blank=True, help_text="Wire format imported from."
    )
    source_ref = models.CharField(
        max_length=255,
        null=True,
        blank=True,
        unique=True,
        help_text="The story's identity at its source; re-sent copy updates this article.",
    )
    source_name = models.CharField(max_length=255, blank=True, help_text="File name imported from.")
    source_version = models.CharField(max_length=64, blank=True)
    source_version_time = models.DateTimeField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    wire_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    headline_key = models.CharField(max_length=300, db_index=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="articles_created",
        help_text="Who filed the story in the admin: a reporter may edit only their own drafts.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    # Written only by articles.search.index_article; GIN-indexed on PostgreSQL (migration 0004),
    # an unused column on SQLite, where the FTS5 table articles_search holds the index.
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    objects = ArticleManager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        # The public listings' indexes, in the order their queries read: the published()
        # predicate's equality (status), then newest first as listings order (published_at,
        # id), then embargo_until, so the embargo test, the COUNT and the ids of a deep page
        # are answered from the index alone (an index-only scan on PostgreSQL, a covering
        # index on SQLite). Latest, archives (a published_at range), feeds and sitemaps read
        # the first; section pages the second.
        indexes = [
            models.Index(
                fields=["status", "-published_at", "-id", "embargo_until"],
                name="article_public_newest",
            ),
            models.Index(
                fields=["section", "status", "-published_at", "-id", "embargo_until"],
                name="article_section_newest",
            ),
        ]
        permissions = [
            ("publish_article", "Can publish and schedule any story"),
            ("publish_wire_article", "Can publish wire stories and discard them from the queue"),
            ("review_article", "Can review any story: edit it and return it to draft"),
            ("withdraw_article", "Can withdraw (kill) a story"),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.normalise()
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.link_waiting_related_stories()

    def get_absolute_url(self):
        return link("articles:article", self.section.slug, self.slug or "story", self.pk)

    def normalise(self):
        """Tidy the text as stored: save() calls it, and so must a bulk insert (no save there)."""
        self.headline = " ".join(self.headline.split())
        if not self.slug:
            self.slug = article_slug(self.headline)
        self.headline_key = headline_key(self.headline)
        self.body = clean_body_html(self.body)
        self.highlights = [h.strip() for h in self.highlights or [] if h and h.strip()]

    def link_waiting_related_stories(self):
        """Related-story rows that named this headline before it existed now point here."""
        from articles.models import RelatedStory

        named = Q(headline_key=self.headline_key)
        if self.source_ref:
            named |= Q(source_ref=self.source_ref)
        RelatedStory.objects.filter(named, target__isnull=True).exclude(article=self).update(
            target=self
        )

    def editorial_state(self, at=None):
        """The State the desk sees at ``at`` (now by default)."""
        ahead = self.published_at is not None and self.published_at > (at or timezone.now())
        if self.status == self.Status.PUBLISHED and ahead:
            return self.State.SCHEDULED
        return self.State(self.status)

    def embargo_active(self, at=None):
        """An embargo still ahead: nothing public may show the story before it lifts."""
        return self.embargo_until is not None and self.embargo_until > (at or timezone.now())

    # The three methods below set the state without asking who: the wire importer (kills) and
    # tests use them. Editors' moves go through articles/workflow.py, which checks permissions
    # and records each move.

    def publish(self, at=None):
        self.status = self.Status.PUBLISHED
        if self.published_at is None:
            self.published_at = at or timezone.now()
        self.save()

    def unpublish(self):
        self.status = self.Status.DRAFT
        self.save()

    def withdraw(self, reason=""):
        self.status = self.Status.WITHDRAWN
        self.withdrawn_at = timezone.now()
        self.withdrawal_reason = reason or self.withdrawal_reason
        self.save()

    def editorial_fingerprint(self):
        """A digest of what an editor edits, to tell whether the desk changed a wire story."""
        content = [self.headline, self.summary, self.highlights, self.body, self.section_id]
        encoded = json.dumps(content, ensure_ascii=False, default=str)
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()

    def part(self, relation):
        """The story's ``credits``, ``photos``, ``corrections``, ``related_stories`` or ``tags``:
        the rows read with it when its page's query read them, else ``<relation>.all()``.

        ``article.credits`` makes a related manager on every access (~6 µs), and an article
        page asks for its parts a dozen times."""
        prefetched = self.__dict__.get("_prefetched_objects_cache", {}).get(relation)
        return prefetched if prefetched is not None else getattr(self, relation).all()

    @property
    def byline(self):
        """Credits in order: each an Author or an Agency (both have a name and a page)."""
        return [credit.credited for credit in self.part("credits")]

    @property
    def teaser(self):
        """Summary, else the first key point, else the start of the first paragraph."""
        if self.summary:
            return self.summary
        if self.highlights:
            return self.highlights[0]
        first = FIRST_PARAGRAPH.search(self.body)
        return Truncator(html.unescape(strip_tags(first[1]))).words(40) if first else ""

    @property
    def lead_photos(self):
        return [photo for photo in self.part("photos") if photo.is_lead]

    def related_for_readers(self):
        """(headline, url) pairs for "More From": public stories linked under their own
        headline; stories not public (or not yet here) shown unlinked, by the copy's headline
        only, so an unpublished headline never reaches a reader.

        Needs the ``target_is_public`` annotation of ``for_article_page()``.
        """
        links = []
        for related in self.part("related_stories"):
            if related.target_is_public:
                links.append((related.target.headline, related.target.get_absolute_url()))
            elif related.url:
                links.append((related.headline or related.url, related.url))
            elif related.headline:
                links.append((related.headline, None))
        return links

    def body_blocks(self):
        inline = [photo for photo in self.part("photos") if not photo.is_lead]
        return interleave_photos(self.body, inline)


_PUBLIC_PAGE = PreparedQuery(
    lambda pk, now: Article.objects.published(now).for_article_page(now).filter(pk=pk),
    pk=int,
    now=datetime,
)
_PREVIEW_PAGE = PreparedQuery(
    lambda pk, now: (
        Article.objects.exclude(status=Article.Status.WITHDRAWN).for_article_page(now).filter(pk=pk)
    ),
    pk=int,
    now=datetime,
)


class Credit(models.Model):
    """One name in an article's byline: a person or an agency, in byline order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="credits")
    position = models.PositiveSmallIntegerField(default=0)
    author = models.ForeignKey(
        "articles.Author",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credits",
    )
    agency = models.ForeignKey(
        "articles.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credits",
    )

    class Meta:
        ordering = ["position", "pk"]
        # An author's or agency's page finds its stories by credit: these answer that subquery
        # from the index (the unique constraints lead with the article instead).
        indexes = [
            models.Index(fields=["author", "article"], name="credit_author_article"),
            models.Index(fields=["agency", "article"], name="credit_agency_article"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(author__isnull=False) & Q(agency__isnull=True))
                | (Q(author__isnull=True) & Q(agency__isnull=False)),
                name="credit_author_xor_agency",
                violation_error_message="A credit names either an author or an agency, not both.",
            ),
            models.UniqueConstraint(fields=["article", "author"], name="credit_unique_author"),
            models.UniqueConstraint(fields=["article", "agency"], name="credit_unique_agency"),
        ]

    def __str__(self):
        return str(self.credited)

    @property
    def credited(self):
        return self.author or self.agency
