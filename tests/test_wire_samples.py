"""The shared wire samples: every expected.json met exactly, and every bad input refused safely."""

import io
import json
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Q

from articles.models import Article, RelatedStory
from articles.wire.importer import import_file
from tests.pagetext import page_text

pytestmark = [pytest.mark.django_db, pytest.mark.shared]


def page_text_samples(wire_samples):
    return sorted((wire_samples / "page-text").glob("*.txt"))


def read_back(article):
    """The fields of expected.json, read from the database as an editor would see them."""
    body = lxml.html.fragment_fromstring(article.body or "<div></div>", create_parent="div")
    credits = list(article.credits.select_related("author", "agency"))
    local = ZoneInfo(settings.TIME_ZONE)
    return {
        "section": article.section.slug,
        "published_date": article.published_at.astimezone(local).date().isoformat(),
        "agencies": [c.agency.code for c in credits if c.agency],
        "authors": [c.author.name for c in credits if c.author],
        "headline": article.headline,
        "image_captions": [
            {"caption": photo.caption, "credit": photo.credit} for photo in article.photos.all()
        ],
        "highlights": article.highlights,
        "subheadings": [h2.text_content() for h2 in body.findall("h2")],
        "body_paragraphs": len(body.findall("p")),
        "related_headlines": [r.headline for r in article.related_stories.all()],
    }


def test_every_page_text_sample_meets_its_expected_json(wire_samples):
    samples = page_text_samples(wire_samples)
    assert len(samples) >= 5
    for sample in samples:
        [outcome] = import_file(sample)
        assert outcome.status == "created", (sample.name, outcome.error)
        expected = json.loads(sample.with_name(sample.stem + ".expected.json").read_text())
        article = Article.objects.get(pk=outcome.article.pk)
        assert read_back(article) == expected, sample.name


def test_seed_story_lands_as_a_draft_with_its_provenance(wire_samples):
    seed = wire_samples / "page-text" / "app-pakistan-2022-12-15.txt"
    article = import_file(seed)[0].article
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.source_format == "page-text"
    assert article.source_name == seed.name
    assert article.source_ref.startswith("page-text:2022-12-15:")
    assert len(article.content_hash) == 64
    photo = article.photos.get()
    assert photo.alt_text == photo.caption
    assert photo.body_position is None  # the lead photo, above the highlights


def test_batch_links_related_headlines_in_either_order(wire_samples, tmp_path):
    """Stories named in a "More From" block link up when they arrive, before or after."""
    seed = wire_samples / "page-text" / "app-pakistan-2022-12-15.txt"
    earlier = tmp_path / "earlier.txt"
    earlier.write_bytes(page_text("Bilawal calls on UNSC to implement Kashmir resolutions"))
    later = tmp_path / "later.txt"
    later.write_bytes(page_text("PTI likely to dissolve assemblies ‘either on Dec 17 or 23’"))
    paths = [str(earlier), *map(str, page_text_samples(wire_samples)), str(later)]

    call_command("import_wire", *paths, stdout=io.StringIO(), stderr=io.StringIO())

    seed_article = Article.objects.get(source_name=seed.name)
    links = {r.headline: r.target for r in seed_article.related_stories.all()}
    assert (
        links["Bilawal calls on UNSC to implement Kashmir resolutions"].source_name == "earlier.txt"
    )
    # Curly and straight quotes name the same headline.
    assert links["PTI likely to dissolve assemblies 'either on Dec 17 or 23'"].source_name == (
        "later.txt"
    )
    others = [
        target for headline, target in links.items() if target and "PTI likely" not in headline
    ]
    assert len(others) == 1  # nothing else in the batch carries those headlines
    assert RelatedStory.objects.filter(target__isnull=False).count() == 2


BAD_ERRORS = {
    "empty.txt": "empty",
    "whitespace-only.txt": "white space",
    "latin1-bytes.txt": "not valid UTF-8",
    "no-headline.txt": "headline",
    "bad-date.txt": "date",
    "truncated.json": "invalid JSON",
    "not-wire.xml": "not a known wire format",
    "billion-laughs.xml": "declares entities",
    "xxe.xml": "declares entities",
}


def test_every_bad_sample_is_refused_with_its_reason(wire_samples):
    bad_files = sorted(
        p for p in (wire_samples / "bad").iterdir() if p.name != "script-injection.txt"
    )
    assert {p.name for p in bad_files} == set(BAD_ERRORS)
    for path in bad_files:
        [outcome] = import_file(path)
        assert outcome.status == "failed", path.name
        assert BAD_ERRORS[path.name] in outcome.error, (path.name, outcome.error)
        assert "\n" not in outcome.error
    assert Article.objects.count() == 0


def test_xxe_never_reads_the_file_it_names(wire_samples):
    passwd_line = "root:x:0:0"
    [outcome] = import_file(wire_samples / "bad" / "xxe.xml")
    assert outcome.status == "failed"
    assert passwd_line not in outcome.error
    stored = Article.objects.filter(Q(headline__contains="root:") | Q(body__contains="root:"))
    assert not stored.exists() and Article.objects.count() == 0


def test_markup_sample_is_imported_harmless_and_shown_escaped(wire_samples, client):
    [outcome] = import_file(wire_samples / "bad" / "script-injection.txt", publish=True)
    assert outcome.status == "created"
    article = Article.objects.get(pk=outcome.article.pk)
    assert "<img" not in article.body and "<a " not in article.body
    page = client.get(article.get_absolute_url()).content.decode()
    doc = lxml.html.fromstring(page)
    # The only scripts are JSON-LD data blocks, and the headline cannot break out of them.
    scripts = doc.xpath("//script")
    assert all(s.get("type") == "application/ld+json" for s in scripts)
    assert all("<script>" not in s.text for s in scripts)
    assert doc.xpath("//*[@onerror]") == []
    assert doc.xpath("//a[starts-with(@href, 'javascript:')]") == []
    assert doc.xpath("string(//h1)") == "Headline <script>alert(1)</script> with markup"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_batch_with_bad_files_saves_every_good_story(wire_samples, capsys):
    with pytest.raises(CommandError, match="9 of 15 stories failed"):
        call_command(
            "import_wire", str(wire_samples / "bad"), *map(str, page_text_samples(wire_samples))
        )
    assert Article.objects.count() == 6  # five samples and the harmless markup story
    err = capsys.readouterr().err
    for name in BAD_ERRORS:
        assert (
            sum(
                line.startswith(str(wire_samples / "bad" / name) + ": ")
                for line in err.splitlines()
            )
            == 1
        )
    assert err.splitlines()[-1] == "6 created, 0 updated, 0 unchanged, 9 failed (15 files)"
