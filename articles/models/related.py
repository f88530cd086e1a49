"""Related stories: an ordered link to another article, or to its headline until it exists."""

from django.db import models
from django.db.models import Q

from articles.text import headline_key


class RelatedStory(models.Model):
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="related_stories"
    )
    position = models.PositiveSmallIntegerField(default=0)
    target = models.ForeignKey(
        "articles.Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referenced_by",
        help_text="The related article, once it exists. Found by headline when left empty.",
    )
    headline = models.CharField(
        max_length=300,
        blank=True,
        help_text="The headline as the copy gives it; readers see the linked story's own "
        "headline once it is public.",
    )
    headline_key = models.CharField(max_length=300, db_index=True, editable=False)
    source_ref = models.CharField(
        max_length=255,
        blank=True,
        db_index=True,
        help_text="The related story's identity at its source, when the wire names it.",
    )
    url = models.URLField(max_length=500, blank=True, help_text="A link outside this site.")

    class Meta:
        ordering = ["position", "pk"]
        verbose_name_plural = "related stories"

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.headline_key = headline_key(self.headline)
        if self.target_id is None and (self.headline_key or self.source_ref):
            self.target = self.find_target()
        super().save(*args, **kwargs)

    def find_target(self):
        from articles.models import Article

        by_ref = Q(source_ref=self.source_ref) if self.source_ref else Q(pk__in=[])
        by_headline = Q(headline_key=self.headline_key) if self.headline_key else Q(pk__in=[])
        return (
            Article.objects.filter(by_ref | by_headline)
            .exclude(pk=self.article_id)
            .order_by("-published_at", "-pk")
            .first()
        )
