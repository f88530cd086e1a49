"""Generation numbers (articles/freshness.py): values and pages are fresh exactly until a change
they were built from commits, or a scheduled story goes public."""

import os
import subprocess
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client

from articles import freshness, public_lists
from articles.models import Article
from articles.views import HomeView
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=ZoneInfo("Asia/Karachi"))


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


def public_headlines():
    return sorted(Article.objects.published().values_list("headline", flat=True))


def test_a_cached_value_lasts_until_a_story_it_shows_changes():
    story = make_article("First headline", section=make_section("Ledger", slug="ledger"))
    key = f"section:{story.section_id}"
    assert freshness.cached("headlines", [key], public_headlines) == ["First headline"]
    Article.objects.filter(pk=story.pk).update(headline="Changed quietly")  # no signal
    assert freshness.cached("headlines", [key], public_headlines) == ["First headline"]
    story.refresh_from_db()
    story.headline = "Changed by the desk"
    story.save()
    assert freshness.cached("headlines", [key], public_headlines) == ["Changed by the desk"]


def test_a_cached_value_ends_when_a_scheduled_story_goes_public(frozen):
    make_article("Out already")
    make_article("Due at one", published_at=NOW + timedelta(hours=1))
    make_article("Embargoed till two", embargo_until=NOW + timedelta(hours=2))
    assert freshness.next_public_change() == NOW + timedelta(hours=1)
    assert freshness.cached("headlines", [], public_headlines) == ["Out already"]
    frozen.move_to(NOW + timedelta(hours=1, seconds=1), tick=False)
    assert freshness.cached("headlines", [], public_headlines) == ["Due at one", "Out already"]
    # Just past, the moment still counts: a page read before it fell due is not kept.
    assert freshness.next_public_change() == NOW + timedelta(hours=1)
    frozen.move_to(NOW + timedelta(hours=1) + public_lists.RENDER_ALLOWANCE, tick=False)
    assert freshness.next_public_change() == NOW + timedelta(hours=2)
    frozen.move_to(NOW + timedelta(hours=3), tick=False)
    assert freshness.next_public_change() is None


def test_generations_move_only_when_the_change_commits():
    story = make_article("Committed later")
    before = freshness.generations([f"article:{story.pk}", freshness.SITE])
    with transaction.atomic():
        story.headline = "Inside the transaction"
        story.save()
        assert freshness.is_fresh(before)  # nobody may see the change yet
    assert not freshness.is_fresh(before)


def test_an_evicted_generation_makes_what_was_built_on_it_stale():
    snapshot = freshness.generations(["tag:1"])
    freshness.generation_cache().delete("gen:tag:1")
    assert not freshness.is_fresh(snapshot)
    assert freshness.generations(["tag:1"]) != snapshot


def test_a_change_while_a_page_renders_keeps_that_page_out_of_the_cache(monkeypatch):
    story = make_article("Old headline")
    render = HomeView.get_context_data

    def racing(self, **kwargs):
        context = render(self, **kwargs)  # the stories are read...
        Article.objects.filter(pk=story.pk).update(headline="New headline")
        freshness.stories_changed([story.pk])  # ...and a change commits before the page is kept
        return context

    monkeypatch.setattr(HomeView, "get_context_data", racing)
    assert b"Old headline" in Client().get("/").content
    monkeypatch.undo()
    assert b"New headline" in Client().get("/").content


def test_keys_of_many_stories_are_read_in_chunks():
    section = make_section("Ledger", slug="ledger")
    stories = Article.objects.bulk_create(
        Article(headline=f"Story {n}", slug=f"story-{n}", section=section) for n in range(1200)
    )
    ids = [story.pk for story in stories]
    keys = freshness.article_keys(ids)
    assert keys == {f"article:{pk}" for pk in ids} | {f"section:{section.pk}"}


def test_a_cdn_hears_which_keys_a_change_replaced():
    story = make_article("Purge me", section=make_section("Ledger", slug="ledger"))
    story.tags.add("purge")
    heard = []

    def receiver(sender, keys, **kwargs):
        heard.append(keys)

    freshness.keys_replaced.connect(receiver)
    try:
        story.headline = "Purged"
        story.save()
    finally:
        freshness.keys_replaced.disconnect(receiver)
    (keys,) = heard
    tag = story.tags.get()
    assert keys >= {f"article:{story.pk}", f"section:{story.section_id}", f"tag:{tag.pk}", "site"}


def test_a_change_made_by_another_process_makes_this_process_pages_stale(client):
    """Workers and the importer are separate processes: the generations they replace must reach
    every process, whatever cache each keeps pages in (files without Redis, or Redis)."""
    story = make_article("Before the other process")
    url = story.get_absolute_url()
    assert b"Before the other process" in client.get(url).content
    Article.objects.filter(pk=story.pk).update(headline="After the other process")
    assert b"Before the other process" in client.get(url).content  # cached: no signal was sent
    replace = f"from articles import freshness; freshness.replace(['article:{story.pk}'])"
    subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {replace}"],
        check=True,
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "newsdesk.settings.test", **_shared_cache()},
    )
    assert b"After the other process" in client.get(url).content


def _shared_cache():
    """The child process must use this run's generation store, not a folder of its own."""
    location = settings.CACHES["generations"]["LOCATION"]
    if settings.CACHES["generations"]["BACKEND"].endswith("GenerationFileCache"):
        return {"NEWSDESK_GENERATIONS_DIR": location}
    return {}


def test_the_generation_files_are_read_anew_each_time_their_names_are_kept(tmp_path):
    """Without Redis, generations are files every process shares (articles/cache_backends.py);
    a process keeps only the files' names, never their values."""
    from articles.cache_backends import GenerationFileCache

    this_process = GenerationFileCache(str(tmp_path), {})
    other_process = GenerationFileCache(str(tmp_path), {})
    assert this_process.get_many(["gen:site", "gen:article:1"]) == {}
    other_process.set("gen:site", "token-1", None)
    assert this_process.get("gen:site") == "token-1"
    other_process.set("gen:site", "token-2", None)
    other_process.set("gen:article:1", "token-3", None)
    assert this_process.get_many(["gen:site", "gen:article:1", "gen:tag:9"]) == {
        "gen:site": "token-2",
        "gen:article:1": "token-3",
    }
    other_process.delete("gen:site")
    assert this_process.get("gen:site", "gone") == "gone"
    other_process.set("gen:article:1", "token-4", -1)  # expired at once
    assert this_process.get_many(["gen:article:1"]) == {}
