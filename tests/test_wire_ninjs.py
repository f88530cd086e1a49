"""The ninjs parser (1.x, 2.x, 3.x) on copy written for these tests, then on the shared samples."""

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from articles.body import split_blocks
from articles.models import Article, Correction
from articles.ninjs import article_to_ninjs
from articles.wire.formats import parse_wire
from articles.wire.importer import import_story
from articles.wire.ninjs import parse, structural_html
from articles.wire.story import CANCELED, USABLE, WITHHELD, ParsedCredit, ParsedLink, WireError
from tests.factories import add_photo, credit, make_agency, make_article, make_author


def ninjs(**fields):
    return json.dumps({"uri": "urn:test:ninjs:1", **fields}).encode()


def test_ninjs_1x_singular_fields():
    story = parse(
        ninjs(
            type="text",
            version="4",
            firstcreated="2024-03-01T08:00:00Z",
            versioncreated="2024-03-01T09:30:00+01:00",
            embargoed="2024-03-02T06:00:00Z",
            pubstatus="usable",
            language="nb",
            headline="Ferry traffic resumes after the storm",
            byline="By Kari Holm and Ola Berg, NTB",
            located="BERGEN",
            description_text="Crossings restart at noon.",
            body_text="Crossings restart at noon. Plain version.",
            body_xhtml="<p>Crossings restart at noon.</p><p>Queues are expected.</p>",
            subject=[{"code": "15054000", "name": "soccer"}, {"code": "x1", "name": "Weather"}],
            keywords=["ferries", "Weather"],
            ednote="Photos to follow.",
            copyrightholder="NTB",
            associations={
                "mainpic": {
                    "uri": "urn:test:pic:9",
                    "type": "picture",
                    "byline": "Lise Dahl",
                    "headline": "Ferry at the quay",
                    "description_text": "The first ferry leaves the quay on Friday.",
                    "renditions": {
                        "thumb": {"href": "https://img.test/t.jpg", "width": 100, "height": 60},
                        "main": {"href": "https://img.test/m.jpg", "width": 1200, "height": 800},
                    },
                },
                "editor_0": None,
            },
        ),
        name="ferry.json",
    )
    assert story.format == "ninjs"
    assert story.source_ref == "urn:test:ninjs:1"
    assert story.source_version == "4"
    assert story.source_name == "ferry.json"
    assert story.headline == "Ferry traffic resumes after the storm"
    assert story.body_html == "<p>Crossings restart at noon.</p>\n<p>Queues are expected.</p>"
    assert story.summary == "Crossings restart at noon."
    assert story.credits == [
        ParsedCredit("Kari Holm", "person"),
        ParsedCredit("Ola Berg", "person"),
        ParsedCredit("NTB", "agency"),
    ]
    assert story.dateline == "BERGEN"
    assert story.language == "nb"
    assert story.provider == "NTB"
    assert story.tags == ["ferries", "Weather", "soccer"]
    assert story.section == "sports"
    assert story.published_at == datetime(2024, 3, 1, 8, 0, tzinfo=UTC)
    assert story.version_created == datetime(2024, 3, 1, 8, 30, tzinfo=UTC)
    assert story.embargo_until == datetime(2024, 3, 2, 6, 0, tzinfo=UTC)
    assert story.pubstatus == USABLE
    assert story.editor_note == "Photos to follow."
    assert story.correction_note == ""
    [photo] = story.photos
    assert photo.caption == "The first ferry leaves the quay on Friday."
    assert photo.credit == "Lise Dahl"
    assert photo.url == "https://img.test/m.jpg"
    assert photo.body_position is None


def test_ninjs_2x_picks_the_richest_html_body_and_reads_arrays():
    rich = (
        "<html><head><title>Ferry</title></head><body><article><h1>Ferries sail again</h1>"
        '<div class="dat"><span>BERGEN</span> (NTB)</div><p>Crossings restart at noon.</p>'
        "<figure><img src='x.jpg'/><figcaption>Quay</figcaption></figure>"
        "<h3>Long queues</h3><p>Queues are expected.</p></article></body></html>"
    )
    story = parse(
        ninjs(
            version="2",
            headlines=[
                {"role": "sub", "value": "Storm over"},
                {"role": "main", "value": "Ferries sail again"},
            ],
            bodies=[
                {
                    "role": "main",
                    "contenttype": "text/plain",
                    "value": "Crossings restart at noon. " * 20,
                },
                {"role": "html5", "contenttype": "text/html", "value": "<p>Short.</p>"},
                {"role": "richhtml5", "contenttype": "text/html", "value": rich},
                {"role": "nitf", "contenttype": "application/xml", "value": "<nitf>" + "x" * 900},
            ],
            by="Ola Berg",
            infosources=[{"name": "NTB", "role": "originator"}],
            subjects=[
                {"name": "Transport", "uri": "http://cv.iptc.org/newscodes/subjectcode/04015000"}
            ],
            associations=[
                {
                    "name": "a1",
                    "uri": "urn:test:pic:1",
                    "type": "picture",
                    "descriptions": [{"value": "A ferry at the quay. Foto: Kari Holm / NTB"}],
                    "renditions": [
                        {
                            "name": "small",
                            "href": "https://img.test/s.jpg",
                            "width": 320,
                            "height": 200,
                        },
                        {
                            "name": "big",
                            "href": "https://img.test/b.jpg",
                            "width": 2048,
                            "height": 1365,
                        },
                        {
                            "name": "ftp",
                            "href": "ftp://img.test/b.jpg",
                            "width": 9000,
                            "height": 9000,
                        },
                    ],
                },
                {
                    "name": "a2",
                    "uri": "urn:test:ninjs:0",
                    "type": "text",
                    "headlines": [{"value": "Storm closes ferries"}],
                },
                {"name": "a3", "uri": "urn:test:vid:1", "type": "video"},
            ],
        )
    )
    assert story.headline == "Ferries sail again"
    assert story.summary == "Storm over"
    assert story.body_html == (
        "<p>Crossings restart at noon.</p>\n<h2>Long queues</h2>\n<p>Queues are expected.</p>"
    )
    assert story.provider == "NTB"
    assert story.section == "business"
    assert story.tags == ["Transport"]
    [photo] = story.photos
    assert (photo.caption, photo.credit) == ("A ferry at the quay.", "Kari Holm / NTB")
    assert photo.url == "https://img.test/b.jpg"
    assert story.related == [ParsedLink(headline="Storm closes ferries", ref="urn:test:ninjs:0")]


def test_ninjs_3x_camel_case_names():
    story = parse(
        json.dumps(
            {
                "uri": "urn:test:ninjs:3",
                "version": "7",
                "firstCreated": "2024-05-01T10:00:00+02:00",
                "versionCreated": "2024-05-01T12:00:00+02:00",
                "embargoedUntil": "2024-05-02T00:00:00Z",
                "pubStatus": "withheld",
                "edNote": "Hold for legal review.",
                "infoSources": [{"name": "AcmeWire"}],
                "headlines": [{"value": "Council delays vote"}],
                "bodies": [{"contentType": "text/html", "value": "<p>The vote moves to June.</p>"}],
                "descriptions": [
                    {
                        "role": "summary",
                        "contentType": "text/html",
                        "value": "<p>Vote <b>moved</b>.</p>",
                    }
                ],
                "associations": [
                    {
                        "name": "pic",
                        "uri": "urn:test:pic:3",
                        "type": "picture",
                        "by": "Ann Lee",
                        "headlines": [{"value": "Council chamber"}],
                        "renditions": [
                            {
                                "href": "https://img.test/c.jpg",
                                "contentType": "image/jpeg",
                                "sizeInBytes": 5,
                            }
                        ],
                    }
                ],
            }
        ).encode()
    )
    assert story.source_version == "7"
    assert story.published_at == datetime(2024, 5, 1, 10, 0, tzinfo=timezone(timedelta(hours=2)))
    assert story.version_created == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    assert story.embargo_until == datetime(2024, 5, 2, 0, 0, tzinfo=UTC)
    assert story.pubstatus == WITHHELD
    assert story.editor_note == "Hold for legal review."
    assert story.provider == "AcmeWire"
    assert story.summary == "Vote moved."
    assert story.body_html == "<p>The vote moves to June.</p>"
    [photo] = story.photos
    assert (photo.caption, photo.credit, photo.url) == (
        "Council chamber",
        "Ann Lee",
        "https://img.test/c.jpg",
    )


def test_wire_html_keeps_structure_only():
    html = (
        '<section><div class="dateline">OSLO</div>Stray opening text'
        "<p>Read <a href='javascript:alert(1)'>this</a> and "
        '<a href="https://ntb.no/a?b=1&amp;c=2" onclick="x()"><u>that</u></a>.'
        "<script>alert(2)</script></p>"
        "<p>&nbsp;</p><h1>A different heading</h1><ul><li><b>One</b></li><li><i>Two</i></li></ul>"
        "<blockquote>Quoted<br/>line</blockquote><p>Last<p>Unclosed</section>"
    )
    assert structural_html(html, "Some headline").split("\n") == [
        "<p>Stray opening text</p>",
        '<p>Read this and <a href="https://ntb.no/a?b=1&amp;c=2">that</a>.</p>',
        "<h2>A different heading</h2>",
        "<ul><li><strong>One</strong></li><li><em>Two</em></li></ul>",
        "<blockquote>Quoted<br>line</blockquote>",
        "<p>Last</p>",
        "<p>Unclosed</p>",
    ]


def test_cdata_is_text_and_other_marked_sections_do_not_break_the_parser():
    html = "<p>a <![CDATA[x < y]]> b</p><p>c <![if !IE]> d</p>"
    assert structural_html(html) == "<p>a x &lt; y b</p>\n<p>c &lt;![if !IE]&gt; d</p>"


def test_photo_credit_falls_back_to_a_short_copyright_notice_only():
    notice = "Copyright 2024 Acme. All rights reserved. " * 3
    pictures = [
        {"uri": "urn:p:1", "type": "picture", "headline": "One", "copyrightnotice": "© Acme"},
        {"uri": "urn:p:2", "type": "picture", "headline": "Two", "copyrightnotice": notice},
    ]
    story = parse(ninjs(headline="H", associations=pictures))
    assert [(p.caption, p.credit) for p in story.photos] == [("One", "© Acme"), ("Two", "")]


def test_a_heading_that_repeats_the_headline_is_dropped():
    html = "<h1>Ferries &amp; trains sail again</h1><p>Text.</p>"
    assert structural_html(html, "Ferries & Trains sail again.") == "<p>Text.</p>"


@pytest.mark.parametrize(
    ("text", "paragraphs"),
    [
        ("First para\nstill first.\n\nSecond.", ["First para still first.", "Second."]),
        ("One line.\nAnother line.", ["One line.", "Another line."]),
        ("Ferries sail again\nCrossings restart.", ["Crossings restart."]),
    ],
)
def test_plain_text_bodies_become_paragraphs(text, paragraphs):
    story = parse(ninjs(headline="Ferries sail again", body_text=text))
    assert story.body_html == "\n".join(f"<p>{p}</p>" for p in paragraphs)


def test_a_picture_item_alone_is_refused():
    data = ninjs(type="picture", headline="Quay at dawn", description_text="The quay.")
    with pytest.raises(
        WireError, match=r"^ninjs item urn:test:ninjs:1 is a picture item without a story"
    ):
        parse(data)


@pytest.mark.parametrize(
    ("pubstatus", "expected"), [("usable", USABLE), ("withheld", WITHHELD), ("canceled", CANCELED)]
)
def test_pubstatus(pubstatus, expected):
    assert parse(ninjs(headline="H", pubstatus=pubstatus)).pubstatus == expected


def test_a_kill_without_body_still_parses():
    story = parse(ninjs(headline="Kill: ferry story", pubstatus="canceled"))
    assert (story.pubstatus, story.body_html) == (CANCELED, "")


def test_corrected_headline_prefix_is_stripped_and_noted():
    story = parse(ninjs(headline="CORRECTED-Ferry traffic resumes", body_text="Text."))
    assert story.headline == "Ferry traffic resumes"
    assert story.correction_note == "This story has been corrected."


def test_correction_ednote_becomes_the_correction_note():
    story = parse(ninjs(headline="H", ednote="Eds: Corrects spelling of Holm in 2nd paragraph."))
    assert story.correction_note == "Corrects spelling of Holm in 2nd paragraph."
    assert story.editor_note == "Eds: Corrects spelling of Holm in 2nd paragraph."
    assert parse(ninjs(headline="H", ednote="Embargoed until 0600 GMT.")).correction_note == ""


def test_replacing_and_revisions_name_what_this_version_replaces():
    story = parse(
        ninjs(
            headline="H",
            replacing=["urn:test:old:1", "urn:test:ninjs:1"],
            revisions=[{"uri": "urn:test:old:2"}, {"uri": "urn:test:old:1"}],
            associations=[
                {"name": "prev", "rel": "replaces", "uri": "urn:test:old:3", "type": "text"}
            ],
        )
    )
    assert story.replaces == ["urn:test:old:1", "urn:test:old:2", "urn:test:old:3"]
    assert story.related == []


def test_a_byline_in_located_is_not_a_dateline():
    story = parse(ninjs(headline="H", byline="Ann Lee, Oslo University", located="Ann Lee, Oslo"))
    assert story.dateline == ""
    assert story.credits == [ParsedCredit("Ann Lee", "person", "Oslo University")]


def test_guid_is_the_identity_without_uri_and_authors_stand_in_for_a_byline():
    data = json.dumps(
        {
            "guid": "3f1c-guid",
            "headline": "H",
            "authors": [
                {"name": "Josh Pitt", "role": "editor"},
                {"name": "Ann Lee", "role": "writer"},
            ],
        }
    ).encode()
    story = parse(data)
    assert story.source_ref == "3f1c-guid"
    assert story.credits == [ParsedCredit("Ann Lee", "person")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"uri": "urn:x", "headlines": [{"value": "Cut', r"^invalid JSON: "),
        (b'[{"uri": "urn:x"}]', r"^ninjs JSON holds no story \(the top level is not an object\)$"),
        (b'{"headline": "H"}', r"^ninjs has no uri or guid$"),
        (
            b'{"uri": "urn:x", "headlines": "not a list"}',
            r"^ninjs has no headline \(headline/headlines\)$",
        ),
        (
            b'{"uri": "urn:x", "headline": "H", "versioncreated": "yesterday"}',
            r"^versioncreated 'yesterday' is not",
        ),
        (
            b'{"uri": "urn:x", "headline": "H", "pubstatus": "draft"}',
            r"^ninjs pubstatus 'draft' is not usable",
        ),
    ],
)
def test_malformed_ninjs_is_refused_with_one_clear_line(data, message):
    with pytest.raises(WireError, match=message) as error:
        parse(data)
    assert "\n" not in str(error.value)


def test_wrong_shapes_do_not_crash():
    data = ninjs(
        headline="H",
        bodies={"value": "<p>One body as an object.</p>", "contenttype": "text/html"},
        associations=["not an object", {"type": "picture", "renditions": "none"}],
        subjects="none",
        keywords=[None, 5, "kept"],
        located=["not", "text"],
        version=3,
    )
    story = parse(data)
    assert story.body_html == "<p>One body as an object.</p>"
    assert story.tags == ["5", "kept"]
    assert story.dateline == ""
    assert story.source_version == "3"
    assert story.photos == []  # a picture with no caption, credit or address says nothing


def test_latin1_bytes_are_decoded_and_detection_picks_ninjs():
    data = '{"uri": "urn:x", "headline": "Smörgåsbord"}'.encode("latin-1")
    assert parse(data).headline == "Smörgåsbord"
    [story] = parse_wire(ninjs(headline="H", body_text="T."), "x.json")
    assert story.format == "ninjs"


def test_deeply_nested_json_is_refused_by_detection_with_one_clear_line():
    data = b'{"uri": "urn:x", "headline": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    with pytest.raises(WireError, match=r"^JSON is nested too deeply to be a story$"):
        parse_wire(data, "deep.json")
    with pytest.raises(WireError, match=r"^ninjs JSON is nested too deeply to be a story$"):
        parse(data)


# What our own exporter (articles/ninjs.py) writes reads back to the same article.


def test_summary_and_highlights_descriptions_by_role():
    points = "<ul><li>Schools reopen <b>Monday</b>.</li><li>Roads &lt;clear&gt;.</li></ul>"
    story = parse(
        ninjs(
            headline="H",
            descriptions=[
                {"role": "highlights", "contenttype": "text/html", "value": points},
                {"role": "text", "value": "Not the summary."},
                {"role": "summary", "contenttype": "text/plain", "value": "Water levels fell."},
            ],
        )
    )
    assert story.summary == "Water levels fell."
    assert story.highlights == ["Schools reopen Monday.", "Roads <clear>."]


def test_highlights_alone_are_not_the_summary_and_plain_lines_are_points():
    story = parse(
        ninjs(
            headline="H",
            descriptions=[{"role": "highlights", "value": "• First point\n\n- Second point\n"}],
        )
    )
    assert story.summary == ""
    assert story.highlights == ["First point", "Second point"]


def test_picture_caption_alt_text_and_credit_by_role():
    picture = {
        "uri": "urn:newsdesk:photo:7",
        "type": "picture",
        "by": "Reuters",
        "descriptions": [
            {"role": "alt", "contenttype": "text/plain", "value": "Two boats"},
            {"role": "caption", "contenttype": "text/plain", "value": "Boats — and a bus"},
        ],
    }
    [photo] = parse(ninjs(headline="H", associations=[picture])).photos
    # A dash in the caption is not a credit when the credit, another, is given beside it.
    assert (photo.caption, photo.alt_text, photo.credit) == (
        "Boats — and a bus",
        "Two boats",
        "Reuters",
    )


def test_people_and_infosources_are_credits_only_without_a_byline():
    listed = {
        "people": [
            {"name": "Sara Khan", "rel": "author"},
            {"name": "Imran Ali", "rel": "about"},
        ],
        "infosources": [{"name": "APX", "role": "source"}],
    }
    assert parse(ninjs(headline="H", **listed)).credits == [
        ParsedCredit("Sara Khan", "person"),
        ParsedCredit("APX", "agency"),
    ]
    assert parse(ninjs(headline="H", by="Ola Berg", **listed)).credits == [
        ParsedCredit("Ola Berg", "person")
    ]


def test_our_dated_correction_notices_are_the_correction_note_not_a_desk_note():
    ednote = (
        "Correction (2024-05-01): An earlier version misnamed the city.\n"
        "Correction (2024-05-02): The toll was 12, not 21."
    )
    story = parse(ninjs(headline="H", located="SUKKUR", ednote=ednote))
    assert story.correction_note == "The toll was 12, not 21."
    assert story.editor_note == ""
    assert story.dateline == "SUKKUR"
    desk = parse(ninjs(headline="H", ednote="Photos to follow.\n" + ednote))
    assert (desk.editor_note, desk.correction_note) == (
        "Photos to follow.",
        "The toll was 12, not 21.",
    )


@pytest.mark.django_db
@pytest.mark.parametrize("version", [2, 3])
def test_an_exported_article_imports_as_the_same_article(version):
    article = make_article(
        "Floods recede in the south",
        summary="Water levels fell overnight.",
        highlights=["Schools reopen Monday.", "Roads <clear>."],
        body="<p>The river fell.</p><h2>Relief</h2><p>Camps close — for now.</p>",
        dateline="SUKKUR",
        language="en",
    )
    credit(article, make_author("Sara Khan"), make_agency("APX"))
    add_photo(article, "Boats on a street — and a bus.", "Reuters", alt_text="Two boats")
    article.tags.add("floods", "Sindh")
    Correction.objects.create(article=article, text="An earlier version misnamed the city.")
    article = Article.objects.for_article_page().get(pk=article.pk)
    exported = json.dumps(article_to_ninjs(article, version=version)).encode()

    story = parse(exported, "export.json")
    assert story.correction_note == "An earlier version misnamed the city."
    assert story.editor_note == ""
    _, copy = import_story(story)
    copy = Article.objects.for_article_page().get(pk=copy.pk)

    def fields(a):
        return {
            "headline": a.headline,
            "published_at": a.published_at,
            "summary": a.summary,
            "highlights": a.highlights,
            "body": split_blocks(a.body),
            "dateline": a.dateline,
            "language": a.language,
            "byline": [(type(credited).__name__, str(credited)) for credited in a.byline],
            "photos": [(p.caption, p.credit, p.alt_text) for p in a.photos.all()],
            "tags": sorted(tag.name for tag in a.tags.all()),
            "corrections": [c.text for c in a.corrections.all()],
        }

    assert copy.pk != article.pk
    assert fields(copy) == fields(article)


# The shared samples (../shared/wire-samples/ninjs), as SOURCES.md describes them.


def sample(wire_samples, name):
    path = wire_samples / "ninjs" / name
    [story] = parse_wire(path.read_bytes(), name)
    assert story.format == "ninjs"
    assert story.source_name == name
    return story


def paragraphs(story):
    return story.body_html.count("<p>")


@pytest.mark.shared
def test_every_ninjs_sample_is_detected_and_parsed(wire_samples):
    names = sorted(path.name for path in (wire_samples / "ninjs").glob("*.json"))
    assert names == [
        "dpa_text.json",
        "ninjs-1.4_ninjsExComplex1.json",
        "ninjs-2.2_005_complex_text_article.json",
        "ninjs_embargoed.json",
        "tt_text_image_2.json",
    ]
    for name in names:
        assert sample(wire_samples, name).body_html.startswith("<p>")


@pytest.mark.shared
def test_dpa_sample(wire_samples):
    story = sample(wire_samples, "dpa_text.json")
    assert story.source_ref == "urn:newsml:dpa.com:20090101:190510-99-167362"
    assert story.source_version == "2"
    assert story.pubstatus == USABLE
    assert story.headline == "Faktencheck Derby-Elfmeter: Hat Schiedsrichter Zwayer recht?"
    assert story.credits == [
        ParsedCredit("Christian Hollmann", "person"),
        ParsedCredit("dpa", "agency"),
    ]
    assert story.language == "de"
    assert story.provider == "dpa"
    assert story.version_created == datetime(2019, 5, 10, 14, 2, 28, tzinfo=UTC)
    assert story.body_html.startswith("<p>Für Lucien Favre war es «der größte Skandal im Fußball")
    assert "<section" not in story.body_html
    assert paragraphs(story) == 9
    assert (story.correction_note, story.embargo_until, story.photos) == ("", None, [])


@pytest.mark.shared
def test_tt_sample(wire_samples):
    story = sample(wire_samples, "tt_text_image_2.json")
    assert story.source_ref == "http://tt.se/media/text/210526-militarovning-a0f2d045"
    assert story.source_version == "1"
    assert story.headline == "Militärövning i jätteformat hålls 2023"
    assert story.language == "sv"
    assert story.provider == "TT"
    assert story.credits == []
    assert story.tags == ["Krig, konflikter och oroligheter"]
    assert story.summary.startswith("Pandemin satte stopp för den stora internationella")
    # the richest HTML body, without its repeated headline, "Försvar TT" dateline block or figure
    assert story.body_html.startswith("<p>Pandemin satte stopp")
    assert '<a href="https://www.sydostran.se/nyheter/' in story.body_html
    assert story.body_html.count("<blockquote>") == 2
    assert paragraphs(story) == 2
    for dropped in ("<h1", "<h2", "<span", ">Försvar", "figcaption", "Karl Melander", "TTNITF"):
        assert dropped not in story.body_html
    [photo] = story.photos
    assert photo.caption == (
        "En stor internationell försvarsövning planeras 2023 med fokus på södra Sverige och "
        "Gotland. Arkivbild från militärövningen Aurora 17."
    )
    assert photo.credit == "Karl Melander/TT"
    assert (
        photo.url
        == "https://beta.tt.se/media/text/210526-militarovning-a0f2d045/a001_NormalHires.jpg"
    )


@pytest.mark.shared
def test_ninjs_22_guideline_sample(wire_samples):
    story = sample(wire_samples, "ninjs-2.2_005_complex_text_article.json")
    assert story.source_ref == "http://ninjs.example.com/newsitems/20130709med123"
    assert (story.source_version, story.pubstatus) == ("", USABLE)  # the defaults
    assert story.headline == "Captain of wrecked cruise ship on trial in Italy"
    assert story.credits == [
        ParsedCredit("Paulo Santalucia", "person"),
        ParsedCredit("Frances d'Emilio", "person"),
    ]
    assert story.dateline == "Grossetto, Italy"
    assert story.published_at == datetime(2013, 7, 9, 10, 37, tzinfo=UTC)
    assert paragraphs(story) == 4  # the XHTML body, not the single plain-text block
    assert "4,200 passengers" in story.body_html


@pytest.mark.shared
def test_ninjs_14_sample(wire_samples):
    story = sample(wire_samples, "ninjs-1.4_ninjsExComplex1.json")
    assert story.source_ref == "http://ninjs.example.com/newsitems/20130709cplx123"
    assert story.headline == "Captain of wrecked cruise ship on trial in Italy"
    assert [c.name for c in story.credits] == ["Paulo Santalucia", "Frances d'Emilio"]
    assert story.dateline == "Grossetto, Italy"
    assert paragraphs(story) == 4  # body_xhtml preferred to body_text
    [photo] = story.photos
    assert photo.caption.startswith("The Costa Concordia cruise ship lies on its side")
    assert photo.caption.endswith("from the listing vessel early.")
    assert photo.credit == "Paulo Santalucia"
    assert photo.url == "http://hosted.ap.org/photos/2/2643c588-dc8d-4923-bebd-e3b904edbb3a-big.jpg"


@pytest.mark.shared
def test_superdesk_embargoed_sample(wire_samples):
    story = sample(wire_samples, "ninjs_embargoed.json")
    assert story.source_ref == "fd8e441b-a698-4411-9246-7d5de21cced9"  # the guid: no uri
    assert story.source_version == "11"
    assert story.embargo_until == datetime(2022, 6, 29, 2, 30, tzinfo=UTC)
    assert story.pubstatus == USABLE
    assert story.headline == "Trouble is brewing for the future of beer"
    assert story.credits == [
        ParsedCredit("Aaron J. Staples", "person", "Michigan State University")
    ]
    assert story.dateline == ""  # `located` holds the byline by mistake
    assert story.provider == "360info"
    assert story.published_at == datetime(2022, 6, 20, 23, 20, 35, tzinfo=UTC)
    assert story.version_created == datetime(2022, 6, 26, 23, 54, 25, tzinfo=UTC)
    assert story.summary.startswith("Brewers are pursuing solutions to reduce water usage")
    assert story.tags == ["global warming", "agriculture"]
    assert story.section == "business"  # IPTC 04001000 agriculture
    assert paragraphs(story) == 18
    assert "<u>" not in story.body_html and "&nbsp;" not in story.body_html
    [photo] = story.photos
    assert photo.caption.startswith("There’s nothing quite like a cold beer")
    assert photo.credit == "Photograph by Pea, available at https://bit.ly/3Najj58"
    assert photo.url.endswith(
        "/9eba8c38a3a82d35c2271e7b570fa7432342f0d7e59dfacc5fde588209e7649b.jpg"
    )
