"""A count of committed changes that can alter the navigation, kept beside the stories.

Every page shows the navigation (the sections with public stories), and its cached copy is
checked against a generation in the cache (articles/freshness.py): with Redis, a round trip
on every page built. The article page is the page built most often, and it reads the database
anyway: its one query also reads this number (``current()``), so a process can keep the
navigation it last built and know, with no second round trip, whether a change that can alter
it has committed since (articles/public_lists.py).

The changes counted are those that replace the ``nav`` generation (a story going public or
leaving, moving section, or changing when it goes public; a section renamed, moved or
deleted). The number moves once the change has committed, as generations do, in a statement
of its own: no lock is held by the change's transaction. A process that reads the number and
then builds the navigation sees every change the number counts; a change committing in between
is counted later and makes it build again. On a replica the number arrives after the change it
counts, in commit order.
"""

import secrets

from django.db import DEFAULT_DB_ALIAS, models

_ROW = 1


class NavigationVersion(models.Model):
    """One row: a number that moves with each change to the navigation (only ever compared
    for equality)."""

    number = models.BigIntegerField(default=0)

    def __str__(self):
        return f"navigation version {self.number}"

    @classmethod
    def current(cls):
        """The number as a subquery for another query's row (NULL if the row is missing)."""
        return models.Subquery(cls.objects.filter(pk=_ROW).values("number")[:1])

    @classmethod
    def advance(cls):
        """Count one more committed change (on the primary: it runs right after a commit).

        A row that went missing comes back at a random number, as a generation lost from the
        cache does: no process can hold a navigation built at that number."""
        rows = cls.objects.using(DEFAULT_DB_ALIAS)
        if not rows.filter(pk=_ROW).update(number=models.F("number") + 1):
            rows.get_or_create(pk=_ROW, defaults={"number": secrets.randbits(62)})
