"""The desk's people for tests: staff users in the roles migration 0007 creates, and what the
admin pages they get show them (panel buttons, form fields, offered actions)."""

import lxml.html
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from articles.roles import EDITOR, REPORTER, WIRE_EDITOR

ROLE_GROUPS = {"reporter": REPORTER, "editor": EDITOR, "wire_editor": WIRE_EDITOR}
ROLES = ["reporter", "editor", "wire_editor", "superuser", "nobody"]  # nobody: staff, no group


def make_staff(role, username=None):
    """A staff user in one role; "superuser" is a superuser, "nobody" staff without a group."""
    user = get_user_model().objects.create_user(
        username or role,
        password="pw-for-tests",
        is_staff=True,
        is_superuser=role == "superuser",
    )
    if role in ROLE_GROUPS:
        user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
    return user


def client_for(user, **options):
    client = Client(**options)
    client.force_login(user)
    return client


def html(response):
    return lxml.html.fromstring(response.content.decode())


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def transition_url(article, name):
    return reverse("admin:articles_article_transition", args=[article.pk, name])


def panel_buttons(response):
    """The labels of the transition buttons in the article form's status panel."""
    return [b.text_content().strip() for b in html(response).cssselect(".workflow-panel button")]


def form_fields(response):
    """Names of the inputs of the article form itself (not its inlines)."""
    (form,) = html(response).cssselect("form#article_form")
    names = {field.get("name") for field in form.cssselect("input, select, textarea")}
    return {name for name in names if name and "-" not in name}


def form_data(response, **changes):
    (form,) = html(response).cssselect("form#article_form")
    return {**dict(form.form_values()), **changes}


def offered_actions(response):
    return {
        option.get("value")
        for option in html(response).cssselect("select[name=action] option")
        if option.get("value")
    }
