"""Security headers on real responses, and pages that keep to the Content-Security-Policy.

CSP bans inline script and inline style, so the pages must carry none: every <script> has a
``src`` or is a JSON-LD data block (not executed, so script-src does not govern it), and no
element has a ``style`` attribute or a <style> block.
"""

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Correction
from tests.factories import add_photo, credit, make_article, make_author, make_section

pytestmark = pytest.mark.django_db

EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
}


@pytest.fixture
def story():
    article = make_article(
        "Floods recede in Sindh", section=make_section("Climate"), body="<p>Water falls.</p>"
    )
    credit(article, make_author("Sana Baloch"))
    add_photo(article, caption="Boats on a flooded street", credit="Reuters", alt_text="Boats")
    article.tags.add("floods")
    Correction.objects.create(article=article, text="An earlier version misspelt Sukkur.")
    return article


def policy(response):
    directives = [part.strip() for part in response["Content-Security-Policy"].split(";")]
    return dict(directive.split(" ", 1) for directive in directives if directive)


def assert_hardened(response):
    assert policy(response) == EXPECTED_CSP
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions


def assert_no_inline_code(response):
    doc = lxml.html.fromstring(response.content)
    for script in doc.iter("script"):
        assert script.get("src") or script.get("type") == "application/ld+json", lxml.html.tostring(
            script
        )[:200]
    assert doc.xpath("//style") == []
    assert doc.xpath("//*[@style]") == [], [el.tag for el in doc.xpath("//*[@style]")]
    assert doc.xpath("//@*[starts-with(name(), 'on')]") == []


def public_urls(story):
    return [
        reverse("articles:home"),
        story.get_absolute_url(),
        story.section.get_absolute_url(),
        reverse("articles:tag", args=["floods"]),
        reverse("articles:latest"),
        reverse("articles:search") + "?q=floods",
    ]


def test_public_pages_carry_the_headers_and_no_inline_code(client, story):
    for url in public_urls(story):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_hardened(response)
        assert_no_inline_code(response)
    json_ld = lxml.html.fromstring(client.get(story.get_absolute_url()).content).xpath(
        "//script[@type='application/ld+json']"
    )
    assert json_ld, "the article keeps its JSON-LD data block"


def test_error_pages_carry_the_headers(client):
    response = client.get("/no-such-section/no-such-story-999/")
    assert response.status_code == 404
    assert_hardened(response)
    assert_no_inline_code(response)


def test_admin_pages_carry_the_headers_and_no_inline_code(staff_client, story):
    login = Client().get(reverse("admin:login"))
    assert login.status_code == 200
    assert_hardened(login)
    assert_no_inline_code(login)
    for url in (
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[story.pk]),
        reverse("admin:articles_article_history", args=[story.pk]),
    ):
        response = staff_client.get(url)
        assert response.status_code == 200, url
        assert_hardened(response)
        assert_no_inline_code(response)


def test_healthz_and_feeds_carry_the_headers(client, story):
    for url in (reverse("healthz"), reverse("articles:feed_rss")):
        assert_hardened(client.get(url))
