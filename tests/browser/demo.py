"""The demo newsroom the browser tests read: built with the factories in the test database,
except the Pakistan desk's busy day, written in bulk and indexed once (see ``busy_day``).

Fixed dates in March 2024 (Karachi time) keep archive URLs stable; every story is in the past,
so ``Article.objects.published()`` shows all of them except the draft and the scheduled story,
which the tests expect never to see.
"""

import io
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image
from taggit.models import Tag, TaggedItem

from articles import search
from articles.models import Agency, Article, Credit, Section
from articles.text import article_slug, headline_key
from tests.factories import add_photo, credit, make_article, make_author, relate

KARACHI = ZoneInfo("Asia/Karachi")
BUSY_DAY = (2024, 3, 14)  # the Pakistan desk's 46 stories: three pages of 20
BUSY_DAY_STORIES = 46


def karachi(day, hour, minute=0):
    return datetime(2024, 3, day, hour, minute, tzinfo=KARACHI)


def png(width, height, colour):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue())


def photo_with_file(article, name, size, colour, **fields):
    """A photo whose image really exists in MEDIA_ROOT, so the browser loads real pixels."""
    photo = add_photo(article, **fields)
    photo.image.save(name, png(*size, colour))
    return photo


def section(slug, name, position):
    # The seed migration's sections are gone after another transactional test flushed them.
    defaults = {"name": name, "position": position}
    return Section.objects.get_or_create(slug=slug, defaults=defaults)[0]


def agency(code, name):
    return Agency.objects.get_or_create(code=code, defaults={"name": name, "slug": code.lower()})[0]


FEATURE_BODY = """
<p>Survey teams who spent the summer on 40 glaciers of the Karakoram found the ice thinning twice
as fast as the models had forecast, the Glacier Monitoring Cell said on Wednesday.</p>
<p>The findings, published in the cell's annual report at
<a href="https://example.org/reports/KarakoramGlacierSurveyFinalDataTablesAppendix2024.pdf">
https://example.org/reports/KarakoramGlacierSurveyFinalDataTablesAppendix2024.pdf</a>, cover
the Hunza, Shigar and Shyok valleys (#KarakoramGlacierSurveyFinalDataTablesAppendix).</p>
<h2>Lakes that grow every summer</h2>
<p>Meltwater lakes have formed on the snouts of twelve glaciers, and three of them doubled in area
since last year.</p>
<p>“We measure them every fortnight now,” said a hydrologist with the team.</p>
<h2>Sirens for the villages</h2>
<p>Villages below the largest lakes will get flood warning sirens before the monsoon.</p>
"""


def busy_day(section, reporter, every_third_reporter):
    """The Pakistan desk's busy day: many short stories, written in bulk as the wire store does.

    One save per story would re-index each one several times (article, credit, tag); bulk
    writes send no signals, so the stories are indexed once at the end, like an import.
    """
    headlines = {n: f"Pakistan desk briefing number {n}" for n in range(1, BUSY_DAY_STORIES + 1)}
    stories = Article.objects.bulk_create(
        Article(
            headline=headline,
            slug=article_slug(headline),
            headline_key=headline_key(headline),
            section=section,
            status=Article.Status.PUBLISHED,
            published_at=karachi(BUSY_DAY[2], 6) + timedelta(minutes=15 * number),
            summary=f"What the Pakistan desk reported in briefing {number}.",
            body=f"<p>Briefing {number} from the Pakistan desk.</p>",
        )
        for number, headline in headlines.items()
    )
    Credit.objects.bulk_create(
        Credit(article=story, author=every_third_reporter if number % 3 == 0 else reporter)
        for number, story in enumerate(stories, start=1)
    )
    economy = Tag.objects.get_or_create(name="Economy", defaults={"slug": "economy"})[0]
    TaggedItem.objects.bulk_create(
        TaggedItem(content_object=story, tag=economy) for story in stories[4::5]
    )
    public = Article.objects.filter(pk__in=[story.pk for story in stories])
    search.index_articles(public)
    return list(public.for_listing())


@dataclass
class Demo:
    feature: Article
    linked_related: list[Article]
    climate_stories: list[Article]
    busy_section: Section
    busy_day_stories: list[Article]
    by_bilal: list[Article]
    economy_stories: list[Article]
    hidden: list[Article] = field(default_factory=list)


def build_demo():
    with transaction.atomic():
        return _build_demo()


def _build_demo():
    pakistan = section("pakistan", "Pakistan", 10)
    world = section("world", "World", 20)
    business = section("business", "Business", 30)
    sports = section("sports", "Sports", 40)
    amina = make_author("Amina Siddiqui", bio="Amina covers climate and the north.")
    bilal = make_author("Bilal Khan")
    sara = make_author("Sara Malik")
    app = agency("APP", "Associated Press of Pakistan")
    reuters = agency("Reuters", "Reuters")

    busy_day_stories = busy_day(pakistan, amina, bilal)
    by_bilal = [story for story in busy_day_stories if story.byline == [bilal]]
    economy_stories = [s for s in busy_day_stories if s.tags.filter(slug="economy").exists()]

    linked_related = [
        make_article(
            "Hunza valley braces for a wet monsoon",
            section=world,
            summary="Forecasters expect heavy rain in the north.",
            published_at=karachi(19, 8),
        ),
        make_article(
            "Skardu airport reopens after snowfall",
            section=world,
            summary="Flights resumed on Tuesday morning.",
            published_at=karachi(19, 7),
        ),
    ]
    credit(linked_related[0], sara, reuters)
    credit(linked_related[1], reuters)
    insurers = make_article(
        "Insurers price in flood risk for northern valleys",
        section=business,
        summary="Premiums for homes below melting glaciers are rising.",
        published_at=karachi(18, 12),
    )
    credit(insurers, sara)
    insurers.tags.add("Climate", "Economy")
    for number, hour in enumerate((10, 14, 18), start=1):
        match = make_article(
            f"Cricket roundup {number}: Karachi Kings win again",
            section=sports,
            summary="Another win at the National Stadium.",
            published_at=karachi(17, hour),
        )
        credit(match, bilal)
        match.tags.add("Cricket")

    feature = make_article(
        "Glaciers in the Karakoram are melting faster than forecast",
        section=world,
        summary="Survey teams found ice loss across 40 glaciers, with meltwater lakes growing "
        "near villages.",
        highlights=[
            "Ice loss on the surveyed glaciers has doubled since 2015.",
            "Twelve meltwater lakes are now classed as dangerous.",
            "Villages downstream get flood warning sirens before the monsoon.",
        ],
        body=FEATURE_BODY,
        published_at=karachi(20, 9),
        dateline="GILGIT",
    )
    credit(feature, amina, app)
    feature.tags.add("Climate", "Gilgit-Baltistan")
    photo_with_file(
        feature,
        "batura.png",
        (1200, 675),
        (70, 110, 150),
        caption="A survey team crosses the Batura glacier.",
        credit="Amina Siddiqui",
        alt_text="Three people in red jackets walk across grey ice",
    )
    photo_with_file(
        feature,
        "passu-lake.png",
        (800, 600),
        (40, 120, 90),
        caption="A meltwater lake above Passu village.",
        credit="APP",
        alt_text="A green lake below a glacier snout",
        body_position=2,
    )

    draft = make_article(
        "Glacier draft the desk has not checked",
        section=world,
        status=Article.Status.DRAFT,
        published_at=None,
    )
    draft.tags.add("Climate")
    scheduled = make_article(
        "Glacier report scheduled for next week",
        section=world,
        published_at=timezone.now() + timedelta(days=7),
    )
    for related in linked_related:
        relate(feature, target=related)
    relate(feature, target=draft, headline="Glacier desk copy awaiting checks")
    relate(feature, "Glacial lake outburst warnings issued in Chitral")

    return Demo(
        feature=feature,
        linked_related=linked_related,
        climate_stories=[feature, insurers],
        busy_section=pakistan,
        busy_day_stories=busy_day_stories,
        by_bilal=by_bilal,
        economy_stories=economy_stories,
        hidden=[draft, scheduled],
    )
