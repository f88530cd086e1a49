"""The wire queue: imported wire stories nobody has published or discarded, newest arrival first,
with one-click Publish and Discard for those allowed (wire editors, editors).

A page of its own over the same articles (the WireQueueItem proxy), so the wire desk's inbox has
its own view permission and its own columns; the stories themselves are edited in the article
admin, where each headline links.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Prefetch
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from articles import workflow
from articles.admin_workflow import BulkTransitions, embargo_badge, perform
from articles.models import Credit, WireQueueItem

QUEUE_BUTTONS = {"publish": "Publish", "discard": "Discard"}


@admin.register(WireQueueItem)
class WireQueueAdmin(BulkTransitions, admin.ModelAdmin):
    list_display = [
        "story",
        "agency",
        "version",
        "arrived_at",
        "embargo",
        "attention",
        "state",
    ]
    list_display_links = None
    list_filter = [
        "needs_attention",
        "source_format",
        ("credits__agency", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["headline", "body", "source_ref"]
    list_select_related = ["section"]
    actions = ["publish", "discard"]

    class Media:
        css = {"all": ["css/admin-desk.css"]}

    def get_queryset(self, request):
        credits = Credit.objects.select_related("agency").filter(agency__isnull=False)
        return (
            WireQueueItem.objects.wire_queue()
            .annotate(arrived=Coalesce(Max("wire_versions__received_at"), "created_at"))
            .prefetch_related(Prefetch("credits", queryset=credits, to_attr="agency_credits"))
        )

    def get_ordering(self, request):
        return ["-arrived", "-pk"]  # newest arrival first: a write-thru comes back to the top

    # The queue is a view: stories are added by the importer and edited in the article admin.

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return redirect("admin:articles_article_change", unquote(object_id))

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        own = [
            path(
                "<path:object_id>/button/<slug:name>/",
                self.admin_site.admin_view(self.button_view),
                name="{}_{}_button".format(*info),
            )
        ]
        return own + super().get_urls()

    def button_view(self, request, object_id, name):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if name not in QUEUE_BUTTONS:
            raise Http404("No such button.")
        if not self.has_view_permission(request):
            raise PermissionDenied
        article = self.get_object(request, unquote(object_id))  # None unless in the queue
        if article is None:
            raise Http404("Not in the wire queue.")
        perform(self, request, article, name)
        return redirect("admin:articles_wirequeueitem_changelist")

    @admin.display(description="Story", ordering="headline")
    def story(self, item):
        url = reverse("admin:articles_article_change", args=[item.pk])
        return format_html('<a href="{}">{}</a>', url, item.headline)

    @admin.display(description="Agency")
    def agency(self, item):
        codes = [credit.agency.code for credit in item.agency_credits]
        return ", ".join(codes) or "—"

    @admin.display(description="Arrived", ordering="arrived")
    def arrived_at(self, item):
        return date_format(timezone.localtime(item.arrived), "j M, H:i")

    @admin.display(description="Version", ordering="source_version")
    def version(self, item):
        return item.source_version or "—"

    @admin.display(description="Embargo", ordering="embargo_until")
    def embargo(self, item):
        return embargo_badge(item) if item.embargo_active() else "—"

    @admin.display(description="Attention", ordering="-needs_attention")
    def attention(self, item):
        if not item.needs_attention:
            return ""
        return mark_safe('<strong class="attention-flag">Needs attention</strong>')

    @admin.display(description="State", ordering="status")
    def state(self, item):
        return item.get_status_display()

    def get_list_display(self, request):
        """The buttons column asks about this request's user, so it is made per request."""

        @admin.display(description="Publish or discard")
        def buttons(item):
            # Buttons in the changelist's own form (which carries the CSRF token), sent elsewhere
            # by ``formaction``: a form may not sit inside another.
            names = workflow.available(item, request.user)
            return format_html_join(
                " ",
                '<button type="submit" class="button queue-{}" formaction="{}" '
                'aria-label="{}: {}">{}</button>',
                (
                    (
                        name,
                        reverse("admin:articles_wirequeueitem_button", args=[item.pk, name]),
                        label,
                        item.headline,
                        label,
                    )
                    for name, label in QUEUE_BUTTONS.items()
                    if name in names
                ),
            )

        story, *rest = self.list_display
        return [story, buttons, *rest]  # the buttons beside the headline: never scrolled away

    def changelist_view(self, request, extra_context=None):
        title = "Wire queue: imported stories waiting for the desk, newest first"
        return super().changelist_view(request, {"title": title, **(extra_context or {})})
