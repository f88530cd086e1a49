"""Values computed from every public story that many pages show: the navigation's sections, the
filter form's choice lists and the story count of a listing.

Each is a scan of the public stories (the choice lists took 60-110 ms each on 20,000 stories),
so pages read them from the cache, kept while the generations of their keys last
(articles/freshness.py: any public change replaces ``site``, so an edit shows at once). A story
that becomes public by the clock alone (its schedule or embargo comes) writes nothing: entries
therefore also expire after ``CLOCK_SECONDS``, and it reaches these lists within that time.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag

from articles import freshness

CLOCK_SECONDS = 60


def _cached(name, keys, compute):
    return freshness.cached(name, keys, compute, timeout=CLOCK_SECONDS)


def sections():
    """Sections with at least one public story, in navigation order (Section instances)."""
    from articles.models import Section

    return _cached(
        "public-sections",
        [freshness.SITE],
        lambda: list(Section.objects.with_public_stories()),
    )


def section_choices():
    return [(section.pk, section.slug, section.name) for section in sections()]


def tag_choices():
    """(id, slug, name) of every tag on a public story, by name."""
    from articles.models import Article

    def compute():
        public = Article.objects.published().values("tags")
        found = Tag.objects.filter(pk__in=public).order_by("name", "pk")
        return list(found.values_list("pk", "slug", "name"))

    return _cached("public-tags", [freshness.SITE], compute)


def author_choices():
    """(id, slug, name) of every person credited on a public story, by name."""
    from articles.models import Article, Author

    def compute():
        public = Article.objects.published().values("credits__author")
        found = Author.objects.filter(pk__in=public).order_by("name", "pk")
        return list(found.values_list("pk", "slug", "name"))

    return _cached("public-authors", [freshness.SITE], compute)


def agency_choices():
    """(id, slug, code) of every agency credited on a public story, by code (as bylines say)."""
    from articles.models import Agency, Article

    def compute():
        public = Article.objects.published().values("credits__agency")
        found = Agency.objects.filter(pk__in=public).order_by("code", "pk")
        return list(found.values_list("pk", "slug", "code"))

    return _cached("public-agencies", [freshness.SITE], compute)


def story_count(key, stories):
    """How many stories ``stories`` (public stories of the subject named by ``key``, e.g.
    ``section:3``, or ``site`` for all) holds: a listing's COUNT, the costliest query of a
    deep page of a big section."""
    return _cached(f"public-count:{key}", [key], stories.count)


@receiver(post_save, sender="articles.Article", dispatch_uid="public_lists_article_saved")
@receiver(post_delete, sender="articles.Article", dispatch_uid="public_lists_article_deleted")
@receiver(post_save, sender="articles.Credit", dispatch_uid="public_lists_credit_saved")
@receiver(post_delete, sender="articles.Credit", dispatch_uid="public_lists_credit_deleted")
@receiver(post_save, sender="articles.Section", dispatch_uid="public_lists_section_saved")
@receiver(post_save, sender="articles.Author", dispatch_uid="public_lists_author_saved")
@receiver(post_save, sender="articles.Agency", dispatch_uid="public_lists_agency_saved")
@receiver(post_save, sender=Tag, dispatch_uid="public_lists_tag_saved")
def _story_lists_changed(sender, **kwargs):
    """What these lists are built from changed: they are built again after the commit.

    The whole-page cache's receivers replace finer keys as well; this keeps the lists right
    on their own (bulk writes call ``freshness.stories_changed``, which replaces ``site``).
    """
    freshness.replace([])


@receiver(m2m_changed, dispatch_uid="public_lists_tags_changed")
def _tags_changed(sender, action, **kwargs):
    from articles.models import Article

    if sender is Article.tags.through and action in ("post_add", "post_remove", "post_clear"):
        freshness.replace([])
