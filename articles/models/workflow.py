"""The editorial workflow's records: each move of a story between states, and the wire queue.

StatusChange rows are written only by articles/workflow.py, one per transition, and never edited:
they answer "who published this, and when?". WireQueueItem is the same table as Article, seen as
the wire desk's inbox (its own admin page and its own view permission).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .article import Article


class StatusChange(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=Article.State.choices)
    to_status = models.CharField(max_length=12, choices=Article.State.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="status_changes",
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    note = models.TextField(blank=True, help_text="The withdrawal reason, or the scheduled time.")

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = "status change"

    def __str__(self):
        return (
            f"{self.get_from_status_display()} → {self.get_to_status_display()} "
            f"by {self.by or 'nobody'} at {timezone.localtime(self.at):%Y-%m-%d %H:%M}"
        )


class WireQueueItem(Article):
    """An imported wire story waiting for the desk (see ArticleQuerySet.wire_queue)."""

    class Meta:
        proxy = True
        verbose_name = "wire queue item"
        verbose_name_plural = "wire queue"
