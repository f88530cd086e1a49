"""Small object factories for tests: sensible defaults, every field overridable."""

import itertools
from datetime import timedelta

from django.utils import timezone

from articles.models import Agency, Article, Author, Credit, ImageCaption, RelatedStory, Section

_numbers = itertools.count(1)


def make_section(name=None, **fields):
    number = next(_numbers)
    name = name or f"Section {number}"
    fields.setdefault("slug", name.lower().replace(" ", "-"))
    return Section.objects.create(name=name, **fields)


def make_author(name=None, **fields):
    return Author.objects.create(name=name or f"Reporter {next(_numbers)}", **fields)


def make_agency(code=None, **fields):
    code = code or f"AG{next(_numbers)}"
    fields.setdefault("name", f"{code} News Agency")
    return Agency.objects.create(code=code, **fields)


def make_article(headline=None, *, section=None, status=Article.Status.PUBLISHED, **fields):
    """A story; published an hour ago unless told otherwise."""
    fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
    fields.setdefault("body", "<p>First paragraph of the story.</p>")
    article = Article.objects.create(
        headline=headline or f"Story number {next(_numbers)}",
        section=section
        or Section.objects.get_or_create(slug="pakistan", defaults={"name": "Pakistan"})[0],
        status=status,
        **fields,
    )
    return article


def credit(article, *credited):
    for position, who in enumerate(credited, start=article.credits.count()):
        kind = "agency" if isinstance(who, Agency) else "author"
        Credit.objects.create(article=article, position=position, **{kind: who})


def add_photo(article, caption="A photo", credit="Staff", **fields):
    fields.setdefault("position", article.photos.count())
    return ImageCaption.objects.create(article=article, caption=caption, credit=credit, **fields)


def relate(article, headline=None, target=None, position=None):
    if position is None:
        position = article.related_stories.count()
    related = RelatedStory(
        article=article, headline=headline or "", target=target, position=position
    )
    related.save()
    return related
