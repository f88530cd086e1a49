"""Template context every page needs: the site name and the section navigation."""

from django.conf import settings

from articles import public_lists


def site_navigation(request):
    """Sections with at least one public story: a cached list (articles/public_lists.py), read
    only by templates that show it."""
    return {
        "site_name": settings.NEWSDESK_SITE_NAME,
        "nav_sections": public_lists.sections,
    }
