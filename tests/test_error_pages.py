"""404, 410 and 500 pages with debug off: the site's look, and nothing of the server's insides."""

import lxml.html
import pytest
from django.conf import settings
from django.db import connections
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

LEAKS = ("Traceback", "SECRET_KEY", "/srv/", "views.py", "DEBUG", "urlpatterns", "Request Method")


def assert_leaks_nothing(response, *also):
    text = response.content.decode()
    for leak in (*LEAKS, *also):
        assert leak not in text, leak
    return lxml.html.fromstring(text)


def test_debug_is_off():
    assert settings.DEBUG is False


def test_404_keeps_the_site_look_and_hides_the_path(client):
    make_article("Floods recede in Sindh", section=make_section("Climate"))
    response = client.get("/climate/missing-<b>story</b>-999/")
    assert response.status_code == 404
    doc = assert_leaks_nothing(response, "missing-", "&lt;b&gt;", "Page not found at")
    assert doc.cssselect("h1")[0].text_content() == "Page not found"
    assert doc.cssselect("header.site-header a.site-name")  # the site's header and nav
    assert [a.text_content() for a in doc.cssselect(".section-nav a")] == ["Latest", "Climate"]
    assert doc.cssselect("link[rel=stylesheet]")[0].get("href").endswith("site.css")


def test_410_for_a_withdrawn_story_keeps_its_page(client):
    story = make_article("Floods recede in Sindh", section=make_section("Climate"))
    story.status = story.Status.WITHDRAWN
    story.withdrawal_reason = "Legal: do not repeat the claim about the minister"
    story.withdrawn_at = timezone.now()
    story.save()
    response = client.get(story.get_absolute_url())
    assert response.status_code == 410
    doc = assert_leaks_nothing(response, "Legal", "Floods recede")
    assert doc.cssselect("h1")[0].text_content() == "This story has been withdrawn"
    assert doc.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert doc.cssselect("header.site-header")


def test_410_template_renders_on_its_own(rf):
    html = render_to_string("410.html", request=rf.get("/gone/"))
    doc = lxml.html.fromstring(html)
    assert doc.cssselect("h1")[0].text_content() == "This page is gone"
    assert doc.cssselect("header.site-header")


@pytest.mark.urls("tests.urls_failing")
def test_500_page_renders_without_context_or_database(client):
    client.raise_request_exception = False
    with CaptureQueriesContext(connections["default"]) as queries:
        response = client.get("/broken/")
    assert response.status_code == 500
    assert len(queries) == 0  # a failing database must not take the error page down with it
    doc = assert_leaks_nothing(response, "RuntimeError", "line 42")
    assert doc.cssselect("h1")[0].text_content() == "Something went wrong"
    assert doc.cssselect("link[rel=stylesheet]")[0].get("href") == "/static/css/site.css"
    assert doc.cssselect("header.site-header a.site-name")
    assert client.get("/static/css/site.css").status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]
