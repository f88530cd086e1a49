"""Wire versions: every distinct version of a story received from the wire, kept for the record."""

from django.db import models


class WireVersion(models.Model):
    """One version of a story as the wire sent it; the article shows the newest.

    Knowing every version received lets a re-sent older version be recognised as stale instead
    of overwriting a newer one.
    """

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="wire_versions"
    )

    class State(models.TextChoices):
        APPLIED = "applied", "Applied to the article"
        PENDING = "pending", "Held: the article was edited here"

    content_hash = models.CharField(max_length=64)
    state = models.CharField(max_length=10, choices=State.choices, default=State.APPLIED)
    source_version = models.CharField(max_length=64, blank=True)
    version_created = models.DateTimeField(null=True, blank=True)
    source_name = models.CharField(max_length=255, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    story = models.JSONField(help_text="The parsed story as received.")

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "content_hash"], name="wire_version_unique")
        ]

    def __str__(self):
        return f"{self.source_name or self.article_id} @ {self.received_at:%Y-%m-%d %H:%M}"
