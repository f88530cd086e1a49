"""Template context every page needs: the site name and the section navigation."""

from django.conf import settings

from articles.models import Section


def site_navigation(request):
    """Sections with at least one public story; evaluated only by templates that show them."""
    return {
        "site_name": settings.NEWSDESK_SITE_NAME,
        "nav_sections": Section.objects.with_public_stories,
    }
