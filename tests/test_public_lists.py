"""The cached navigation, filter choices and listing counts (articles/public_lists.py) follow
every public change once it commits, and stories made public by the clock within a minute."""

from datetime import timedelta

import lxml.html
import pytest
from django.core.cache import cache
from django.utils import timezone

from articles import freshness, views
from articles.models import Section
from tests.factories import credit, make_article, make_author

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a write as a request would: its on-commit callbacks run when it ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return lxml.html.fromstring(response.content)


def nav(client):
    return page(client, "/latest/").xpath("//ul[@class='section-nav']//a/text()")


def options(client, name):
    return page(client, "/latest/").xpath(f"//select[@name='{name}']/option/@value")[1:]


def test_navigation_follows_publishing_and_withdrawal(client, commit):
    make_article("Home story")
    world = Section.objects.get(slug="world")
    assert "World" not in nav(client)
    with commit():
        story = make_article("World story", section=world)
    assert "World" in nav(client)
    with commit():
        story.withdraw("Wrong")
    assert "World" not in nav(client)


def test_filter_choices_follow_tags_and_bylines(client, commit):
    story = make_article("Story")
    assert options(client, "tag") == [] and options(client, "author") == []
    with commit():
        story.tags.add("Floods")
        credit(story, make_author("Sara Khan"))
    assert options(client, "tag") == ["floods"]
    assert options(client, "author") == ["sara-khan"]
    assert [a.text_content() for a in page(client, "/latest/?tag=floods").cssselect("h3 a")] == [
        "Story"
    ]


def test_a_cached_count_is_replaced_by_a_new_story(client, commit):
    assert views.PublicListView.paginate_by == 20
    for number in range(20):
        make_article(f"Story {number}")
    first = page(client, "/pakistan/")
    assert first.xpath("string(//nav[@class='pagination'])").strip() == ""  # one page
    with commit():
        make_article("Story 20")
    text = " ".join(page(client, "/pakistan/").xpath("string(//nav[@class='pagination'])").split())
    assert "Page 1 of 2" in text


def test_stories_public_by_the_clock_reach_the_lists_at_their_moment(client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    make_article("Home story")
    due = timezone.now() + timedelta(minutes=30)
    world, sports = Section.objects.get(slug="world"), Section.objects.get(slug="sports")
    make_article("Scheduled", section=world, published_at=due)
    make_article("Embargoed", section=sports, embargo_until=due + timedelta(minutes=5))
    assert "World" not in nav(client)
    time_machine.move_to(due - timedelta(seconds=1), tick=False)
    assert "World" not in nav(client)
    time_machine.move_to(due, tick=False)
    assert "World" in nav(client) and "Sports" not in nav(client)
    assert options(client, "section") == ["pakistan", "world"]
    time_machine.move_to(due + timedelta(minutes=5), tick=False)
    assert "Sports" in nav(client)
    assert options(client, "section") == ["pakistan", "world", "sports"]


def test_the_filter_form_fits_each_page_and_each_reader(client, commit):
    """Unbound, the form is rendered once per set of choices (articles/templating.py): a page
    that fixes a filter, a reader's choices and the next unbound page must still come out
    right."""
    story = make_article("Story")
    with commit():
        story.tags.add("Floods", "Drought")

    def selects(url):
        return {
            s.get("name"): s
            for s in page(client, url).xpath("//form[@class='filter-form']//select")
        }

    latest = selects("/latest/")
    assert set(latest) == {"section", "tag", "agency", "author"}
    assert "section" not in selects("/pakistan/")  # the section page fixes its section
    chosen = selects("/latest/?tag=floods")["tag"]
    assert chosen.xpath("option[@selected]/@value") == ["floods"]
    assert selects("/latest/")["tag"].xpath("option[@selected]/@value") == [""]  # "Any tag"
    assert selects("/latest/")["tag"].xpath("option/@value")[1:] == ["drought", "floods"]


@pytest.fixture
def uncached(settings):
    """Every page built for its request, as on a page-cache miss."""
    settings.NEWSDESK_PAGE_CACHE = False


def article_nav(client, story):
    """The section links an article page shows, and how many queries it took."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        found = page(client, story.get_absolute_url())
    links = found.xpath("//ul[@class='section-nav']//a[not(@href='/latest/')]/text()")
    return links, len(captured)


def test_the_article_page_builds_its_navigation_at_the_version_its_query_read(
    client, commit, uncached
):
    """The article page learns whether the navigation changed from its own query (the
    navigation version), not from the cache: the navigation a process built stays in use,
    with no query and no cache read, until a change that can alter it commits."""
    story = make_article("Home story")
    world = Section.objects.get(slug="world")
    assert article_nav(client, story) == (["Pakistan"], 2)  # the story, then the navigation
    assert article_nav(client, story) == (["Pakistan"], 1)  # kept: the story's query alone
    with commit():
        story.headline = "Home story, updated"
        story.save()
    assert article_nav(client, story) == (["Pakistan"], 1)  # an edit: the navigation stands
    with commit():
        make_article("World story", section=world)
    assert article_nav(client, story) == (["Pakistan", "World"], 2)
    with commit():
        world.name = "The World"
        world.save()
    assert article_nav(client, story)[0] == ["Pakistan", "The World"]
    assert article_nav(client, story) == (["Pakistan", "The World"], 1)


def test_the_article_page_ignores_the_caches_copy_of_the_navigation(client, uncached):
    """Listing pages read the navigation from the cache; the article page never does, so even
    a copy in the cache that disagrees with the database does not reach it."""
    story = make_article("Home story")
    assert "Pakistan" in nav(client)  # kept in the cache by the listing page
    kept = cache.get("value:navigation")
    kept["value"]["sections"].append((999, "nowhere", "Nowhere"))
    kept["value"]["version"] = "forged"
    freshness.keep("value:navigation", kept, None)  # in this process and in Redis alike
    assert "Nowhere" in nav(client)
    assert article_nav(client, story)[0] == ["Pakistan"]


def test_the_article_pages_navigation_follows_the_clock(client, time_machine, uncached):
    time_machine.move_to(timezone.now(), tick=False)
    story = make_article("Home story")
    due = timezone.now() + timedelta(minutes=30)
    make_article("Scheduled", section=Section.objects.get(slug="world"), published_at=due)
    assert article_nav(client, story)[0] == ["Pakistan"]
    time_machine.move_to(due - timedelta(seconds=1), tick=False)
    assert article_nav(client, story) == (["Pakistan"], 1)
    time_machine.move_to(due, tick=False)
    assert article_nav(client, story) == (["Pakistan", "World"], 2)


def test_a_story_scheduled_later_reaches_the_article_pages_navigation_at_its_moment(
    client, commit, time_machine, uncached
):
    """Scheduling a story changes no public page yet, but when the navigation must next be
    built: navigations built before it must end at its moment, and so when it moves."""
    time_machine.move_to(timezone.now(), tick=False)
    story = make_article("Home story")
    assert article_nav(client, story)[0] == ["Pakistan"]
    due = timezone.now() + timedelta(minutes=30)
    with commit():
        scheduled = make_article("Scheduled", section=Section.objects.get(slug="world"),
                                 published_at=due + timedelta(minutes=30))  # fmt: skip
    assert article_nav(client, story)[0] == ["Pakistan"]
    with commit():
        scheduled.published_at = due
        scheduled.save()
    time_machine.move_to(due - timedelta(seconds=1), tick=False)
    assert article_nav(client, story)[0] == ["Pakistan"]
    time_machine.move_to(due, tick=False)
    assert article_nav(client, story)[0] == ["Pakistan", "World"]


def test_without_its_row_the_navigation_version_comes_back_at_a_new_number(
    client, commit, uncached
):
    from articles.models import NavigationVersion

    story = make_article("Home story")
    NavigationVersion.objects.all().delete()
    assert article_nav(client, story)[0] == ["Pakistan"]  # the cache's copy, as listings
    with commit():
        make_article("World story", section=Section.objects.get(slug="world"))
    number = NavigationVersion.objects.get().number
    assert number > 1  # random, not a count an old copy could have been built at
    assert article_nav(client, story)[0] == ["Pakistan", "World"]
    with commit():
        story.section.name = "Pakistan and the region"
        story.section.save()
    assert NavigationVersion.objects.get().number == number + 1
