"""Sections, agencies and authors: the things articles are filed under and credited to."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify

from articles.links import link

# Top-level URL names that a section slug would shadow (sections live at /<slug>/).
RESERVED_SECTION_SLUGS = {
    "admin", "agency", "api", "archive", "author", "feeds", "latest", "media", "preview",
    "robots.txt", "search", "sitemap.xml", "static", "tag", "accounts", "healthz",
}  # fmt: skip


def validate_section_slug(value):
    if value in RESERVED_SECTION_SLUGS:
        raise ValidationError(f"“{value}” is reserved for a site page; choose another slug.")


class SectionQuerySet(models.QuerySet):
    def with_public_stories(self):
        from articles.models import Article

        # One probe of the (section, published_at) index per section, not a scan of every story.
        public = Article.objects.published().filter(section=models.OuterRef("pk"))
        return self.filter(models.Exists(public))


class Section(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True, validators=[validate_section_slug])
    position = models.PositiveSmallIntegerField(
        default=100,
        help_text="Order in the site navigation and on the home page (lowest first).",
    )

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return link("articles:section", self.slug)


class Agency(models.Model):
    is_agency = True  # lets a byline template tell agencies from people

    name = models.CharField(max_length=120, unique=True)
    code = models.CharField(
        max_length=120,
        unique=True,
        help_text="How bylines name it: APP, Reuters, AFP, Web Desk.",
    )
    slug = models.SlugField(max_length=80, unique=True)
    url = models.URLField(blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.code

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.code) or slugify(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return link("articles:agency", self.slug)


class Author(models.Model):
    is_agency = False

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    bio = models.TextField(blank=True, help_text="A sentence or two shown on the author page.")
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="authors"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return link("articles:author", self.slug)
