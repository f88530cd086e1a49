"""Keeping cached pages fresh: every write that changes what a page shows replaces the
generations of the keys that page was built from (see articles/freshness.py).

A change must reach the pages that showed the story before it as well as those that show it
now: a story moved to another section leaves the old section's page, a removed tag leaves the
tag's page. So the old section, tags and byline are read before the write (pre_save, pre_clear,
pre_delete); the new ones are read when the transaction commits. Bulk writes send no signals:
the wire store calls ``freshness.stories_changed`` itself.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone
from taggit.models import Tag

from articles import freshness
from articles.models import (
    Agency,
    Article,
    Author,
    Correction,
    Credit,
    ImageCaption,
    RelatedStory,
    Section,
)


def _is_public(status, published_at, embargo_until, now):
    return (
        status == Article.Status.PUBLISHED
        and published_at is not None
        and published_at <= now
        and (embargo_until is None or embargo_until <= now)
    )


def _credit_key(credit):
    return f"author:{credit.author_id}" if credit.author_id else f"agency:{credit.agency_id}"


@receiver(pre_save, sender=Article, dispatch_uid="freshness_article_before")
def article_before(sender, instance, raw, **kwargs):
    instance._freshness_before = None
    if instance.pk is not None and not raw:
        instance._freshness_before = (
            Article.objects.filter(pk=instance.pk)
            .values_list("status", "published_at", "embargo_until", "section_id")
            .first()
        )


@receiver(post_save, sender=Article, dispatch_uid="freshness_article_saved")
def article_saved(sender, instance, created, **kwargs):
    now = timezone.now()
    before = getattr(instance, "_freshness_before", None)
    public_now = _is_public(instance.status, instance.published_at, instance.embargo_until, now)
    due_now = _due(instance.status, instance.published_at, instance.embargo_until, now)
    keys = set()
    nav = public_now or due_now is not None
    if before is not None:
        keys.add(f"section:{before[3]}")
        public_before = _is_public(*before[:3], now)
        # Which sections, tags and names have public stories changes only when a story goes
        # public or stops being public, or a public one moves section; when it next changes
        # by the clock, when a story waiting to go public is given another moment.
        nav = (
            public_now != public_before
            or (public_now and before[3] != instance.section_id)
            or due_now != _due(*before[:3], now)
        )
    freshness.stories_changed([instance.pk], keys=keys, nav=nav)


def _due(status, published_at, embargo_until, now):
    """(publication time, embargo) of a published story still waiting to go public, else None."""
    if status != Article.Status.PUBLISHED or _is_public(status, published_at, embargo_until, now):
        return None
    return (published_at, embargo_until)


@receiver(pre_delete, sender=Article, dispatch_uid="freshness_article_deleting")
def article_deleting(sender, instance, **kwargs):
    # Once it is gone nothing tells which section, tags and byline listed it.
    freshness.stories_changed([], keys=freshness.article_keys([instance.pk]))


@receiver(pre_save, sender=Credit, dispatch_uid="freshness_credit_before")
def credit_before(sender, instance, raw, **kwargs):
    if instance.pk is not None and not raw:
        old = Credit.objects.filter(pk=instance.pk).first()
        if old is not None:
            freshness.stories_changed([old.article_id], keys=[_credit_key(old)])


@receiver(post_save, sender=Credit, dispatch_uid="freshness_credit_saved")
@receiver(post_delete, sender=Credit, dispatch_uid="freshness_credit_deleted")
def credit_changed(sender, instance, **kwargs):
    freshness.stories_changed([instance.article_id], keys=[_credit_key(instance)])


@receiver(post_save, sender=ImageCaption, dispatch_uid="freshness_photo_saved")
@receiver(post_delete, sender=ImageCaption, dispatch_uid="freshness_photo_deleted")
@receiver(post_save, sender=Correction, dispatch_uid="freshness_correction_saved")
@receiver(post_delete, sender=Correction, dispatch_uid="freshness_correction_deleted")
@receiver(post_save, sender=RelatedStory, dispatch_uid="freshness_related_saved")
@receiver(post_delete, sender=RelatedStory, dispatch_uid="freshness_related_deleted")
def part_changed(sender, instance, **kwargs):
    freshness.stories_changed([instance.article_id], nav=False)


@receiver(m2m_changed, sender=Article.tags.through, dispatch_uid="freshness_tags_changed")
def tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if isinstance(instance, Article):
        if action == "pre_clear":
            old = Article.tags.through.objects.filter(object_id=instance.pk)
            keys = [f"tag:{pk}" for pk in old.values_list("tag_id", flat=True)]
            freshness.stories_changed([instance.pk], keys=keys)
        elif action in ("post_add", "post_remove") and pk_set:
            freshness.stories_changed([instance.pk], keys=[f"tag:{pk}" for pk in pk_set])
    elif action in ("post_add", "post_remove", "pre_clear"):
        ids = pk_set or ()
        if action == "pre_clear":
            links = Article.tags.through.objects.filter(tag_id=instance.pk)
            ids = list(links.values_list("object_id", flat=True))
        freshness.stories_changed(ids, keys=[f"tag:{instance.pk}"])


def _subject_changed(subject, stories):
    """A rename (or a new position, or a delete) shows on every page of its stories: cards,
    bylines, tag lists and the navigation."""
    ids = list(stories.values_list("pk", flat=True).distinct())
    freshness.stories_changed(ids, keys=[freshness.subject_key(subject)])


@receiver(post_save, sender=Section, dispatch_uid="freshness_section_saved")
@receiver(pre_delete, sender=Section, dispatch_uid="freshness_section_deleting")
def section_changed(sender, instance, **kwargs):
    if not kwargs.get("created"):
        _subject_changed(instance, Article.objects.filter(section_id=instance.pk))


@receiver(post_save, sender=Tag, dispatch_uid="freshness_tag_saved")
@receiver(pre_delete, sender=Tag, dispatch_uid="freshness_tag_deleting")
def tag_changed(sender, instance, **kwargs):
    if not kwargs.get("created"):
        links = Article.tags.through.objects.filter(tag_id=instance.pk)
        _subject_changed(instance, Article.objects.filter(pk__in=links.values("object_id")))


@receiver(post_save, sender=Author, dispatch_uid="freshness_author_saved")
@receiver(pre_delete, sender=Author, dispatch_uid="freshness_author_deleting")
def author_changed(sender, instance, **kwargs):
    if not kwargs.get("created"):
        _subject_changed(instance, Article.objects.filter(credits__author_id=instance.pk))


@receiver(post_save, sender=Agency, dispatch_uid="freshness_agency_saved")
@receiver(pre_delete, sender=Agency, dispatch_uid="freshness_agency_deleting")
def agency_changed(sender, instance, **kwargs):
    if not kwargs.get("created"):
        _subject_changed(instance, Article.objects.filter(credits__agency_id=instance.pk))
