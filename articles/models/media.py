"""Photos of an article. Captions are data (caption, credit, alt text), not HTML."""

from django.db import models


class ImageCaption(models.Model):
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="photos")
    position = models.PositiveSmallIntegerField(default=0, help_text="Lead photo first.")
    image = models.ImageField(
        upload_to="photos/%Y/%m/",
        blank=True,
        help_text="Optional: wire copy often carries only the caption.",
    )
    caption = models.TextField(blank=True)
    credit = models.CharField(max_length=200, blank=True, help_text="Photographer or agency.")
    alt_text = models.TextField(
        blank=True,
        help_text="What the photo shows, for readers who cannot see it.",
    )
    body_position = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Leave empty for a photo at the top of the story; N puts it before the Nth "
        "block of the body (0 = before the first paragraph).",
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "photo"

    def __str__(self):
        return self.caption[:80] or self.alt_text[:80] or f"Photo {self.position}"

    @property
    def is_lead(self):
        return self.body_position is None
