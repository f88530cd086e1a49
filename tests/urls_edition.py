"""The whole site under /edition/, for tests of addresses under another URLconf."""

from django.urls import include, path

urlpatterns = [path("edition/", include("newsdesk.urls"))]
