"""The article admin's history: every revision with who and when, two compared, one restored.

``StoryHistoryAdmin`` is a mixin for ArticleAdmin on top of reversion's VersionAdmin, which
records a revision (with the user and the admin's change message) for every add, change and
action. On top of it:

- ``<id>/history/``: the revisions, newest first, with boxes to pick two to compare;
- ``<id>/history/compare/?version=A&version=B``: the readable diff of two revisions;
- ``<id>/history/<version>/`` (reversion's own address): what restoring that revision changes,
  and a button that restores it through ``revisions.restore_revision``.

Reversion's own revert at that address, and its "recover deleted" pages, revert a whole revision
(every story a bulk action touched, publishing state included): they are replaced or left out.
Comparing and restoring need the right to edit the story (``workflow.can_edit``: a reporter,
only their own drafts); seeing the list, the right to view it.
"""

from contextlib import contextmanager

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from reversion.admin import VersionAdmin

from articles import revisions, workflow
from articles.revision_diff import diff_stories

TEMPLATES = "admin/articles/article/"


class StoryHistoryAdmin(VersionAdmin):
    object_history_template = TEMPLATES + "revision_history.html"
    change_list_template = None  # reversion's adds a link to the recover pages left out below

    def get_urls(self):
        left_out = {self._url_name("recover"), self._url_name("recoverlist")}
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.compare_view),
            name=self._url_name("compare"),
        )
        return [compare, *(url for url in super().get_urls() if url.name not in left_out)]

    @contextmanager
    def create_revision(self, request):
        # Reversion's hook around every add, change and bulk action: each revision then holds
        # the stories it saved whole, parts written after the article included.
        with super().create_revision(request), revisions.whole_stories():
            yield

    # Views --------------------------------------------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is None:  # the admin's own answer for a missing object
            return super().history_view(request, object_id, extra_context)
        versions = list(revisions.story_versions(article))
        rows = [
            {
                "version": version,
                "restore_url": self._url("revision", article, version.pk),
                "changes_url": self._compare_url(article, versions[number + 1], version)
                if number + 1 < len(versions)
                else None,
            }
            for number, version in enumerate(versions)
        ]
        context = {
            "revisions": rows,
            "can_compare": self._may_change(request, article),
            "compare_url": self._url("compare", article),
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def compare_view(self, request, object_id):
        article = self._article_to_change(request, object_id)
        picked = {pk for pk in request.GET.getlist("version") if pk.isdigit()}
        versions = list(revisions.story_versions(article).filter(pk__in=picked))
        if len(versions) != 2:
            self.message_user(request, "Pick two revisions to compare.", messages.WARNING)
            return redirect(self._url("history", article))
        newer, older = versions
        context = {
            **self._context(request, article, f"Changes to “{article}”"),
            "older": older,
            "newer": newer,
            "diffs": revisions.diff_revisions(older, newer),
            "older_restore_url": self._url("revision", article, older.pk),
            "newer_restore_url": self._url("revision", article, newer.pk),
        }
        return TemplateResponse(request, TEMPLATES + "revision_compare.html", context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """What restoring this revision would change (GET), or the restore itself (POST)."""
        article = self._article_to_change(request, object_id)
        version = get_object_or_404(revisions.story_versions(article), pk=version_id)
        label = revisions.revision_label(version)
        if request.method == "POST":
            revisions.restore_revision(version, request.user)
            self.log_change(request, article, f"Restored the revision of {label}.")
            self.message_user(request, f"Restored the revision of {label}.", messages.SUCCESS)
            return redirect(self._url("change", article))
        now = revisions.StorySnapshot.from_article(article)
        context = {
            **self._context(request, article, f"Restore “{article}” as it was on {label}?"),
            "version": version,
            "diffs": diff_stories(now, revisions.StorySnapshot.from_version(version)),
            **(extra_context or {}),
        }
        return TemplateResponse(request, TEMPLATES + "revision_restore.html", context)

    # Helpers ------------------------------------------------------------------------------

    def _article_to_change(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such story.")
        if not self._may_change(request, article):
            raise PermissionDenied
        return article

    def _may_change(self, request, article):
        """Restoring rewrites the story's text and parts: the rule for editing it applies."""
        may_edit = workflow.can_edit(request.user, article)
        return may_edit and self.has_change_permission(request, article)

    def _context(self, request, article, title):
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "object": article,
            "history_url": self._url("history", article),
        }

    def _url_name(self, view):
        return f"{self.opts.app_label}_{self.opts.model_name}_{view}"

    def _url(self, view, article, *args):
        name = f"{self.admin_site.name}:{self._url_name(view)}"
        return reverse(name, args=[quote(article.pk), *args])

    def _compare_url(self, article, older, newer):
        return f"{self._url('compare', article)}?version={older.pk}&version={newer.pk}"
