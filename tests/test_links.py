"""Addresses reversed once per process (articles/links.py) are the ones reverse() gives, under
whatever URLconf and script prefix are current."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from django.urls import reverse, set_script_prefix

from articles.links import link
from articles.templatetags.archive_links import archive_url
from tests.factories import make_article, make_author

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
