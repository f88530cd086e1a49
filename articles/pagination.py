"""Paging through long listings of stories without carrying whole stories through the skip.

Page 500 of a section makes the database step over 10,000 rows in order. Done on the full rows
(bodies and all) that means sorting or skipping wide rows; done on ids it touches only the
indexed columns. So a page is found as ids first, and only those ids are loaded as stories.
"""

from django.core.paginator import Paginator


class StoryPaginator(Paginator):
    """A Paginator over a queryset of public articles that finds each page by id first.

    The count is the queryset's own ``count()`` (a COUNT over the filtered article table), or
    ``count`` when the caller knows it (a cached count, articles/public_lists.py); the page is
    its ordered ids, sliced, then those stories with what a card needs.
    """

    def __init__(self, *args, count=None, **kwargs):
        super().__init__(*args, **kwargs)
        if count is not None:
            self.count = count  # stands in for the cached_property: no COUNT query

    def page(self, number):
        from articles.models import Article

        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        stories = Article.objects.published().filter(pk__in=ids).for_listing().in_bulk()
        return self._get_page([stories[pk] for pk in ids if pk in stories], number, self)
