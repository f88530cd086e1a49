"""Template context every page needs: the site name (the header's section links come from the
``section_nav`` helper, articles/templating.py)."""

from django.conf import settings


def site_navigation(request):
    return {"site_name": settings.NEWSDESK_SITE_NAME}
