"""Addresses reversed once per process (articles/links.py) are the ones reverse() gives, under
whatever URLconf and script prefix are current."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.templatetags.static import static
from django.test import override_settings
from django.urls import reverse, set_script_prefix

from articles.links import asset, link
from articles.render_context import fixed
from articles.templating import archive_url
from tests.factories import credit, make_article, make_author

pytestmark = pytest.mark.django_db


def test_a_link_is_what_reverse_gives():
    story = make_article("Floods recede", slug="floods-recede")
    author = make_author("Sara Khan")
    assert story.get_absolute_url() == reverse(
        "articles:article", kwargs={"section": "pakistan", "slug": "floods-recede", "pk": story.pk}
    )
    assert author.get_absolute_url() == reverse("articles:author", args=["sara-khan"])
    assert (
        link("articles:tag", "monsoon")
        == reverse("articles:tag", args=["monsoon"])
        == ("/tag/monsoon/")
    )
    day = datetime(2022, 12, 15, 23, 30, tzinfo=ZoneInfo("Asia/Karachi"))
    assert archive_url(day) == "/archive/2022/12/15/"


def test_links_follow_the_urlconf_and_the_script_prefix():
    assert link("articles:latest") == "/latest/"
    with override_settings(ROOT_URLCONF="tests.urls_edition"):
        assert link("articles:latest") == "/edition/latest/"
        assert link("articles:section", "pakistan") == "/edition/pakistan/"
    assert link("articles:latest") == "/latest/"
    set_script_prefix("/news/")
    try:
        assert link("articles:latest") == "/news/latest/"
    finally:
        set_script_prefix("/")
    assert link("articles:latest") == "/latest/"


def test_pages_link_under_another_urlconf(client):
    story = make_article("Floods recede", slug="floods-recede")
    with override_settings(ROOT_URLCONF="tests.urls_edition"):
        content = client.get(f"/edition/pakistan/floods-recede-{story.pk}/").content.decode()
    assert 'href="/edition/pakistan/"' in content
    assert 'href="/edition/latest/"' in content
    assert 'href="/latest/"' not in content


def test_static_addresses_are_what_static_gives_under_the_current_settings():
    assert asset("css/site.css") == static("css/site.css")
    with override_settings(STATIC_URL="/assets/"):
        assert asset("css/site.css") == static("css/site.css")
        assert asset("css/site.css").startswith("/assets/")
    assert asset("css/site.css") == static("css/site.css")
    assert not asset("css/site.css").startswith("/assets/")


def test_every_page_links_the_stylesheet_and_the_site_feeds_of_its_urlconf(client):
    story = make_article("Floods recede", slug="floods-recede")
    home = client.get("/").content.decode()
    assert f'href="{static("css/site.css")}"' in home
    assert 'type="application/rss+xml" title="Newsdesk (RSS)" href="/feeds/rss/"' in home
    with override_settings(ROOT_URLCONF="tests.urls_edition", STATIC_URL="/assets/"):
        page = client.get(f"/edition/pakistan/floods-recede-{story.pk}/").content.decode()
    assert 'rel="stylesheet" href="/assets/' in page
    assert 'type="application/rss+xml" title="Newsdesk (RSS)" href="/edition/feeds/rss/"' in page
    assert 'type="application/atom+xml" title="Newsdesk (Atom)" href="/edition/feeds/atom/"' in page
    assert 'href="/feeds/' not in page


def test_names_ending_in_digits_keep_their_own_pages(client):
    """A story's address is ``<section>/<slug>-<id>/``: a tag, person or agency page whose slug
    ends in "-<digits>" has that shape too, and must still be that page."""
    story = make_article("Vaccines arrive", slug="vaccines-arrive")
    story.tags.add("Covid-19")
    author = make_author("Sara Khan 2")
    credit(story, author)
    tag_page = client.get("/tag/covid-19/")
    author_page = client.get(f"/author/{author.slug}/")
    assert author.slug.endswith("-2")
    assert tag_page.status_code == author_page.status_code == 200
    assert "Vaccines arrive" in tag_page.content.decode()
    assert "Vaccines arrive" in author_page.content.decode()
    assert client.get(story.get_absolute_url()).status_code == 200


def test_a_render_reads_the_url_space_once_and_lets_it_go_after():
    with fixed():
        set_script_prefix("/news/")
        try:
            assert link("articles:latest") == "/latest/"  # as it was when the render began
        finally:
            set_script_prefix("/")
    set_script_prefix("/news/")
    try:
        assert link("articles:latest") == "/news/latest/"
        with fixed():
            assert link("articles:latest") == "/news/latest/"
    finally:
        set_script_prefix("/")
