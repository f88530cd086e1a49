"""Photos of an article. Captions are data (caption, credit, alt text), not HTML.

A photo's file, when it has one, carries its size on the row and its resized renditions
(articles/renditions.py), so pages never open image files to show it.
"""

from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver

from articles import photos, renditions


class PhotoImageField(models.ImageField):
    """An ImageField whose width and height fields are measured upright, and only on upload.

    Django measures a row's file again on every load while its size fields are empty, so each
    listing would open each such photo and a row naming a lost file would fail to load at all.
    Here a file is measured when it is assigned or saved (EXIF rotation applied, as browsers
    show it), and an unreadable one leaves the size empty rather than raising.
    """

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        if not force or self.attname not in instance.__dict__:
            return  # loading a row: its stored size stands
        file = getattr(instance, self.attname)
        width, height = (renditions.oriented_size(file) if file else None) or (None, None)
        setattr(instance, self.width_field, width)
        setattr(instance, self.height_field, height)

    def formfield(self, **kwargs):
        # Every form for a photo (the article's inline, the photo admin) checks the upload.
        return super().formfield(**{"form_class": photos.PhotoUploadField, **kwargs})


class ImageCaption(models.Model):
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="photos")
    position = models.PositiveSmallIntegerField(default=0, help_text="Lead photo first.")
    image = PhotoImageField(
        upload_to="photos/%Y/%m/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
        help_text="Optional: wire copy often carries only the caption.",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    renditions = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="The resized copies: {width, height, name} each, narrowest first.",
    )
    rendition_source = models.CharField(
        max_length=100,
        blank=True,
        editable=False,
        help_text="The image file the renditions were made from.",
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

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        renditions.refresh(self)  # the stored file is final only now

    @property
    def is_lead(self):
        return self.body_position is None

    def served_dimensions(self):
        """(width, height) of an image file that is really in storage, else None.

        Read from the stored sizes, so pages and feeds never decode an image per request; a
        stat tells a file named in the database but lost from storage.
        """
        if not self.image or not self.image_width or not self.image_height:
            return None
        try:
            if not self.image.storage.exists(self.image.name):
                return None
        except (OSError, ValueError):
            return None
        return self.image_width, self.image_height

    @property
    def picture(self):
        """``<img>`` values (src, srcset, sizes, width, height, alt), or None without a file."""
        return renditions.picture(self)


@receiver(post_delete, sender=ImageCaption, dispatch_uid="photo_renditions_deleted")
def photo_deleted(sender, instance, **kwargs):
    # A signal, not delete(): deleting an article deletes its photos without calling it.
    renditions.discard(instance)
