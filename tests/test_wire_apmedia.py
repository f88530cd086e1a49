"""The AP Media API parser on copy written for these tests, then on the shared sample."""

import json
from datetime import UTC, datetime

import pytest

from articles.wire.apmedia import parse
from articles.wire.formats import parse_wire
from articles.wire.story import CANCELED, USABLE, WITHHELD, ParsedCredit, ParsedLink, WireError

API = "https://api.ap.org/media/v/content/"


def ap_item(**fields):
    item = {
        "uri": f"{API}0a1b2c?qt=QUERYTOKEN&et=1a2b",
        "altids": {"itemid": "0a1b2c", "etag": "0a1b2c_1a2b"},
        "version": 2,
        "type": "text",
        "language": "en",
        "firstcreated": "2024-04-02T13:00:00Z",
        "versioncreated": "2024-04-02T15:45:00Z",
        "pubstatus": "usable",
        "headline": "Retail sales climb for a third month",
        **fields,
    }
    return json.dumps({"api_version": "2.1", "data": {"item": item}}).encode()


def test_story_fields():
    story = parse(
        ap_item(
            headline_extended="Shoppers spent more in March _ the third rise in a row",
            description_summary=(
                "Shoppers spent more in March _ the third rise in a row. Economists expected less."
            ),
            bylines=[{"by": "By ANNE D'INNOCENZIO", "title": "AP Retail Writer"}],
            located="NEW YORK",
            ednote="Eds: APNewsNow. Will be updated.",
            editorialtypes=["Lead"],
            keywords=["Retail Sales"],
            provider="AP",
            subject=[
                {"code": "f", "name": "f", "rels": ["category"]},
                {"code": "c8e4", "name": "Business", "rels": ["direct", "ancestor"]},
                {"code": "aa11", "name": "Retail sales", "rels": ["direct"]},
                {"code": "bb22", "name": "Economy", "rels": ["ancestor"]},
            ],
        ),
        name="retail.json",
    )
    assert story.format == "ap-media"
    assert story.source_ref == f"{API}0a1b2c"  # the per-request query is not identity
    assert story.source_version == "2"
    assert story.source_name == "retail.json"
    assert story.headline == "Retail sales climb for a third month"
    assert story.summary == "Shoppers spent more in March — the third rise in a row"
    assert story.body_html == (
        "<p>Shoppers spent more in March — the third rise in a row. Economists expected less.</p>"
    )
    assert story.credits == [ParsedCredit("Anne D'Innocenzio", "person", "AP Retail Writer")]
    assert story.dateline == "NEW YORK"
    assert story.tags == ["Retail Sales", "Business"]  # "Retail sales" is the keyword again
    assert story.provider == "AP"
    assert story.language == "en"
    assert story.published_at == datetime(2024, 4, 2, 13, 0, tzinfo=UTC)
    assert story.version_created == datetime(2024, 4, 2, 15, 45, tzinfo=UTC)
    assert story.pubstatus == USABLE
    assert story.editor_note.split("\n") == [
        "Eds: APNewsNow. Will be updated.",
        "AP sent no story text in this item: the body is AP's summary "
        "(the full text is in its NITF rendition).",
    ]
    assert story.correction_note == ""


def test_photos_take_caption_and_credit_where_ap_gives_them():
    story = parse(
        ap_item(
            associations={
                "1": {
                    "uri": f"{API}p1?qt=Q",
                    "type": "picture",
                    "headline": "Retail Sales",
                    "description_caption": "Shoppers carry bags in New York. (AP Photo/Seth Wenig)",
                    "renditions": {
                        "preview": {
                            "href": "https://ap.test/p1-preview.jpg",
                            "width": 512,
                            "height": 341,
                        },
                        "main": {"href": "https://ap.test/p1.jpg", "width": 3000, "height": 2000},
                    },
                },
                "2": {
                    "uri": f"{API}p2",
                    "type": "picture",
                    "headline": "Retail Sales",
                    "description_creditline": "AP",
                    "photographer": {"name": "Mark Lennihan"},
                },
                "3": {"uri": f"{API}p3", "type": "picture", "headline": "Retail Sales"},
                "4": {"uri": f"{API}p4", "type": "picture", "headline": "Retail Sales"},
                "5": {"uri": f"{API}v1", "type": "video", "headline": "Video: shoppers"},
                "6": {"uri": f"{API}t1?qt=Q", "type": "text", "headline": "Inflation slows"},
            }
        )
    )
    assert [(p.caption, p.credit, p.url) for p in story.photos] == [
        ("Shoppers carry bags in New York.", "AP Photo/Seth Wenig", "https://ap.test/p1.jpg"),
        ("Retail Sales", "AP", ""),
        ("Retail Sales", "", ""),  # photos 3 and 4 would read the same: kept once
    ]
    assert story.related == [ParsedLink(headline="Inflation slows", ref=f"{API}t1")]


def test_updates_ednote_and_correction_type_make_a_correction():
    story = parse(
        ap_item(
            ednote="Eds: UPDATES: Corrects spelling of Lennihan. ", editorialtypes=["Writethru"]
        )
    )
    assert story.correction_note == "Corrects spelling of Lennihan."
    assert story.editor_note.startswith("Eds: UPDATES: Corrects spelling of Lennihan.\n")
    story = parse(ap_item(headline="Correction: Retail sales story", editorialtypes=["Correction"]))
    assert story.headline == "Retail sales story"
    assert story.correction_note == "This story has been corrected."


@pytest.mark.parametrize(
    ("fields", "status", "embargo"),
    [
        ({"editorialtypes": ["Kill"]}, CANCELED, None),
        ({"pubstatus": "canceled"}, CANCELED, None),
        ({"pubstatus": "withheld"}, WITHHELD, None),
        ({"editorialtypes": ["Withhold"]}, WITHHELD, None),
        (
            {"pubstatus": "embargoed", "embargoed": "2024-04-03T04:00:00Z"},
            USABLE,
            datetime(2024, 4, 3, 4, tzinfo=UTC),
        ),
        ({"pubstatus": "embargoed"}, WITHHELD, None),
    ],
)
def test_status_and_embargo(fields, status, embargo):
    story = parse(ap_item(**fields))
    assert (story.pubstatus, story.embargo_until) == (status, embargo)


def test_without_a_summary_the_body_is_empty_and_the_desk_is_told():
    story = parse(ap_item())
    assert story.body_html == ""
    assert (
        story.editor_note
        == "AP sent no story text in this item (the full text is in its NITF rendition)."
    )


def test_item_id_is_the_identity_without_uri():
    data = json.dumps({"data": {"item": {"altids": {"itemid": "ff00"}, "headline": "H"}}}).encode()
    assert parse(data).source_ref == "ap:ff00"


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"data": {"items": []}}, r"^AP Media API JSON has no data\.item$"),
        ({"data": {"item": ["not", "an", "object"]}}, r"^AP Media API JSON has no data\.item$"),
        ({"data": {"item": {"headline": "H"}}}, r"^AP Media item has no uri or altids\.itemid$"),
        (
            {"data": {"item": {"uri": f"{API}x", "headline": " "}}},
            r"^AP Media item has no headline$",
        ),
        (
            {"data": {"item": {"uri": f"{API}x", "type": "picture", "headline": "Quay"}}},
            rf"^AP Media item {API}x is a picture item without a story",
        ),
        (
            {"data": {"item": {"uri": f"{API}x", "headline": "H", "pubstatus": "draft"}}},
            r"^AP pubstatus 'draft' is not usable, withheld or canceled$",
        ),
        (
            {"data": {"item": {"uri": f"{API}x", "headline": "H", "firstcreated": "May 11"}}},
            r"^firstcreated 'May 11' is not a date and time$",
        ),
    ],
)
def test_malformed_items_are_refused_with_one_clear_line(document, message):
    with pytest.raises(WireError, match=message):
        parse(json.dumps(document).encode())


def test_wrong_shapes_do_not_crash():
    story = parse(
        ap_item(
            bylines="By NOBODY",
            subject=[None, {"name": ["x"]}],
            associations=["x"],
            editorialtypes=None,
        )
    )
    assert (story.credits, story.tags, story.photos) == ([], [], [])


def test_detection_picks_ap_media():
    [story] = parse_wire(ap_item(), "ap.json")
    assert story.format == "ap-media"


@pytest.mark.shared
def test_shared_ap_sample(wire_samples):
    name = "ap-media-api_ap-subject.json"
    [story] = parse_wire((wire_samples / "other" / name).read_bytes(), name)
    assert story.format == "ap-media"
    assert story.source_ref == f"{API}d14715ba3653753d7c1f122f8aea79de"
    assert story.source_version == "3"
    assert story.headline == "Internal emails reveal WHO knew of sex abuse claims in Congo"
    assert story.summary.startswith(
        "When Shekinah was working as a nurse’s aide in northeastern Congo"
    )
    assert story.summary.endswith("at double her previous salary — in exchange for sex")
    assert story.credits == [
        ParsedCredit("Maria Cheng", "person", "Associated Press"),
        ParsedCredit("Al-Hadji Kudra Maliro", "person", "Associated Press"),
    ]
    assert story.dateline == "BENI, Congo"
    assert story.language == "en"
    assert story.provider == "AP"
    assert story.published_at == datetime(2021, 5, 11, 18, 51, 43, tzinfo=UTC)
    assert story.version_created == datetime(2021, 5, 12, 17, 26, 10, tzinfo=UTC)
    assert (story.pubstatus, story.embargo_until) == (USABLE, None)
    assert story.correction_note == (
        "This story has been updated to add a missing word, and context from WHO meeting chat."
    )
    assert story.editor_note.startswith("Eds: UPDATES: This story has been updated")
    assert story.body_html.startswith("<p>When Shekinah was working")
    assert story.body_html.count("<p>") == 1
    assert story.tags[:4] == [
        "Congo-WHO-Sex Abuse",
        "General news",
        "Government and politics",
        "Health",
    ]
    assert (
        "i" not in story.tags
        and "Europe" not in story.tags
        and "Diseases and conditions" not in story.tags
    )
    assert len(story.tags) == 19
    assert story.section == ""
    # eight picture associations named by headline only read as one photo; the video is skipped
    assert [(p.caption, p.credit, p.url) for p in story.photos] == [("Congo WHO Sex Abuse", "", "")]
    assert story.related == []
