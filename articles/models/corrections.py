"""Corrections: dated notices at the foot of a story, kept in order."""

from django.db import models
from django.utils import timezone


class Correction(models.Model):
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="corrections"
    )
    noted_at = models.DateTimeField(default=timezone.now)
    text = models.TextField(help_text="What was wrong and what it now says, for readers.")

    class Meta:
        ordering = ["noted_at", "pk"]

    def __str__(self):
        return f"{self.noted_at:%Y-%m-%d}: {self.text[:60]}"
