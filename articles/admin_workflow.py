"""The workflow in the admin: transition buttons and URLs, bulk actions, and the server-side
refusals that go with them.

Status never travels in the article form. It changes only through a POST to a transition URL
(``<id>/transition/<name>/``, CSRF-protected by the admin) or a bulk action, and both call
articles/workflow.py, which checks the user's permission for each story. What a role may not use
is not shown to it; a request for it anyway (a forged POST) is answered 403 and changes nothing.
"""

import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from articles import workflow
from articles.models import Article

# Fields of the article form that only some roles get (and none gets "status").
WORKFLOW_FIELDS = workflow.WORKFLOW_FIELDS
# A split date-time widget posts "published_at_0" and "published_at_1".
_SPLIT_WIDGET_PART = re.compile(r"_[01]$")

BUTTON_LABELS = {
    "submit_for_review": "Submit for review",
    "return_to_draft": "Return to draft",
    "publish": "Publish now",
    "schedule": "Schedule",
    "withdraw": "Withdraw",
    "discard": "Discard",
}
DONE = {
    "submit_for_review": "Submitted for review",
    "return_to_draft": "Returned to draft",
    "publish": "Published",
    "schedule": "Scheduled",
    "withdraw": "Withdrew",
    "discard": "Discarded",
}


class ScheduleForm(forms.Form):
    published_at = forms.DateTimeField()


def state_badges(article):
    """The state as colour and text, plus a red badge while an embargo is ahead."""
    state = article.editorial_state()
    embargoed = article.embargo_active() and state != Article.State.WITHDRAWN
    key, label = state.value, state.label
    if embargoed and state == Article.State.PUBLISHED:
        key, label = "embargoed", "Embargoed"
    chip = format_html('<span class="status status-{}">{}</span>', key, label)
    if not embargoed:
        return chip
    return format_html("{} {}", chip, embargo_badge(article))


def embargo_badge(article):
    until = timezone.localtime(article.embargo_until)
    return format_html(
        '<strong class="embargo-badge">Embargoed until <time datetime="{}">{}</time></strong>',
        until.isoformat(),
        date_format(until, "j M Y, H:i"),
    )


def perform(model_admin, request, article, name):
    """Run one transition from a button's POST; a refusal of permission propagates (403)."""
    transition = workflow.TRANSITIONS[name]
    params = {}
    if name == "withdraw":
        params["reason"] = request.POST.get("reason", "")
    elif name == "schedule":
        form = ScheduleForm(request.POST)
        params["at"] = form.cleaned_data["published_at"] if form.is_valid() else None
    try:
        transition(article, request.user, **params)
    except workflow.TransitionError as error:
        model_admin.message_user(request, f"{article.headline}: {error}", messages.ERROR)
        return False
    model_admin.message_user(request, f"{DONE[name]}: {article.headline}.", messages.SUCCESS)
    return True


class BulkTransitions:
    """Permission-aware bulk actions, and a 403 for any action the page did not offer."""

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST":
            offered = self.get_actions(request)
            asked = {name for name in request.POST.getlist("action") if name}
            if asked - set(offered):
                raise PermissionDenied("That action is not yours to take.")
        return super().changelist_view(request, extra_context)

    # Action permissions: get_actions offers an action only where one of these says yes.

    def has_publish_permission(self, request):
        return workflow.may_publish_some(request.user)

    def has_withdraw_permission(self, request):
        return workflow.can_withdraw(request.user)

    def has_review_permission(self, request):
        return workflow.can_review(request.user) or workflow.may_publish_some(request.user)

    def has_wire_permission(self, request):
        user = request.user
        return workflow.can_review(user) or user.has_perm("articles.publish_wire_article")

    # Bulk actions: each story is checked on its own; the ones refused are named.

    def run_bulk(self, request, queryset, name, **params):
        done, refused = 0, []
        for article in queryset:
            try:
                workflow.TRANSITIONS[name](article, request.user, **params)
            except (PermissionDenied, workflow.TransitionError) as error:
                refused.append(f"{article.headline} ({error})")
            else:
                done += 1
        if done:
            self.message_user(request, f"{DONE[name]} {done} stories.", messages.SUCCESS)
        if refused:
            self.message_user(request, "Not changed: " + "; ".join(refused), messages.WARNING)

    @admin.action(description="Submit selected stories for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        self.run_bulk(request, queryset, "submit_for_review")

    @admin.action(description="Publish selected stories now", permissions=["publish"])
    def publish(self, request, queryset):
        self.run_bulk(request, queryset, "publish")

    @admin.action(description="Return selected stories to draft", permissions=["review"])
    def return_to_draft(self, request, queryset):
        self.run_bulk(request, queryset, "return_to_draft")

    @admin.action(description="Discard selected wire stories", permissions=["publish"])
    def discard(self, request, queryset):
        self.run_bulk(request, queryset, "discard")

    @admin.action(description="Withdraw selected stories…", permissions=["withdraw"])
    def withdraw(self, request, queryset):
        """Asks for the reason on a page of its own, then withdraws with it."""
        reason = request.POST.get("reason", "").strip()
        if request.POST.get("confirm") and reason:
            self.run_bulk(request, queryset, "withdraw", reason=reason)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Withdraw stories",
            "opts": self.opts,
            "articles": queryset,
            "missing_reason": bool(request.POST.get("confirm")),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/article/withdraw_selected.html", context)


class WorkflowAdminMixin(BulkTransitions):
    """For ArticleAdmin: transition URLs and buttons, and the guard on the form's fields."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        transition = self.admin_site.admin_view(self.transition_view)
        own = [
            path(
                "<path:object_id>/transition/<slug:name>/",
                transition,
                name="{}_{}_transition".format(*info),
            )
        ]
        return own + super().get_urls()

    def transition_view(self, request, object_id, name):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if name not in workflow.TRANSITIONS:
            raise Http404("No such transition.")
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such story.")
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        perform(self, request, article, name)
        return redirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[article.pk])
        )

    def has_change_permission(self, request, obj=None):
        """Per story: a reporter's own drafts, a wire editor's wire stories, an editor's any."""
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj))

    # What the form does not offer, the server does not take.

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id)) if object_id else None
            posted = {_SPLIT_WIDGET_PART.sub("", key) for key in request.POST}
            editable = self.editable_fields(request, obj)
            if (posted & WORKFLOW_FIELDS) - editable:
                raise PermissionDenied("Status and publishing fields are not in your form.")
        return super().changeform_view(request, object_id, form_url, extra_context)

    def editable_fields(self, request, obj):
        fields = admin.utils.flatten_fieldsets(self.get_fieldsets(request, obj))
        return set(fields) - set(self.get_readonly_fields(request, obj))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["workflow"] = self.workflow_panel(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def workflow_panel(self, request, article):
        names = workflow.available(article, request.user)
        return {
            "badges": state_badges(article),
            "public": Article.objects.published().filter(pk=article.pk).exists(),
            "withdrawn": article.status == Article.Status.WITHDRAWN,
            "url": article.get_absolute_url(),
            "transitions": [
                {
                    "name": name,
                    "label": BUTTON_LABELS[name],
                    "url": reverse(
                        f"admin:{self.opts.app_label}_{self.opts.model_name}_transition",
                        args=[article.pk, name],
                    ),
                }
                for name in names
            ],
        }


class StoryPartInline:
    """An inline of the article form (byline, photos, related, corrections): editable only where
    the story is, so a reporter's view of someone else's story has no editable rows."""

    form_group = "after"  # "story": shown with the story's fields, above Tags and Publishing

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and _story_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _story_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _story_editable(request, obj)


class StoryPartAdmin:
    """The same rule on the parts' own admin pages: a part of a story you may not edit is
    read-only, and adding one to such a story is refused (403)."""

    def has_change_permission(self, request, obj=None):
        story = obj.article if obj is not None else None
        return super().has_change_permission(request, obj) and _story_editable(request, story)

    def has_delete_permission(self, request, obj=None):
        story = obj.article if obj is not None else None
        return super().has_delete_permission(request, obj) and _story_editable(request, story)

    def save_model(self, request, obj, form, change):
        if not workflow.can_edit(request.user, obj.article):
            raise PermissionDenied("You may not change that story.")
        super().save_model(request, obj, form, change)


def _story_editable(request, article):
    return article is None or workflow.can_edit(request.user, article)
