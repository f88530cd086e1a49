"""The editors' admin: every model, with the filters, search and actions a desk uses daily."""

from django.contrib import admin
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone

from articles import admin_queue, workflow  # noqa: F401 admin_queue registers the wire queue
from articles.admin_workflow import (
    StoryPartAdmin,
    StoryPartInline,
    WorkflowAdminMixin,
    state_badges,
)
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
    StatusChange,
    WireVersion,
)
from articles.photo_forms import ImageCaptionForm
from articles.revisions_admin import StoryHistoryAdmin
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


class CreditInline(StoryPartInline, admin.TabularInline):
    model = Credit
    form_group = "story"
    extra = 0
    autocomplete_fields = ["author", "agency"]
    verbose_name = "byline credit"
    verbose_name_plural = "byline (people and agencies, in order)"


class ImageCaptionInline(StoryPartInline, admin.StackedInline):
    model = ImageCaption
    form_group = "story"
    form = ImageCaptionForm
    extra = 0
    fields = [("image", "position", "body_position"), "caption", ("credit", "alt_text")]


class RelatedStoryInline(StoryPartInline, admin.TabularInline):
    model = RelatedStory
    form_group = "story"
    fk_name = "article"
    extra = 0
    formfield_overrides = HTTPS_URLS
    autocomplete_fields = ["target"]
    fields = ["position", "target", "headline", "url"]


class CorrectionInline(StoryPartInline, admin.TabularInline):
    """Dated notices for readers; adding one to a public story shows it as updated."""

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


class StatusChangeInline(admin.TabularInline):
    """Who moved the story between states, and when: a record, never edited."""

    model = StatusChange
    extra = 0
    can_delete = False
    fields = ["at", "from_status", "to_status", "who", "note"]
    readonly_fields = fields
    verbose_name_plural = "status history"

    @admin.display(description="By")
    def who(self, change):
        return (change.by.get_full_name() or change.by.get_username()) if change.by else "—"

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_article")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
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


class ScheduledFilter(admin.SimpleListFilter):
    title = "schedule"
    parameter_name = "schedule"

    def lookups(self, request, model_admin):
        return [("scheduled", "Scheduled (time ahead)"), ("live", "Public now")]

    def queryset(self, request, queryset):
        if self.value() == "scheduled":
            return queryset.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
        if self.value() == "live":
            return queryset.published()
        return queryset


STORY_FIELDS = ["headline", "slug", "section", "summary", "highlights", "body"]
PUBLISHING_FIELDSETS = [
    (
        "Publishing",
        {
            "description": "Status changes through the buttons at the top of the page.",
            "fields": [
                "state",
                ("published_at", "updated_at"),
                "embargo_until",
                ("withdrawn_at", "withdrawal_reason"),
                "created_by",
            ],
        },
    ),
    ("Desk", {"fields": ["needs_attention", "desk_note"]}),
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


@admin.register(Article)
class ArticleAdmin(WorkflowAdminMixin, StoryHistoryAdmin, admin.ModelAdmin):
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
        ScheduledFilter,
        EmbargoFilter,
        "needs_attention",
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
        StatusChangeInline,
        WireVersionInline,
    ]
    actions = [
        "submit_for_review",
        "publish",
        "return_to_draft",
        "withdraw",
        "discard",
        "apply_held_wire_version",
    ]
    view_on_site = False  # the status panel links the story: "Preview" until it is public

    class Media:
        css = {"all": ["css/admin-desk.css"]}

    def get_fieldsets(self, request, obj=None):
        """Reporters see the story and its tags; roles that publish also see the rest."""
        fieldsets = [
            ("Story", {"fields": [*STORY_FIELDS, ("dateline", "language")]}),
            ("Tags", {"fields": ["tags"]}),
        ]
        user = request.user
        if workflow.may_publish_some(user) or workflow.can_review(user):
            fieldsets += PUBLISHING_FIELDSETS
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        # Status, publication and withdrawal times and reasons change only by transitions.
        readonly = ["state", "published_at", "withdrawn_at", "withdrawal_reason", "created_by"]
        readonly += PUBLISHING_FIELDSETS[-1][1]["fields"]
        if not request.user.has_perm("articles.publish_article"):
            readonly += ["updated_at", "embargo_until"]
        return readonly

    def get_inlines(self, request, obj):
        # A story being written has no record yet: corrections, moves and wire versions come later.
        if obj is None:
            return [
                inline for inline in self.inlines if getattr(inline, "form_group", "") == "story"
            ]
        return self.inlines

    def get_queryset(self, request):
        credits = Credit.objects.select_related("author", "agency")
        return super().get_queryset(request).prefetch_related(Prefetch("credits", queryset=credits))

    @admin.display(description="Status", ordering="status")
    def status_label(self, article):
        return state_badges(article)

    @admin.display(description="Status")
    def state(self, article):
        return state_badges(article) if article.pk else "New draft"

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
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Correction and formset.new_objects:
            workflow.corrections_added(form.instance)

    @admin.action(
        description="Apply the newest held wire version (replaces the desk's edits)",
        permissions=["wire"],
    )
    def apply_held_wire_version(self, request, queryset):
        applied = 0
        for article in queryset:
            if not workflow.can_edit(request.user, article):
                continue
            held = article.wire_versions.filter(state=WireVersion.State.PENDING).first()
            if held is not None:
                apply_held_version(held)
                applied += 1
        self.message_user(request, f"Applied held wire versions to {applied} stories.")


@admin.register(Credit)
class CreditAdmin(StoryPartAdmin, admin.ModelAdmin):
    list_display = ["article", "position", "author", "agency"]
    list_filter = [("agency", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["article__headline", "author__name", "agency__code", "agency__name"]
    autocomplete_fields = ["article", "author", "agency"]
    list_select_related = ["article", "author", "agency"]


@admin.register(ImageCaption)
class ImageCaptionAdmin(StoryPartAdmin, admin.ModelAdmin):
    list_display = ["__str__", "credit", "article", "position"]
    search_fields = ["caption", "credit", "alt_text", "article__headline"]
    list_filter = ["article__section"]
    autocomplete_fields = ["article"]
    list_select_related = ["article"]


@admin.register(RelatedStory)
class RelatedStoryAdmin(StoryPartAdmin, admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["headline", "article", "target", "position"]
    search_fields = ["headline", "article__headline"]
    list_filter = [("target", admin.EmptyFieldListFilter)]
    autocomplete_fields = ["article", "target"]
    list_select_related = ["article", "target"]


@admin.register(Correction)
class CorrectionAdmin(StoryPartAdmin, admin.ModelAdmin):
    list_display = ["article", "noted_at", "text"]
    search_fields = ["text", "article__headline"]
    date_hierarchy = "noted_at"
    autocomplete_fields = ["article"]
    list_select_related = ["article"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            workflow.corrections_added(obj.article)


@admin.register(WireVersion)
class WireVersionAdmin(admin.ModelAdmin):
    list_display = ["article", "state", "source_version", "version_created", "received_at"]
    list_filter = ["state", "received_at"]
    search_fields = ["article__headline", "article__source_ref", "source_name"]
    readonly_fields = [f.name for f in WireVersion._meta.fields]
    list_select_related = ["article"]

    def has_add_permission(self, request):
        return False
