"""Batch imports (articles/wire/bulk.py): new stories in bulk, the same rows as story by story."""

import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction
from reversion.models import Version
from reversion.revisions import _get_options
from taggit.models import Tag

from articles import freshness
from articles.models import (
    Agency,
    Article,
    Author,
    Correction,
    Credit,
    ImageCaption,
    RelatedStory,
    Section,
    WireVersion,
)
from articles.revisions import diff_revisions, restore_revision, story_versions
from articles.wire import bulk
from articles.wire.batch import ImportRun, RunOptions
from articles.wire.importer import import_file, wire_files
from tests.factories import make_article, relate

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 1, 8, tzinfo=UTC)
BYLINES = ["Sara Khan and AFP", "By ALI RAZA, Reuters", "Staff Reporter", "Nadia Ahmed"]


def ref(number):
    return f"urn:newsml:test.example:2026:story-{number}"


def ninjs(number, *, version="1", headline=None, **extra):
    """A ninjs story with a byline, tags, a photo and a section; ``extra`` adds or overrides."""
    created = START + timedelta(minutes=number)
    item = {
        "uri": ref(number),
        "version": version,
        "type": "text",
        "versioncreated": (created + timedelta(seconds=int(version))).isoformat(),
        "firstcreated": created.isoformat(),
        "pubstatus": "usable",
        "language": "en",
        "headlines": [{"role": "main", "value": headline or f"Story {number} on the wire"}],
        "descriptions": [{"role": "summary", "value": f"What story {number} is about."}],
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": f"<p>First paragraph of story {number}, version {version}.</p>"
                f"<p>Second paragraph about rain in Karachi.</p>",
            }
        ],
        "by": BYLINES[number % len(BYLINES)],
        "located": "Karachi",
        "keywords": ["Monsoon", f"topic {number % 3}"],
        "subjects": [{"name": "Weather desk", "uri": "medtop:17000000"}],
        "associations": {
            "photo": {
                "type": "picture",
                "descriptions": [
                    {"role": "caption", "value": f"Rain over story {number}."},
                    {"role": "alt", "value": "A flooded street"},
                ],
                "by": "AFP Photo",
            }
        },
    }
    item.update(extra)
    return item


def link(number, headline=""):
    """An association naming another story, by identity and, if given, headline."""
    association = {"type": "text", "uri": ref(number)}
    if headline:
        association["headlines"] = [{"role": "main", "value": headline}]
    return association


def write(folder, name, item):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(item) if isinstance(item, dict) else item)


def varied_folder(folder):
    """Stories that link each other within the batch and outside it, with every kind of part."""
    photo = ninjs(0)["associations"]["photo"]
    items = [
        ninjs(1, associations={"photo": photo, "later": link(3, "Story 3 on the wire")}),
        ninjs(2, associations={"earlier": link(1)}),
        ninjs(3),
        ninjs(4, associations={"old": link(99, "Older story already here")}),
        ninjs(5, headline="Waited-for story"),
        ninjs(6, embargoed=(START + timedelta(days=30)).isoformat()),
        ninjs(7, pubstatus="withheld", ednote="Withheld: legal check"),
        ninjs(8, ednote="Correction (2026-03-01): Fixes the place name."),
        ninjs(9, keywords=["monsoon", "Monsoon", "Floods"], by="Reuters"),
        ninjs(10, headline="کراچی میں بارش", by="سارہ احمد and Zoë Müller", keywords=["بارش"]),
        ninjs(11, by="nadia ahmed, afp", keywords=["MONSOON", "floods"]),  # known names
    ]
    for number, item in enumerate(items, start=1):
        write(folder, f"story-{number:02}.json", item)


def published_before_the_batch():
    older = make_article("Older story already here", source_ref=ref(99))
    waiting = make_article("A story that names one not yet here")
    relate(waiting, headline="Waited-for story")
    return older, waiting


def snapshot():
    """Everything an import writes, with ids replaced by identities so two runs compare."""
    refs = dict(Article.objects.values_list("pk", "source_ref"))
    ignored = {"id", "created_at", "modified_at", "search_vector", "noted_at", "received_at"}

    def fields(row):
        return _untimed(
            {
                f.attname: getattr(row, f.attname)
                for f in type(row)._meta.concrete_fields
                if f.attname not in ignored
            }
        )

    def by_story(model, *, key=lambda row: row.article_id):
        rows = sorted(model.objects.all(), key=lambda row: (refs.get(key(row)) or "", row.pk))
        return [{**fields(row), "article_id": refs.get(key(row))} for row in rows]

    articles = []
    for article in Article.objects.order_by("source_ref"):
        data = fields(article)
        data["section_id"] = article.section.slug
        articles.append(data)
    for rows in (credits := by_story(Credit)):
        rows["author_id"] = Author.objects.filter(pk=rows["author_id"]).values("name").first()
        rows["agency_id"] = Agency.objects.filter(pk=rows["agency_id"]).values("code").first()
    related = by_story(RelatedStory)
    for row in related:
        row["target_id"] = refs.get(row["target_id"])
    revisions = {}
    for article in Article.objects.all():
        revisions[article.source_ref] = [
            (
                version.revision.comment,
                # The order of its rows is no part of a revision: snapshots sort them by model.
                sorted(
                    (part.content_type.model, part.object_repr, _without_ids(part.field_dict))
                    for part in version.revision.version_set.all()
                ),
            )
            for version in story_versions(article)
        ]
    return {
        "articles": articles,
        "credits": credits,
        "photos": by_story(ImageCaption),
        "related": related,
        "corrections": by_story(Correction),
        "versions": by_story(WireVersion),
        "tags": {a.source_ref: sorted(a.tags.names()) for a in Article.objects.all()},
        "tag names": sorted(Tag.objects.values_list("name", flat=True)),
        "authors": sorted(Author.objects.values_list("name", "slug")),
        "agencies": sorted(Agency.objects.values_list("code", "slug")),
        "sections": sorted(Section.objects.values_list("slug", "name")),
        "revisions": revisions,
        "search": {
            word: sorted(Article.objects.search(word).values_list("headline", flat=True))
            for word in ["rain", "khan", "reuters", "monsoon", "flooded", "floods", "story"]
        },
    }


def _without_ids(data):
    ids = {"id", "article", "object", "tag", "author", "agency", "target", "section"}
    dated = {"created_at", "modified_at", "noted_at"}
    kept = {k: v for k, v in data.items() if k.removesuffix("_id") not in ids and k not in dated}
    return _untimed(kept)


def _untimed(data):
    """Times an import sets to "now" (a kill, an update) compare by being set or not."""
    return {
        k: (v is not None if k in ("withdrawn_at", "updated_at") else v) for k, v in data.items()
    }


def import_story_by_story(folder):
    for path in wire_files([folder]):
        import_file(path)


def test_a_batch_writes_exactly_the_rows_of_story_by_story_imports(tmp_path):
    published_before_the_batch()
    varied_folder(tmp_path / "wire")
    with transaction.atomic():
        import_story_by_story(tmp_path / "wire")
        one_by_one = snapshot()
        transaction.set_rollback(True)
    run = ImportRun(RunOptions(batch_size=3))  # later batches find what earlier ones made
    run.run([tmp_path / "wire"])
    assert run.counts == {"created": 11}
    assert snapshot() == one_by_one
    # What the comparison covers is really there.
    assert Article.objects.get(source_ref=ref(2)).related_stories.get().target.source_ref == ref(1)
    first = Article.objects.get(source_ref=ref(1))
    assert first.related_stories.get().target.source_ref == ref(3)
    assert RelatedStory.objects.get(headline="Waited-for story").target.source_ref == ref(5)
    assert Article.objects.get(source_ref=ref(7)).needs_attention
    assert Article.objects.get(source_ref=ref(8)).corrections.count() == 1
    assert sorted(Article.objects.get(source_ref=ref(9)).tags.names()) == [
        "Floods",
        "Monsoon",
        "Weather desk",
    ]
    assert len(one_by_one["revisions"][ref(1)]) == 1
    assert Author.objects.filter(name__iexact="nadia ahmed").count() == 1


def test_an_update_after_a_batch_import_has_two_revisions_to_compare_and_restore(tmp_path):
    write(tmp_path / "wire", "a.json", ninjs(1))
    write(tmp_path / "wire", "b.json", ninjs(2))
    ImportRun(RunOptions()).run([tmp_path / "wire"])
    changed = ninjs(1, version="2", headline="Story 1, now with a new headline")
    changed["associations"]["photo"]["descriptions"][0]["value"] = "A new caption."
    write(tmp_path / "update", "a.json", changed)
    ImportRun(RunOptions()).run([tmp_path / "update"])

    article = Article.objects.get(source_ref=ref(1))
    newer, older = story_versions(article)
    assert "(created)" in older.revision.comment and "(updated)" in newer.revision.comment
    changed = {diff.name for diff in diff_revisions(older, newer) if diff.changed}
    assert {"headline", "photos"} <= changed, changed
    restore_revision(older, user=None)
    article.refresh_from_db()
    assert article.headline == "Story 1 on the wire"
    assert list(article.photos.values_list("caption", flat=True)) == ["Rain over story 1."]
    assert story_versions(article).count() == 3


def test_a_bad_file_in_the_middle_is_reported_and_the_others_land(tmp_path):
    for number in range(1, 6):
        write(tmp_path, f"story-{number}.json", ninjs(number))
    write(tmp_path, "story-3.json", "{not json")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 of 5 stories failed"):
        call_command("import_wire", str(tmp_path), json=True, stdout=out, stderr=err)
    reports = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["status"] for r in reports] == ["created", "created", "failed", "created", "created"]
    assert reports[2]["path"].endswith("story-3.json") and reports[2]["error"]
    assert Article.objects.count() == 4
    assert Article.objects.get(source_ref=ref(4)).get_absolute_url() == reports[3]["url"]


def test_one_identity_twice_in_a_batch_is_created_then_updated_or_unchanged(tmp_path):
    write(tmp_path, "1-first.json", ninjs(1))
    write(tmp_path, "2-again.json", ninjs(1))
    write(tmp_path, "3-newer.json", ninjs(1, version="2", headline="Story 1, updated"))
    out = io.StringIO()
    call_command("import_wire", str(tmp_path), json=True, stdout=out, stderr=io.StringIO())
    statuses = [json.loads(line)["status"] for line in out.getvalue().splitlines()]
    assert statuses == ["created", "unchanged", "updated"]
    article = Article.objects.get()
    assert article.headline == "Story 1, updated"
    assert article.wire_versions.count() == 2
    assert story_versions(article).count() == 2


def test_rerunning_a_folder_changes_nothing(tmp_path):
    varied_folder(tmp_path)
    ImportRun(RunOptions(batch_size=4)).run([tmp_path])
    before = snapshot()
    again = ImportRun(RunOptions(batch_size=4))
    again.run([tmp_path])
    assert again.counts == {"unchanged": 11}
    assert snapshot() == before


def test_kills_replacements_and_known_stories_take_the_story_by_story_path(tmp_path):
    write(tmp_path, "1-kill.json", ninjs(1, version="2", pubstatus="canceled"))
    write(tmp_path, "2-older.json", ninjs(1))  # the kill overtook it: stale
    write(tmp_path, "3-new.json", ninjs(3))
    write(tmp_path, "4-replacing.json", ninjs(4, replaces=[ref(3)]))
    out = io.StringIO()
    call_command("import_wire", str(tmp_path), json=True, stdout=out, stderr=io.StringIO())
    statuses = [json.loads(line)["status"] for line in out.getvalue().splitlines()]
    assert statuses == ["created", "stale", "created", "updated"]
    assert Article.objects.get(source_ref=ref(1)).status == Article.Status.WITHDRAWN
    assert Article.objects.count() == 2


def test_a_failed_batch_falls_back_to_one_story_at_a_time(tmp_path, monkeypatch):
    """When the bulk transaction fails nothing of it stays; each story then goes on its own,
    and one that fails there too is reported without stopping the others."""

    def refuse(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(bulk, "import_revisions", refuse)
    original_save = RelatedStory.save

    def failing_save(self, *args, **kwargs):
        if self.headline == "Doomed story":
            raise DatabaseError("disk full")
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(RelatedStory, "save", failing_save)
    write(tmp_path, "1.json", ninjs(1))
    write(tmp_path, "2.json", ninjs(2, associations={"x": link(7, "Doomed story")}))
    write(tmp_path, "3.json", ninjs(3))
    run = ImportRun(RunOptions())
    run.run([tmp_path])
    assert run.counts == {"created": 2, "failed": 1}
    assert sorted(Article.objects.values_list("source_ref", flat=True)) == [ref(1), ref(3)]
    assert not Credit.objects.exclude(article__source_ref__in=[ref(1), ref(3)]).exists()
    for article in Article.objects.all():
        assert story_versions(article).count() == 1


def test_publish_dry_run_and_archive_work_on_batches(tmp_path):
    inbox, archive = tmp_path / "in", tmp_path / "done"
    write(inbox, "a.json", ninjs(1))
    write(inbox, "b.json", ninjs(2, embargoed=(START + timedelta(days=9999)).isoformat()))
    dry = ImportRun(RunOptions(dry_run=True, archive=archive))
    dry.run([inbox])
    assert dry.counts == {"created": 2} and not Article.objects.exists()
    ImportRun(RunOptions(publish=True, archive=archive)).run([inbox])
    assert sorted(p.name for p in archive.iterdir()) == ["a.json", "b.json"]
    public = Article.objects.published().values_list("source_ref", flat=True)
    assert list(public) == [ref(1)]  # the other is embargoed


def test_a_batch_makes_cached_pages_of_its_stories_stale(
    tmp_path, django_capture_on_commit_callbacks
):
    make_article("Already here")
    before = freshness.generations(["site"])
    write(tmp_path, "a.json", ninjs(1))
    with django_capture_on_commit_callbacks(execute=True):
        ImportRun(RunOptions()).run([tmp_path])
    assert not freshness.is_fresh(before)


def test_batch_size_must_be_positive(tmp_path):
    write(tmp_path, "a.json", ninjs(1))
    with pytest.raises(CommandError, match="--batch-size must be at least 1"):
        call_command("import_wire", str(tmp_path), batch_size=0)


def test_versions_serialise_as_reversion_does(tmp_path):
    write(tmp_path, "a.json", ninjs(1, headline="کراچی میں بارش", by="Zoë Müller"))
    ImportRun(RunOptions()).run([tmp_path])
    article = Article.objects.get()
    for version in Version.objects.filter(revision=story_versions(article).get().revision):
        obj = version.object
        options = _get_options(type(obj))
        expected = serializers.serialize(options.format, [obj], fields=options.fields)
        assert version.serialized_data == expected


def test_the_shared_wire_samples_give_the_same_rows_in_batches(wire_samples):
    """Every format, with its updates, kills and bad files: batches change nothing of what lands."""
    with transaction.atomic():
        import_story_by_story(wire_samples)
        one_by_one = snapshot()
        transaction.set_rollback(True)
    run = ImportRun(RunOptions(batch_size=7))
    run.run([wire_samples])
    assert run.counts["created"] > 20
    assert snapshot() == one_by_one


def test_a_new_identity_under_a_known_file_name_day_and_lede_goes_story_by_story(tmp_path):
    """The per-story path takes such a copy for the known story re-sent: so must a batch,
    whether the known story is already here or earlier in the same batch."""
    business = [{"name": "Economy", "uri": "medtop:04000000"}]
    write(tmp_path / "before", "a.json", ninjs(1, subjects=business))
    ImportRun(RunOptions()).run([tmp_path / "before"])
    same_lede = {"version": "2", "bodies": ninjs(1)["bodies"], "subjects": business}
    resent = ninjs(1, **same_lede, uri="urn:other:1", headline="Story 1, headline corrected")
    write(tmp_path / "now" / "x", "a.json", resent)
    write(tmp_path / "now" / "y", "b.json", ninjs(2, bodies=ninjs(1)["bodies"], subjects=business))
    write(tmp_path / "now" / "z", "b.json", ninjs(2, **same_lede, uri="urn:other:2"))
    with transaction.atomic():
        import_story_by_story(tmp_path / "now")
        one_by_one = snapshot()
        transaction.set_rollback(True)
    run = ImportRun(RunOptions())
    run.run([tmp_path / "now"])
    assert snapshot() == one_by_one
    assert run.counts == {"updated": 2, "created": 1}
    assert Article.objects.count() == 2
