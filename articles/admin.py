"""The editors' admin: every model, with the filters, search and actions a desk uses daily."""

from django.contrib import admin, messages
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.html import format_html

from articles.forms import ArticleAdminForm
from articles.models import (
    Agency,
    Article,
    Author,
    Correction,
    Credit,
    ImageCaption,
    RelatedStory,
    Section,
    WireVersion,
)
from articles.wire.importer import apply_held_version

# Addresses typed without a scheme are https (Django 6's default, chosen now).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}

# Edits to these fields of a live story show readers an "Updated" time.
READER_VISIBLE_FIELDS = {"headline", "summary", "highlights", "body", "section"}


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["code", "name", "slug", "url"]
    search_fields = ["code", "name"]
    prepopulated_fields = {"slug": ["code"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "agency"]
    list_filter = ["agency"]
    search_fields = ["name", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["agency"]
    list_select_related = ["agency"]


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 0
    autocomplete_fields = ["author", "agency"]
    verbose_name = "byline credit"
    verbose_name_plural = "byline (people and agencies, in order)"


class ImageCaptionInline(admin.StackedInline):
    model = ImageCaption
    extra = 0
    fields = [("image", "position", "body_position"), "caption", ("credit", "alt_text")]


class RelatedStoryInline(admin.TabularInline):
    model = RelatedStory
    fk_name = "article"
    extra = 0
    formfield_overrides = HTTPS_URLS
    autocomplete_fields = ["target"]
    fields = ["position", "target", "headline", "url"]


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    fields = ["noted_at", "text"]


class WireVersionInline(admin.TabularInline):
    """Every version the wire sent, newest first; held ones wait for an editor."""

    model = WireVersion
    extra = 0
    can_delete = False
    fields = ["received_at", "state", "source_version", "version_created", "source_name"]
    readonly_fields = fields
    verbose_name_plural = "wire versions received"

    def has_add_permission(self, request, obj=None):
        return False


class EmbargoFilter(admin.SimpleListFilter):
    title = "embargo"
    parameter_name = "embargo"

    def lookups(self, request, model_admin):
        return [("active", "Under embargo now"), ("none", "No embargo")]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.filter(embargo_until__gt=timezone.now())
        if self.value() == "none":
            return queryset.filter(embargo_until__isnull=True)
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "headline",
        "section",
        "status_label",
        "byline_text",
        "published_at",
        "updated_at",
        "needs_attention",
    ]
    list_filter = [
        "status",
        "needs_attention",
        EmbargoFilter,
        "section",
        ("credits__agency", admin.RelatedOnlyFieldListFilter),
        ("credits__author", admin.RelatedOnlyFieldListFilter),
        "tags",
        "published_at",
        "source_format",
    ]
    search_fields = [
        "headline",
        "summary",
        "body",
        "source_ref",
        "credits__author__name",
        "credits__agency__code",
    ]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section"]
    list_select_related = ["section"]
    inlines = [
        CreditInline,
        ImageCaptionInline,
        RelatedStoryInline,
        CorrectionInline,
        WireVersionInline,
    ]
    actions = ["publish", "unpublish", "withdraw", "apply_held_wire_version"]
    readonly_fields = [
        "source_format",
        "source_ref",
        "source_name",
        "source_version",
        "source_version_time",
        "withdrawn_at",
        "created_at",
        "modified_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "headline",
                    "slug",
                    "section",
                    "summary",
                    "highlights",
                    "body",
                    "tags",
                ]
            },
        ),
        (
            "Publishing",
            {
                "fields": [
                    "status",
                    "published_at",
                    "updated_at",
                    "embargo_until",
                    ("withdrawn_at", "withdrawal_reason"),
                ]
            },
        ),
        ("Desk", {"fields": ["needs_attention", "desk_note", "dateline", "language"]}),
        (
            "Source",
            {
                "classes": ["collapse"],
                "fields": [
                    "source_format",
                    "source_ref",
                    "source_name",
                    "source_version",
                    "source_version_time",
                    "created_at",
                    "modified_at",
                ],
            },
        ),
    ]

    def get_queryset(self, request):
        credits = Credit.objects.select_related("author", "agency")
        return super().get_queryset(request).prefetch_related(Prefetch("credits", queryset=credits))

    @admin.display(description="Status", ordering="status")
    def status_label(self, article):
        return format_html(
            '<span class="status status-{}">{}</span>',
            article.status,
            article.get_status_display(),
        )

    @admin.display(description="Byline")
    def byline_text(self, article):
        return ", ".join(str(credited) for credited in article.byline)

    def save_model(self, request, obj, form, change):
        # Readers must already have been able to see the story: judged on the stored row (this
        # edit may be what publishes it) by the one public rule, embargo included.
        live = change and Article.objects.published().filter(pk=obj.pk).exists()
        if (
            live
            and READER_VISIBLE_FIELDS & set(form.changed_data)
            and "updated_at" not in form.changed_data
        ):
            obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)

    @admin.action(description="Publish selected stories", permissions=["change"])
    def publish(self, request, queryset):
        for article in queryset:
            article.publish()
        self.message_user(request, f"Published {len(queryset)} stories.", messages.SUCCESS)

    @admin.action(description="Unpublish selected stories (back to draft)", permissions=["change"])
    def unpublish(self, request, queryset):
        for article in queryset:
            article.unpublish()
        self.message_user(request, f"Returned {len(queryset)} stories to draft.", messages.SUCCESS)

    @admin.action(
        description="Apply the newest held wire version (replaces the desk's edits)",
        permissions=["change"],
    )
    def apply_held_wire_version(self, request, queryset):
        applied = 0
        for article in queryset:
            held = article.wire_versions.filter(state=WireVersion.State.PENDING).first()
            if held is not None:
                apply_held_version(held)
                applied += 1
        self.message_user(request, f"Applied held wire versions to {applied} stories.")

    @admin.action(description="Withdraw selected stories", permissions=["change"])
    def withdraw(self, request, queryset):
        for article in queryset:
            article.withdraw()
        self.message_user(request, f"Withdrew {len(queryset)} stories.", messages.WARNING)


@admin.register(Credit)
class CreditAdmin(admin.ModelAdmin):
    list_display = ["article", "position", "author", "agency"]
    list_filter = [("agency", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["article__headline", "author__name", "agency__code", "agency__name"]
    autocomplete_fields = ["article", "author", "agency"]
    list_select_related = ["article", "author", "agency"]


@admin.register(ImageCaption)
class ImageCaptionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "credit", "article", "position"]
    search_fields = ["caption", "credit", "alt_text", "article__headline"]
    list_filter = ["article__section"]
    autocomplete_fields = ["article"]
    list_select_related = ["article"]


@admin.register(RelatedStory)
class RelatedStoryAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["headline", "article", "target", "position"]
    search_fields = ["headline", "article__headline"]
    list_filter = [("target", admin.EmptyFieldListFilter)]
    autocomplete_fields = ["article", "target"]
    list_select_related = ["article", "target"]


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["article", "noted_at", "text"]
    search_fields = ["text", "article__headline"]
    date_hierarchy = "noted_at"
    autocomplete_fields = ["article"]
    list_select_related = ["article"]


@admin.register(WireVersion)
class WireVersionAdmin(admin.ModelAdmin):
    list_display = ["article", "state", "source_version", "version_created", "received_at"]
    list_filter = ["state", "received_at"]
    search_fields = ["article__headline", "article__source_ref", "source_name"]
    readonly_fields = [f.name for f in WireVersion._meta.fields]
    list_select_related = ["article"]

    def has_add_permission(self, request):
        return False
