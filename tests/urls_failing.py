"""The site's URLs plus one view that fails, for the 500 page tests."""

from django.urls import path

from newsdesk.urls import urlpatterns as site_urls


def broken_view(request):
    raise RuntimeError("SECRET_KEY=do-not-show /srv/newsdesk/articles/views.py line 42")


urlpatterns = [path("broken/", broken_view), *site_urls]
