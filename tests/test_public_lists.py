"""The cached navigation, filter choices and listing counts (articles/public_lists.py) follow
every public change once it commits, and stories made public by the clock within a minute."""

from datetime import timedelta

import lxml.html
import pytest
from django.utils import timezone

from articles import views
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
