"""The editorial workflow: who may move a story between states, and the moves themselves.

    draft ⇄ in review → scheduled / published → withdrawn

Every move is one function here (``submit_for_review``, ``return_to_draft``, ``publish``,
``schedule``, ``withdraw``, and ``discard`` for the wire queue). Each checks, in this order:

1. the user's permission for this story — ``PermissionDenied`` (the admin answers 403), so a
   forged request learns nothing about the story's state;
2. the story's state and content — ``TransitionError``, a sentence for the editor (a publish
   with photos lacking caption, credit or alt text is refused here);

then saves the story and records a ``StatusChange`` (who, when, from, to, note) in one
transaction, the row locked so two editors pressing at once cannot both move it.

"Scheduled" is a published story whose publication time is ahead: ``Article.objects.published()``
makes it public when the time comes, so nothing has to run at that time. Embargoes are separate
and enforced by the same query; nothing here lifts one.

Who may do what is decided from model permissions (see articles/roles.py):

- ``review_article`` (editors): edit any story, return a story in review to draft;
- ``publish_article`` (editors): publish or schedule any story, unpublish it;
- ``publish_wire_article`` (wire editors): edit, publish and discard wire stories (those with a
  ``source_format``);
- ``withdraw_article`` (editors): withdraw a story, with a reason;
- ``change_article`` alone (reporters): edit and submit their own drafts.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from articles import freshness
from articles.models import Article, StatusChange
from articles.photos import missing_photo_details

# What the transitions and the desk own on a story: its publishing state, the desk's flag and
# note, and its owner. Forms give them only to some roles; a restore leaves them as they are.
WORKFLOW_FIELDS = frozenset(
    {
        "status",
        "published_at",
        "updated_at",
        "embargo_until",
        "withdrawn_at",
        "withdrawal_reason",
        "needs_attention",
        "desk_note",
        "created_by",
    }
)

transitions_log = logging.getLogger("articles.workflow")

State = Article.State

DISCARD_REASON = "Discarded from the wire queue"


class TransitionError(Exception):
    """A move the story's state or content does not allow; the message is for the editor."""


# Permissions, as questions about one user and (where it matters) one story.


def can_edit(user, article):
    """May this user change this story's text and parts (photos, byline, related stories)?"""
    if not user.has_perm("articles.change_article"):
        return False
    if user.has_perm("articles.review_article"):
        return True
    if article.source_format and user.has_perm("articles.publish_wire_article"):
        return True
    return _own_draft(user, article)


def _own_draft(user, article):
    return article.status == Article.Status.DRAFT and (
        article.pk is None
        or (article.created_by_id is not None and article.created_by_id == user.pk)
    )


def can_publish(user, article):
    """Publish now, or take back to draft: editors any story, wire editors wire stories."""
    if user.has_perm("articles.publish_article"):
        return True
    return bool(article.source_format) and user.has_perm("articles.publish_wire_article")


def can_schedule(user):
    return user.has_perm("articles.publish_article")


def can_withdraw(user):
    return user.has_perm("articles.withdraw_article")


def can_review(user):
    return user.has_perm("articles.review_article")


def may_publish_some(user):
    """Publishes at least some stories: sees the publishing fields and the publish action."""
    return user.has_perm("articles.publish_article") or user.has_perm(
        "articles.publish_wire_article"
    )


def _require(allowed, what):
    if not allowed:
        raise PermissionDenied(f"You may not {what} this story.")


# The moves.


def submit_for_review(article, user):
    """A draft goes to the editors; its reporter can no longer edit it until it comes back."""
    _require(can_edit(user, article), "submit")
    with _locked(article) as state:
        _expect(state, {State.DRAFT}, "submitted for review")
        article.status = Article.Status.REVIEW
        return _record(article, user, state, State.REVIEW)


def return_to_draft(article, user, note=""):
    """Back to its writer: from review (an editor's call), or taken off the site or schedule."""
    with _locked(article) as state:
        if state == State.REVIEW:
            _require(can_review(user) or can_publish(user, article), "return")
        else:
            _require(can_publish(user, article), "unpublish")
        _expect(state, {State.REVIEW, State.SCHEDULED, State.PUBLISHED}, "returned to draft")
        article.status = Article.Status.DRAFT
        return _record(article, user, state, State.DRAFT, note)


def publish(article, user):
    """Public now (or when its embargo lifts).

    The publication time is set once: a story that was public before keeps its first time (a
    past ``published_at``, also the wire's own time), so republishing does not move it up the
    listings. A future time is a plan, not a publication: Publish means now; Schedule keeps a
    time ahead.
    """
    _require(can_publish(user, article), "publish")
    with _locked(article) as state:
        _expect(state, {State.DRAFT, State.REVIEW, State.SCHEDULED}, "published")
        _require_photo_details(article)
        now = timezone.now()
        if article.published_at is None or article.published_at > now:
            article.published_at = now
        article.status = Article.Status.PUBLISHED
        return _record(article, user, state, State.PUBLISHED)


def schedule(article, user, at):
    """Published with a publication time ahead: readers see it from ``at``, by itself."""
    _require(can_schedule(user), "schedule")
    with _locked(article) as state:
        _expect(state, {State.DRAFT, State.REVIEW, State.SCHEDULED}, "scheduled")
        if at is None:
            raise TransitionError("Give the date and time to publish at.")
        if at <= timezone.now():
            raise TransitionError("A scheduled time must be in the future; Publish publishes now.")
        _require_photo_details(article)
        article.status = Article.Status.PUBLISHED
        article.published_at = at
        when = date_format(timezone.localtime(at), "j M Y, H:i")
        return _record(article, user, state, State.SCHEDULED, f"For {when}")


def withdraw(article, user, reason):
    """Killed: its URL answers 410, it leaves every listing; its text stays here."""
    _require(can_withdraw(user), "withdraw")
    reason = (reason or "").strip()
    with _locked(article) as state:
        _expect(state, set(State) - {State.WITHDRAWN}, "withdrawn")
        if not reason:
            raise TransitionError("Give the reason for withdrawing the story.")
        _set_withdrawn(article, reason)
        return _record(article, user, state, State.WITHDRAWN, reason)


def discard(article, user):
    """Out of the wire queue unpublished: withdrawn with a fixed reason, not deleted.

    Keeping the row keeps its source identity, so a re-sent copy of the same story updates this
    record (and stays out of the queue) instead of arriving again as new; the StatusChange says
    who discarded it.
    """
    _require(can_publish(user, article), "discard")
    with _locked(article) as state:
        if not article.source_format or state not in {State.DRAFT, State.REVIEW}:
            raise TransitionError("Only wire stories waiting in the queue can be discarded.")
        _set_withdrawn(article, DISCARD_REASON)
        return _record(article, user, state, State.WITHDRAWN, DISCARD_REASON)


TRANSITIONS = {
    "submit_for_review": submit_for_review,
    "return_to_draft": return_to_draft,
    "publish": publish,
    "schedule": schedule,
    "withdraw": withdraw,
    "discard": discard,
}

# Which moves leave which state, for the buttons an editor is offered.
_FROM = {
    "submit_for_review": {State.DRAFT},
    "return_to_draft": {State.REVIEW, State.SCHEDULED, State.PUBLISHED},
    "publish": {State.DRAFT, State.REVIEW, State.SCHEDULED},
    "schedule": {State.DRAFT, State.REVIEW, State.SCHEDULED},
    "withdraw": set(State) - {State.WITHDRAWN},
    "discard": {State.DRAFT, State.REVIEW},
}


def available(article, user):
    """The moves this user may make on this story now, in the order the admin offers them."""
    state = article.editorial_state()
    allowed = {
        "submit_for_review": can_edit(user, article),
        "return_to_draft": can_publish(user, article)
        or (state == State.REVIEW and can_review(user)),
        "publish": can_publish(user, article),
        "schedule": can_schedule(user),
        "withdraw": can_withdraw(user),
        "discard": bool(article.source_format) and can_publish(user, article),
    }
    return [name for name in TRANSITIONS if allowed[name] and state in _FROM[name]]


def corrections_added(article):
    """A correction was appended: a public story shows readers a new "Updated" time."""
    if Article.objects.published().filter(pk=article.pk).exists():
        article.updated_at = timezone.now()
        Article.objects.filter(pk=article.pk).update(updated_at=article.updated_at)
        freshness.stories_changed([article.pk], nav=False)  # the update sent no signal


# Helpers.


class _locked:
    """Within a transaction, with the story's row locked: its current state, read afresh."""

    def __init__(self, article):
        self.article = article
        self.atomic = transaction.atomic()

    def __enter__(self):
        self.atomic.__enter__()
        stored = (
            Article.objects.select_for_update()
            .filter(pk=self.article.pk)
            .values("status", "published_at", "withdrawn_at", "withdrawal_reason")
            .get()
        )
        for field, value in stored.items():
            setattr(self.article, field, value)
        return self.article.editorial_state()

    def __exit__(self, *exc_info):
        return self.atomic.__exit__(*exc_info)


def _expect(state, allowed, done):
    if state not in allowed:
        raise TransitionError(f"A story that is {State(state).label.lower()} cannot be {done}.")


def _require_photo_details(article):
    problems = missing_photo_details(article)
    if problems:
        raise TransitionError("Not published: " + " ".join(problems))


def _set_withdrawn(article, reason):
    article.status = Article.Status.WITHDRAWN
    article.withdrawn_at = timezone.now()
    article.withdrawal_reason = reason


def _record(article, user, from_state, to_state, note=""):
    article.save(
        update_fields=["status", "published_at", "withdrawn_at", "withdrawal_reason", "modified_at"]
    )
    change = StatusChange.objects.create(
        article=article,
        from_status=from_state,
        to_status=to_state,
        by=user if user.is_authenticated else None,
        note=note,
    )
    transitions_log.info(
        "workflow.transition",
        extra={
            "article_id": article.pk,
            "from_status": from_state,
            "to_status": to_state,
            "user": user.get_username() if user.is_authenticated else None,
            "at": change.at.isoformat(),
        },
    )
    return change
