"""The desk's roles as auth groups, and the model permissions each holds.

Groups carry model permissions only; what a role may do to one story (a reporter edits only
their own drafts, a wire editor publishes only wire stories) is decided per story in
articles/workflow.py. Migration 0007 creates the groups; ``sync_roles`` can set them again (for
instance after a test run's flush, or once this table changes).
"""

REPORTER, EDITOR, WIRE_EDITOR = "Reporter", "Editor", "Wire editor"

ALL = ("add", "change", "delete", "view")
STORY_PARTS = ("credit", "imagecaption", "relatedstory")  # the article form's own inlines


def _perms(app_label, model, actions):
    return [f"{app_label}.{action}_{model}" for action in actions]


def _parts(actions):
    return [perm for model in STORY_PARTS for perm in _perms("articles", model, actions)]


def _view(*models):
    return [f"{label}.view_{model}" for label, model in (name.split(".") for name in models)]


READ_ONLY_DESK = _view("articles.section", "articles.author", "articles.agency", "taggit.tag")

ROLES = {
    # Files and edits their own drafts and submits them; never publishes, withdraws or deletes.
    # Deleting a byline line or a photo of one's own draft is editing it, so the parts keep
    # delete; the story itself cannot be deleted.
    REPORTER: [
        *_perms("articles", "article", ("add", "change", "view")),
        *_parts(ALL),
        *_view("articles.correction", "articles.statuschange"),
        *READ_ONLY_DESK,
    ],
    # Edits any story, publishes, schedules, withdraws and corrects; manages sections and tags,
    # and the people and agencies bylines name. No one but a superuser deletes a story: a
    # withdrawal keeps the record.
    EDITOR: [
        *_perms("articles", "article", ("add", "change", "view")),
        "articles.publish_article",
        "articles.review_article",
        "articles.withdraw_article",
        *_parts(ALL),
        *_perms("articles", "correction", ALL),
        *_perms("articles", "section", ALL),
        *_perms("taggit", "tag", ALL),
        *_perms("articles", "author", ("add", "change", "view")),
        *_perms("articles", "agency", ("add", "change", "view")),
        *_view("articles.wireversion", "articles.wirequeueitem", "articles.statuschange"),
    ],
    # Runs and reviews the wire: edits wire stories, publishes them, discards them from the
    # queue, applies held wire versions.
    WIRE_EDITOR: [
        *_perms("articles", "article", ("change", "view")),
        "articles.publish_wire_article",
        *_parts(ALL),
        *_view("articles.correction", "articles.statuschange"),
        *_view("articles.wireversion", "articles.wirequeueitem"),
        *READ_ONLY_DESK,
    ],
}


def sync_roles(apps=None):
    """Create the groups and set exactly the permissions above (idempotent).

    ``apps`` is a migration's historical registry, or None for the running project.
    """
    if apps is None:
        from django.apps import apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ROLES.items():
        found = []
        for perm in wanted:
            app_label, codename = perm.split(".")
            found.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(found)
