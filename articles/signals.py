"""Keeping the search index current: every write that changes what an article's document holds.

Article.save() alone is not enough: credits, photos and tags are saved after the article (by the
admin's inlines and the wire store), and names live on authors, agencies and tags. Bulk writes
send no signals, so the wire store also calls ``index_article`` once it has written everything.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag

from articles import search
from articles.models import Agency, Article, Author, Credit, ImageCaption


def _reindex(articles):
    search.index_articles(articles)


@receiver(post_save, sender=Article, dispatch_uid="search_article_saved")
def article_saved(sender, instance, using, **kwargs):
    _reindex(Article.objects.using(using).filter(pk=instance.pk))


@receiver(post_delete, sender=Article, dispatch_uid="search_article_deleted")
def article_deleted(sender, instance, using, **kwargs):
    search.unindex_article(instance.pk, using=using)


@receiver(post_save, sender=Credit, dispatch_uid="search_credit_saved")
@receiver(post_delete, sender=Credit, dispatch_uid="search_credit_deleted")
@receiver(post_save, sender=ImageCaption, dispatch_uid="search_photo_saved")
@receiver(post_delete, sender=ImageCaption, dispatch_uid="search_photo_deleted")
def part_changed(sender, instance, using, **kwargs):
    # On a cascade from a deleted article the article is gone by the time this matters:
    # filtering by id then finds nothing, and article_deleted clears its entry.
    _reindex(Article.objects.using(using).filter(pk=instance.article_id))


@receiver(m2m_changed, sender=Article.tags.through, dispatch_uid="search_tags_changed")
def tags_changed(sender, instance, action, reverse, pk_set, using, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, Article):
        _reindex(Article.objects.using(using).filter(pk=instance.pk))
    elif pk_set:
        _reindex(Article.objects.using(using).filter(pk__in=pk_set))


@receiver(post_save, sender=Tag, dispatch_uid="search_tag_renamed")
def tag_renamed(sender, instance, created, using, **kwargs):
    if not created:
        _reindex(Article.objects.using(using).filter(tags=instance))


@receiver(post_save, sender=Author, dispatch_uid="search_author_renamed")
def author_renamed(sender, instance, created, using, **kwargs):
    if not created:
        _reindex(Article.objects.using(using).filter(credits__author=instance))


@receiver(post_save, sender=Agency, dispatch_uid="search_agency_renamed")
def agency_renamed(sender, instance, created, using, **kwargs):
    if not created:
        _reindex(Article.objects.using(using).filter(credits__agency=instance))
