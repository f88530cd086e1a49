"""Values computed from every public story that many pages show: the navigation's sections, the
filter form's choice lists and the story count of a listing.

Each is a scan of the public stories (the choice lists took 60-110 ms each on 20,000 stories),
so pages read them from the cache, kept while the generations of their keys last
(articles/freshness.py: any public change replaces ``site``, so an edit shows at once). A story
that becomes public by the clock alone (its schedule or embargo comes) writes nothing, so every
entry also ends at the soonest such moment, which the navigation's query finds as it runs.
"""

import secrets
from datetime import timedelta

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from taggit.models import Tag

from articles import freshness

# Longest a page may take to render: a story falling due that long before the navigation's
# query still counts as the next change.
RENDER_ALLOWANCE = timedelta(seconds=5)


def _navigation():
    """Every section, each marked ``public`` when it has a public story, and the soonest moment
    a published story goes public by the clock (the same in every row; None when none is due).
    One query: the soonest moment is a subquery the database runs once."""
    from articles.models import Article, Section

    public = Article.objects.published().filter(section=OuterRef("pk"))
    # Looking back a little: a page whose stories were read just before one fell due must not
    # be kept past that moment; it has passed, so the page is not kept at all.
    since = timezone.now() - RENDER_ALLOWANCE
    rows = list(
        Section.objects.annotate(
            public=Exists(public), due=Subquery(Article.objects.next_due_moment(at=since))
        )
    )
    return {
        # Plain rows, not instances: every page reads this entry.
        "sections": [(s.pk, s.slug, s.name) for s in rows if s.public],
        "until": rows[0].due if rows else None,
        # Names this navigation: what is rendered from it may be kept under this token.
        "version": secrets.token_hex(8),
    }


def _navigation_entry():
    return freshness.cached("navigation", [freshness.SITE], _navigation, until=_navigation_ends)


def _navigation_ends(navigation):
    """The navigation's query finds the moment it must end itself (the others ask it)."""
    return navigation["until"]


# The navigation this process built last from the database, and the navigation version it
# was built at: (version, navigation), or None.
_built_at_version = None


def navigation_at(request, version):
    """Give ``request`` the navigation as of ``version``, the navigation version its page's
    own query read (articles/models/navigation_version.py), with no round trip to the cache:
    the one this process built at that version while it lasts, else one built now from the
    database.

    Read before the navigation is built, the version may be older than what is built, never
    newer: a change committing in between moves the version and the next page builds again.
    No version (its row is missing): the cache's copy, as other pages have it.
    """
    global _built_at_version
    if version is None:
        return
    built = _built_at_version
    if built is None or built[0] != version or _ended(built[1]):
        built = _built_at_version = (version, _navigation())
    request._navigation = built[1]


def _ended(navigation):
    return navigation["until"] is not None and timezone.now() >= navigation["until"]


def next_public_change(request=None):
    """The soonest moment (possibly a few seconds past) a published story goes public by the
    clock, or None."""
    return navigation(request)["until"]


def navigation(request=None):
    """``sections``, (id, slug, name) of each section with a public story in navigation order,
    and ``version``, a token new each time the navigation is built.

    Read once per ``request`` when given: its header and its caching headers both need it.
    """
    if request is None:
        return _navigation_entry()
    entry = getattr(request, "_navigation", None)
    if entry is None:
        entry = request._navigation = _navigation_entry()
    return entry


def section_choices():
    return list(_navigation_entry()["sections"])


def tag_choices():
    """(id, slug, name) of every tag on a public story, by name."""
    from articles.models import Article

    def compute():
        public = Article.objects.published().values("tags")
        found = Tag.objects.filter(pk__in=public).order_by("name", "pk")
        return list(found.values_list("pk", "slug", "name"))

    return freshness.cached("tags", [freshness.SITE], compute)


def author_choices():
    """(id, slug, name) of every person credited on a public story, by name."""
    from articles.models import Article, Author

    def compute():
        public = Article.objects.published().values("credits__author")
        found = Author.objects.filter(pk__in=public).order_by("name", "pk")
        return list(found.values_list("pk", "slug", "name"))

    return freshness.cached("authors", [freshness.SITE], compute)


def agency_choices():
    """(id, slug, code) of every agency credited on a public story, by code (as bylines say)."""
    from articles.models import Agency, Article

    def compute():
        public = Article.objects.published().values("credits__agency")
        found = Agency.objects.filter(pk__in=public).order_by("code", "pk")
        return list(found.values_list("pk", "slug", "code"))

    return freshness.cached("agencies", [freshness.SITE], compute)


def story_count(key, stories):
    """How many stories ``stories`` (public stories of the subject named by ``key``, e.g.
    ``section:3``, or ``site`` for all) holds: a listing's COUNT, the costliest query of a
    deep page of a big section."""
    return freshness.cached(f"count:{key}", [key], stories.count)
