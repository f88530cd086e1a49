"""ninjs out: the public URL, the export command, and validation against the IPTC schemas."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from articles.body import split_blocks
from articles.models import Article, Correction
from tests.factories import add_photo, credit, make_agency, make_article, make_author

pytestmark = pytest.mark.django_db

GEOJSON = "https://geojson.org/schema/GeoJSON.json"


def validator(schemas, filename):
    """The official schema, offline: GeoJSON (for place geometry we never emit) is permissive."""
    schema = json.loads((schemas / filename).read_text())
    registry = Registry().with_resource(
        GEOJSON, Resource.from_contents({}, default_specification=DRAFT202012)
    )
    return Draft202012Validator(schema, registry=registry)


@pytest.fixture
def story():
    article = make_article(
        "Floods recede in the south",
        summary="Water levels fell overnight.",
        highlights=["Schools reopen Monday.", "Roads <clear>."],
        body="<p>The river fell.</p><h2>Relief</h2><p>Camps close.</p>",
        dateline="SUKKUR",
        language="en",
    )
    credit(article, make_author("Sara Khan"), make_agency("APX"))
    add_photo(article, "Boats on a street.", "Reuters", alt_text="Two boats")
    article.tags.add("floods", "Sindh")
    Correction.objects.create(article=article, text="An earlier version misnamed the city.")
    return article


def test_public_article_as_ninjs_2(client, story):
    response = client.get(f"/api/ninjs/{story.pk}/")
    assert response["Content-Type"] == "application/json"
    document = response.json()
    assert document["uri"] == f"urn:newsdesk:newsdesk:article:{story.pk}"
    assert document["headlines"] == [{"role": "main", "value": story.headline}]
    assert document["bodies"][0]["value"] == story.body
    assert document["by"] == "Sara Khan and APX"
    assert [p["name"] for p in document["people"]] == ["Sara Khan"]
    assert [s["name"] for s in document["infosources"]] == ["APX"]
    section, *tags = document["subjects"]
    assert section == {"name": "Pakistan", "rel": "section", "literal": "pakistan"}
    assert sorted(s["name"] for s in tags) == ["Sindh", "floods"]
    assert document["located"] == "SUKKUR"
    assert document["pubstatus"] == "usable"
    assert document["descriptions"][1]["value"] == (
        "<ul><li>Schools reopen Monday.</li><li>Roads &lt;clear&gt;.</li></ul>"
    )
    (photo,) = document["associations"]
    assert (photo["type"], photo["by"], photo["descriptions"][0]["value"]) == (
        "picture",
        "Reuters",
        "Boats on a street.",
    )
    assert document["ednote"].endswith("An earlier version misnamed the city.")
    assert document["altids"] == [
        {"role": "url", "value": f"http://testserver{story.get_absolute_url()}"}
    ]


def test_ninjs_3_uses_camel_case(client, story):
    document = client.get(f"/api/ninjs/{story.pk}/?version=3").json()
    assert {"versionCreated", "firstCreated", "pubStatus", "edNote", "infoSources"} <= set(document)
    assert "versioncreated" not in document
    assert document["bodies"][0]["contentType"] == "text/html"


def test_only_public_articles_are_served(client, time_machine):
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    draft = make_article("Draft", status=Article.Status.DRAFT)
    embargoed = make_article("Embargoed", embargo_until=now + timedelta(hours=1))
    withdrawn = make_article("Killed")
    withdrawn.withdraw("Legal")
    assert client.get(f"/api/ninjs/{draft.pk}/").status_code == 404
    assert client.get(f"/api/ninjs/{embargoed.pk}/").status_code == 404
    assert client.get(f"/api/ninjs/{withdrawn.pk}/").status_code == 410
    time_machine.move_to(now + timedelta(hours=1, seconds=1), tick=False)
    assert client.get(f"/api/ninjs/{embargoed.pk}/").status_code == 200


def test_export_validates_against_the_official_schemas(story, schemas):
    for version, filename in [(2, "ninjs-schema_2.2.json"), (3, "ninjs-schema_3.1.json")]:
        out = io.StringIO()
        call_command("export_ninjs", ninjs_version=version, stdout=out, stderr=io.StringIO())
        [line] = out.getvalue().splitlines()
        errors = list(validator(schemas, filename).iter_errors(json.loads(line)))
        assert errors == [], [error.message for error in errors]


def test_schema_check_is_real(schemas):
    """The validator does reject what the schema forbids."""
    bad = {"uri": "urn:x", "pubstatus": "maybe", "headlines": [{"role": "main"}]}
    assert len(list(validator(schemas, "ninjs-schema_2.2.json").iter_errors(bad))) == 2


def test_export_writes_one_file_per_public_article(story, tmp_path):
    make_article("Draft", status=Article.Status.DRAFT)
    call_command("export_ninjs", output=tmp_path, stdout=io.StringIO(), stderr=io.StringIO())
    assert [p.name for p in tmp_path.iterdir()] == [f"{story.pk}.json"]


def snapshot(article):
    """What a reader and an editor see of a story, to compare two articles field by field."""
    return {
        "headline": article.headline,
        "summary": article.summary,
        "highlights": article.highlights,
        "body": split_blocks(article.body),  # the same blocks, whatever the spacing between them
        "section": article.section.slug,
        "byline": [(str(c), c.is_agency) for c in article.byline],
        "tags": sorted(article.tags.names()),
        "photos": [(p.caption, p.credit, p.alt_text) for p in article.photos.all()],
        "dateline": article.dateline,
        "language": article.language,
        "corrections": [c.text for c in article.corrections.all()],
        "published_at": article.published_at,
    }


@pytest.mark.parametrize("version", [2, 3])
def test_importing_an_export_yields_the_same_article(story, tmp_path, version):
    before = snapshot(story)
    call_command(
        "export_ninjs",
        ninjs_version=version,
        output=tmp_path,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    story.delete()
    call_command(
        "import_wire", str(tmp_path), publish=True, stdout=io.StringIO(), stderr=io.StringIO()
    )
    imported = Article.objects.published().get()
    assert imported.source_format == "ninjs"
    assert snapshot(imported) == before
