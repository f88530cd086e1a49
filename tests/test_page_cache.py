"""The whole-page cache: every public surface is served from the cache, and every action of the
desk (or the clock) makes the very next anonymous request show the change.

The proof for each surface and action: before the action the page is cached (a second request
runs no query); after it, what the cache serves is exactly what a fresh render (page cache off)
gives, and differs from before where the action shows there. Runs on LocMem and, with
REDIS_URL set, on Redis.
"""

import io
import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from articles import workflow
from articles.models import Agency, Article, Author, Correction, Section
from articles.wire.importer import import_file
from tests.desk import change_url, client_for, form_data, make_staff
from tests.factories import credit, make_article, make_author

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=ZoneInfo("Asia/Karachi"))
EVERY = "every surface"


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def reader():
    return Client()


@pytest.fixture
def desk():
    """A section page with two stories and another section, a tag, a person and an agency."""
    pakistan = Section.objects.get_or_create(slug="pakistan", defaults={"name": "Pakistan"})[0]
    world = Section.objects.get_or_create(slug="world", defaults={"name": "World"})[0]
    sara, app = make_author("Sara Khan"), Agency.objects.get(slug="app")
    floods = make_article("Monsoon floods close Karakoram Highway", section=pakistan)
    floods.tags.add("floods")
    credit(floods, sara, app)
    other = make_article("Cricket board names new captain", section=pakistan)
    other.tags.add("cricket")
    credit(other, make_author("Ali Raza"), app)
    make_article("Harvest festival opens abroad", section=world).tags.add("harvest")
    return {"story": floods, "pakistan": pakistan, "world": world, "sara": sara, "app": app}


def surfaces(story):
    """Every public surface that shows ``story`` (or would, once it is public)."""
    year = timezone.localtime(story.published_at or NOW).year
    return {
        "home": "/",
        "article": story.get_absolute_url(),
        "latest": "/latest/",
        "section": story.section.get_absolute_url(),
        "tag": "/tag/floods/",
        "author": "/author/sara-khan/",
        "agency": "/agency/app/",
        "archive": f"/archive/{year}/",
        "search": "/search/?q=floods",
        "site feed": "/feeds/rss/",
        "section feed": f"/feeds/section/{story.section.slug}/atom/",
        "tag feed": "/feeds/tag/floods/rss/",
        "author feed": "/feeds/author/sara-khan/rss/",
        "agency feed": "/feeds/agency/app/atom/",
        "sitemap": "/sitemap-articles.xml",
        "news sitemap": "/sitemap-news.xml",
        "ninjs": f"/api/ninjs/{story.pk}/",
    }


def seen(response):
    return response.status_code, response.content


def warm(reader, urls, django_assert_num_queries):
    """Fill the cache; a page that exists is then served without touching the database."""
    before = {}
    for name, url in urls.items():
        first = reader.get(url)
        if first.status_code in (200, 301, 410):
            with django_assert_num_queries(0):
                again = reader.get(url)
            assert seen(again) == seen(first), name
            assert again["Surrogate-Key"], name
        before[name] = seen(first)
    return before


def assert_fresh(reader, urls, before, changed):
    """The next request shows what a fresh render shows, and the change where it shows."""
    for name, url in urls.items():
        served = seen(reader.get(url))
        with override_settings(NEWSDESK_PAGE_CACHE=False):
            truth = seen(reader.get(url))
        assert served == truth, f"{name} ({url}) is stale"
        if changed == EVERY or name in changed:
            assert served != before[name], f"{name} ({url}) does not show the change"


def test_publish(desk, reader, django_assert_num_queries):
    draft = make_article(
        "Floods reach Swat valley", section=desk["pakistan"], status=Article.Status.DRAFT
    )
    draft.published_at = None
    draft.save()
    draft.tags.add("floods")
    credit(draft, desk["sara"], desk["app"])
    urls = surfaces(draft)
    before = warm(reader, urls, django_assert_num_queries)
    workflow.publish(draft, make_staff("editor"))
    assert_fresh(reader, surfaces(draft), before, EVERY)


def test_update_headline(desk, reader, django_assert_num_queries):
    story = desk["story"]
    urls = surfaces(story)
    before = warm(reader, urls, django_assert_num_queries)
    story.headline = "Monsoon floods: Karakoram Highway reopens"
    story.save()
    shown_without_headline = {"sitemap"}  # addresses and dates only
    assert_fresh(reader, urls, before, set(urls) - shown_without_headline)
    assert "Karakoram Highway reopens" in reader.get(urls["home"]).content.decode()


def test_correct(desk, reader, django_assert_num_queries):
    story = desk["story"]
    urls = surfaces(story)
    before = warm(reader, urls, django_assert_num_queries)
    Correction.objects.create(article=story, text="The highway is 1,300 km long, not 1,000.")
    workflow.corrections_added(story)
    assert_fresh(reader, urls, before, {"article", "ninjs", "sitemap", "site feed"})
    assert "not 1,000" in reader.get(urls["article"]).content.decode()


def test_withdraw(desk, reader, django_assert_num_queries):
    story = desk["story"]
    urls = surfaces(story)
    before = warm(reader, urls, django_assert_num_queries)
    workflow.withdraw(story, make_staff("editor"), "Legal advice")
    assert_fresh(reader, urls, before, EVERY)
    assert reader.get(urls["article"]).status_code == 410
    assert reader.get(urls["tag"]).status_code == 404


def test_scheduled_story_appears_when_its_time_comes(desk, reader, frozen, settings):
    settings.NEWSDESK_PAGE_CACHE_TIMEOUT = 24 * 3600  # only the schedule may end the entries
    scheduled = make_article(
        "Floods inquiry report due", section=desk["pakistan"], published_at=NOW + timedelta(hours=2)
    )
    scheduled.tags.add("floods")
    credit(scheduled, desk["sara"], desk["app"])
    urls = surfaces(scheduled)
    before = {name: seen(reader.get(url)) for name, url in urls.items()}
    assert before["article"][0] == 404
    frozen.move_to(NOW + timedelta(hours=1), tick=False)
    assert {name: seen(reader.get(url)) for name, url in urls.items()} == before  # still cached
    frozen.move_to(NOW + timedelta(hours=2, seconds=1), tick=False)
    assert_fresh(reader, urls, before, EVERY)


def test_embargo_lift_reaches_cached_pages(desk, reader, frozen, django_assert_num_queries):
    story = desk["story"]
    embargoed = make_article(
        "Floods aid package embargoed",
        section=desk["pakistan"],
        embargo_until=NOW + timedelta(minutes=30),
    )
    embargoed.tags.add("floods")
    urls = {name: surfaces(story)[name] for name in ("home", "section", "tag", "site feed")}
    before = warm(reader, urls, django_assert_num_queries)
    frozen.move_to(NOW + timedelta(minutes=31), tick=False)
    assert_fresh(reader, urls, before, EVERY)


def ninjs_file(path, version, headline):
    document = {
        "uri": "urn:test:cache:floods-aid",
        "version": str(version),
        "versioncreated": f"2026-03-10T06:{version:02d}:00Z",
        "firstcreated": "2026-03-10T06:00:00Z",
        "headline": headline,
        "body_html": "<p>Relief convoys reached the valley on Tuesday.</p>",
        "byline": "Sara Khan, APP",
        "keywords": ["floods"],
        "located": "Gilgit",
    }
    path.write_text(json.dumps(document))
    return path


def test_import_of_a_new_version(desk, reader, tmp_path, django_assert_num_queries):
    first = ninjs_file(tmp_path / "v1.json", 1, "Floods aid reaches Gilgit")
    (outcome,) = import_file(first, publish=True)
    story = outcome.article
    urls = surfaces(Article.objects.get(pk=story.pk))
    before = warm(reader, urls, django_assert_num_queries)
    second = ninjs_file(tmp_path / "v2.json", 2, "Floods aid reaches Gilgit and Hunza")
    (outcome,) = import_file(second)
    assert outcome.status == "updated"
    assert_fresh(reader, urls, before, set(urls) - {"sitemap"})
    assert "Gilgit and Hunza" in reader.get(urls["tag"]).content.decode()


def test_import_command_of_a_kill(desk, reader, tmp_path, django_assert_num_queries):
    story = ninjs_file(tmp_path / "v1.json", 1, "Floods aid reaches Gilgit")
    call_command(
        "import_wire", str(story), publish=True, stdout=io.StringIO(), stderr=io.StringIO()
    )
    urls = surfaces(Article.objects.get(source_ref__contains="floods-aid"))
    before = warm(reader, urls, django_assert_num_queries)
    kill = json.loads(story.read_text()) | {"version": "2", "pubstatus": "canceled"}
    (tmp_path / "kill.json").write_text(json.dumps(kill))
    call_command(
        "import_wire", str(tmp_path / "kill.json"), stdout=io.StringIO(), stderr=io.StringIO()
    )
    assert_fresh(reader, urls, before, {"article", "ninjs", "home", "latest", "section"})
    assert reader.get(urls["article"]).status_code == 410


def test_admin_edit(desk, reader, django_assert_num_queries):
    story = desk["story"]
    urls = surfaces(story)
    before = warm(reader, urls, django_assert_num_queries)
    editor = client_for(make_staff("superuser"))
    page = editor.get(change_url(story))
    response = editor.post(change_url(story), form_data(page, headline="Highway cleared of debris"))
    assert response.status_code == 302
    assert_fresh(reader, urls, before, set(urls) - {"tag", "tag feed", "search"})
    assert "Highway cleared" in reader.get(urls["article"]).content.decode()


def test_tag_removal(desk, reader, django_assert_num_queries):
    story = desk["story"]
    urls = surfaces(story)
    before = warm(reader, urls, django_assert_num_queries)
    story.tags.remove("floods")
    assert_fresh(reader, urls, before, {"article", "tag", "tag feed", "ninjs"})
    assert reader.get(urls["tag"]).status_code == 404


def test_section_move(desk, reader, django_assert_num_queries):
    story = desk["story"]
    urls = surfaces(story) | {"new section": "/world/"}
    before = warm(reader, urls, django_assert_num_queries)
    story.section = desk["world"]
    story.save()
    assert_fresh(reader, urls, before, {"article", "section", "section feed", "new section"})
    assert reader.get(urls["article"]).status_code == 301


@pytest.mark.parametrize("model", [Author, Section])
def test_rename(desk, reader, django_assert_num_queries, model):
    story = desk["story"]
    urls = surfaces(story)
    before = warm(reader, urls, django_assert_num_queries)
    renamed = desk["sara"] if model is Author else desk["pakistan"]
    renamed.name = "Renamed Byline" if model is Author else "Pakistan & Region"
    renamed.save()
    assert_fresh(reader, urls, before, {"article", "home", "ninjs"})


def test_a_story_arriving_links_up_a_waiting_related_story(desk, reader, django_assert_num_queries):
    from tests.factories import relate

    story = desk["story"]
    relate(story, headline="Glacier lake bursts in Hunza")
    url = story.get_absolute_url()
    before = warm(reader, {"article": url}, django_assert_num_queries)
    arriving = make_article("Glacier lake bursts in Hunza", section=desk["world"])
    assert_fresh(reader, {"article": url}, before, {"article"})
    assert arriving.get_absolute_url() in reader.get(url).content.decode()


def test_a_change_elsewhere_leaves_other_pages_cached(desk, reader, django_assert_num_queries):
    """Exact invalidation: editing a World story's text empties the pages that show it and
    the site-wide ones, not the Pakistan story's page or the Pakistan section."""
    story = desk["story"]
    untouched = {
        "article": story.get_absolute_url(),
        "section": "/pakistan/",
        "tag": "/tag/floods/",
    }
    warm(reader, untouched | {"home": "/"}, django_assert_num_queries)
    elsewhere = Article.objects.get(headline="Harvest festival opens abroad")
    elsewhere.headline = "Harvest festival opens early abroad"
    elsewhere.save()
    for url in untouched.values():
        with django_assert_num_queries(0):
            assert reader.get(url).status_code == 200
    assert b"opens early abroad" in reader.get("/").content
