"""Models: the public rule, related-story linking, slugs, sanitising and credits."""

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from articles.models import Article, Credit
from tests.factories import make_agency, make_article, make_author, relate

pytestmark = pytest.mark.django_db


def public_headlines():
    return set(Article.objects.published().values_list("headline", flat=True))


def test_published_hides_drafts_withdrawn_scheduled_and_embargoed():
    now = timezone.now()
    make_article("Live")
    make_article("Draft", status=Article.Status.DRAFT)
    make_article("Withdrawn", status=Article.Status.WITHDRAWN)
    make_article("Scheduled", published_at=now + timedelta(hours=2))
    make_article("Embargoed", embargo_until=now + timedelta(hours=1))
    make_article("Embargo over", embargo_until=now - timedelta(minutes=1))
    make_article("No time", published_at=None)
    assert public_headlines() == {"Live", "Embargo over"}


def test_scheduled_story_goes_public_when_its_time_comes(time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    make_article("Evening edition", published_at=start + timedelta(hours=3))
    assert public_headlines() == set()
    time_machine.move_to(start + timedelta(hours=3, seconds=1), tick=False)
    assert public_headlines() == {"Evening edition"}


def test_publish_sets_the_time_once():
    draft = make_article("Draft", status=Article.Status.DRAFT, published_at=None)
    draft.publish()
    first_time = draft.published_at
    assert first_time is not None and "Draft" in public_headlines()
    draft.unpublish()
    draft.publish()
    assert draft.published_at == first_time


def test_related_headline_links_when_the_story_arrives_later():
    article = make_article("Main story")
    waiting = relate(article, "Dams near ‘capacity’")
    assert waiting.target is None
    later = make_article("Dams near 'capacity'.")
    waiting.refresh_from_db()
    assert waiting.target == later


def test_related_headline_links_at_once_when_the_story_exists():
    existing = make_article("Budget passed")
    article = make_article("Main story")
    assert relate(article, "budget passed").target == existing


def test_related_story_never_links_to_itself():
    article = make_article("Echo")
    assert relate(article, "Echo").target is None


def test_slug_comes_from_headline_and_stays_when_headline_changes():
    article = make_article("Rain lashes Karachi, roads flooded")
    assert article.slug == "rain-lashes-karachi-roads-flooded"
    article.headline = "Heavy rain lashes Karachi"
    article.save()
    assert article.slug == "rain-lashes-karachi-roads-flooded"
    assert make_article("بارش").slug == "story"


def test_body_is_sanitised_on_save():
    article = make_article(
        body='<p onclick="x()">Hi <script>alert(1)</script><a href="javascript:y()">a</a>'
        '<a href="https://example.com">b</a></p><iframe src="https://evil"></iframe>'
    )
    assert article.body == (
        '<p>Hi <a rel="noopener noreferrer">a</a>'
        '<a href="https://example.com" rel="noopener noreferrer">b</a></p>'
    )


def test_highlights_keep_order_and_drop_blanks():
    article = make_article(highlights=[" First ", "", "Second"])
    article.refresh_from_db()
    assert article.highlights == ["First", "Second"]


def test_credit_names_an_author_or_an_agency_not_both():
    article = make_article()
    with pytest.raises(IntegrityError):
        Credit.objects.create(article=article, author=make_author(), agency=make_agency())


def test_byline_keeps_credit_order():
    article = make_article()
    agency, author = make_agency("APX"), make_author("Sara Khan")
    Credit.objects.create(article=article, position=1, agency=agency)
    Credit.objects.create(article=article, position=0, author=author)
    assert article.byline == [author, agency]


def test_teaser_prefers_summary_then_highlight_then_first_paragraph():
    assert make_article(summary="Sum.", highlights=["Point."]).teaser == "Sum."
    assert make_article(highlights=["Point."]).teaser == "Point."
    assert make_article(body="<h2>Sub</h2><p>Tom &amp; Jerry <b>run</b>.</p>").teaser == (
        "Tom & Jerry run."
    )
