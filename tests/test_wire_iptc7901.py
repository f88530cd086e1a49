"""The IPTC 7901 parser: on copy written for these tests, then on every shared dpa sample."""

from datetime import UTC, datetime

import pytest

from articles.wire.formats import detect_format, parse_wire
from articles.wire.iptc7901 import parse
from articles.wire.story import CANCELED, USABLE, WITHHELD, ParsedLink, WireError

BODY = (
    "   Tromsø (dpa) - The last manned lighthouse on Norway's coast was\n"
    "switched to automatic operation on Sunday.\n"
    "\n"
    '   "The sea has not changed," keeper Ola Berntsen said.\n'
)
NOTEBOOK = (
    "\n# dpa NOTEBOOK\n\n## Internet links\n- [Coastal authority](https://kystverket.example/a1)\n"
    "\n* * * *\nThe following information is not for publication\n\n## dpa Contacts\n"
    "- Reporting by: Anna Berg\n\ndpa ab cd\n"
)


def iptc(
    *,
    header="eca017 4 i 180 ccccb   dpa 021",
    keywords=("Norway/lighthouses/",),
    block=("Norway's last lighthouse keeper retires =",),
    body=BODY,
    notebook=NOTEBOOK,
    trailer="071412 GMT Mar 24",
    newline="\r\n",
):
    """IPTC 7901 bytes as dpa sends them: SOH header, keyword lines, STX and the headline
    block ending " =", paragraphs, the notebook, ETX and the transmission time, EOT."""
    text = (
        f"\x01{header}\n\n"
        + "".join(f"{line}\n" for line in keywords)
        + "\x02"
        + "\n".join(block)
        + "\n\n"
        + body
        + notebook
        + f"\n\x03{trailer} \n\x7f\n\x7f\x04"
    )
    return text.replace("\n", newline).encode("latin-1")


def test_header_keywords_headline_dateline_body_and_notebook():
    story = parse(iptc(), "norway.txt")
    assert story.format == "iptc-7901"
    assert story.source_name == "norway.txt"
    assert story.headline == "Norway's last lighthouse keeper retires"
    assert story.provider == "dpa"
    assert story.dateline == "Tromsø"
    assert story.tags == ["Norway", "lighthouses"]
    assert story.source_ref == "iptc7901:dpa:norway-lighthouses:2024-03-07"
    assert story.source_version == "0"
    assert story.published_at == datetime(2024, 3, 7, 14, 12, tzinfo=UTC)
    assert story.version_created == story.published_at
    assert story.body_html.split("\n") == [
        "<p>The last manned lighthouse on Norway&#x27;s coast was switched to automatic "
        "operation on Sunday.</p>",
        "<p>&quot;The sea has not changed,&quot; keeper Ola Berntsen said.</p>",
    ]
    # The notebook is for the desk: out of the body, and no reason to withhold the story.
    assert story.pubstatus == USABLE
    assert story.editor_note.startswith("# dpa NOTEBOOK\n## Internet links\n")
    assert "- Reporting by: Anna Berg\ndpa ab cd" in story.editor_note
    assert story.related == [
        ParsedLink(headline="Coastal authority", url="https://kystverket.example/a1")
    ]
    assert (story.credits, story.correction_note, story.section) == ([], "", "")


def test_transmission_time_is_day_hour_minute_then_month_and_year():
    assert parse(iptc(trailer="212322 GMT Nov 18")).published_at == datetime(
        2018, 11, 21, 23, 22, tzinfo=UTC
    )
    assert parse(iptc(trailer="010030 MEZ Jan 25")).published_at == datetime(
        2024, 12, 31, 23, 30, tzinfo=UTC
    )


def test_without_a_transmission_time_the_identity_is_agency_and_keywords():
    story = parse(iptc(trailer=""))
    assert story.source_ref == "iptc7901:dpa:norway-lighthouses"
    assert (story.published_at, story.version_created) == (None, None)


def test_leads_and_refiles_share_the_identity():
    first = parse(iptc())
    second = parse(iptc(block=("2ND LEAD", "Norway's last keeper retires after 40 years =")))
    refile = parse(iptc(block=("REFILE", "1ST LEAD", "Norway's last keeper retires =")))
    assert first.source_ref == second.source_ref == refile.source_ref
    assert (first.source_version, second.source_version) == ("0", "2")
    assert second.headline == "Norway's last keeper retires after 40 years"
    assert (refile.source_version, refile.correction_note) == ("1", "Refiled")
    assert refile.headline == "Norway's last keeper retires"


@pytest.mark.parametrize(
    ("marker", "pubstatus", "correction"),
    [
        ("CORRECTION", USABLE, "Corrected"),
        ("KILL", CANCELED, ""),
        ("WITHDRAWAL", CANCELED, ""),
        ("EMBARGOED", WITHHELD, ""),
        ("NOT FOR PUBLICATION", WITHHELD, ""),
    ],
)
def test_marker_lines_set_status_and_correction(marker, pubstatus, correction):
    story = parse(iptc(block=(marker, "Keeper retires =")))
    assert (story.pubstatus, story.correction_note) == (pubstatus, correction)
    assert story.headline == "Keeper retires"


@pytest.mark.parametrize(
    ("byline", "credits"),
    [
        ("By dpa correspondents", [("dpa", "agency")]),
        ("By Anna Berg, dpa", [("Anna Berg", "person"), ("dpa", "agency")]),
        ("By Anna Berg and Jonas Vik", [("Anna Berg", "person"), ("Jonas Vik", "person")]),
    ],
)
def test_byline_in_the_headline_block(byline, credits):
    story = parse(iptc(block=("Keeper retires", f"{byline} =")))
    assert [(c.name, c.kind) for c in story.credits] == credits
    assert story.headline == "Keeper retires"


def test_byline_as_the_first_paragraph_after_the_headline():
    story = parse(iptc(body="By Anna Berg\n\n" + BODY))
    assert [c.name for c in story.credits] == ["Anna Berg"]
    assert story.dateline == "Tromsø"


def test_category_sets_the_section():
    assert parse(iptc(header="spa003 3 sp 120 dpa 0003")).section == "sports"
    assert parse(iptc(header="eca003 3 wi 120 dpa 0003")).section == "business"


def test_latin1_no_break_space_and_lf_line_ends():
    data = iptc(body="Tromsø (dpa) - Ola\xa0Berntsen retired.\n", notebook="", newline="\n")
    assert b"\xa0" in data and detect_format(data) == "iptc-7901"
    story = parse(data)
    assert story.body_html == "<p>Ola Berntsen retired.</p>"
    assert story.editor_note == ""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x01\x02Headline =\n\nText.\n\x03\x04", "no header line"),
        (b"\x01this is not a header\n\x02Headline =\n\x03\x04", "is not 'service number"),
        (b"\x01eca017 4 i 180\nNorway/\nno text\n\x04", "no start of text"),
        (iptc(header="eca017 4 i 180", body="Tromsø - Text.\n"), "names no agency"),
        (iptc(block=("=",), body="", notebook=""), "has no headline"),
        (iptc(trailer="311412 GMT Feb 24"), "is not a date"),
    ],
)
def test_malformed_copy_is_refused_with_a_clear_error(data, message):
    with pytest.raises(WireError, match=message):
        parse(data)


# The shared samples (SOURCES.md: iptc-7901/).


def sample(wire_samples, name):
    data = (wire_samples / "iptc-7901" / name).read_bytes()
    assert detect_format(data) == "iptc-7901"
    [story] = parse_wire(data, name)
    return story


@pytest.mark.shared
def test_every_sample_is_detected_and_keeps_its_notebook_out_of_the_body(wire_samples):
    names = sorted(path.name for path in (wire_samples / "iptc-7901").glob("*.txt"))
    assert names == ["IPTC7901.txt", "dpa_four_line.txt"]
    for name in names:
        story = sample(wire_samples, name)
        assert story.provider == "dpa", name
        assert story.pubstatus == USABLE, name
        for notebook_text in ("NOTEBOOK", "not for publication", "Reporting by", "* * *"):
            assert notebook_text.casefold() not in story.body_html.casefold(), name
        assert "Reporting by:" in story.editor_note, name


@pytest.mark.shared
def test_sample_iptc7901(wire_samples):
    story = sample(wire_samples, "IPTC7901.txt")
    assert story.source_ref == "iptc7901:dpa:germany-politics:2013-11-13"
    assert story.source_version == "0"
    assert story.headline == "Germany Social Democrats: Coalition talks with Merkel could fail"
    assert story.dateline == "Berlin"
    assert story.tags == ["Germany-politics"]
    assert story.credits == []
    assert story.published_at == datetime(2013, 11, 13, 11, 37, tzinfo=UTC)
    assert (story.correction_note, story.embargo_until, story.section) == ("", None, "")
    paragraphs = story.body_html.split("\n")
    assert len(paragraphs) == 5
    assert paragraphs[0] == (
        "<p>Negotiations between German conservatives headed by Chancellor Angela Merkel and "
        "the left-leaning Social Democrats (SPD) on forming a coalition government could "
        "fail, a senior SPD member warned Wednesday.</p>"
    )
    assert paragraphs[-1].endswith("sworn in for a third term before Christmas.</p>")
    assert story.editor_note.splitlines() == [
        "# dpa NOTEBOOK",
        "* * * *",
        "The following information is not for publication",
        "## dpa Contacts",
        "- Reporting by: Wolfgang Schmidt",
        "- Editing by: Joseph Nasr",
        "Tel: +49 30 2852 31472; <englishservice@dpa.com>",
        "dpa wsz jln npr",
    ]


@pytest.mark.shared
def test_sample_dpa_four_line_is_a_refiled_first_lead(wire_samples):
    story = sample(wire_samples, "dpa_four_line.txt")
    assert story.source_ref == "iptc7901:dpa:switzerland-migration-un:2018-11-21"
    assert story.source_version == "1"
    assert story.correction_note == "Refiled"
    assert story.headline == "Switzerland joins list of countries resisting UN migration pact"
    assert [(c.name, c.kind) for c in story.credits] == [("dpa", "agency")]
    assert story.dateline == "Geneva"
    assert story.tags == ["Switzerland", "migration", "UN"]
    assert story.published_at == datetime(2018, 11, 21, 23, 22, tzinfo=UTC)
    paragraphs = story.body_html.split("\n")
    assert len(paragraphs) == 15
    assert paragraphs[0].startswith("<p>Switzerland is joining a growing number of countries")
    assert paragraphs[-1].startswith("<p>The countries that have rejected the migration pact")
    assert story.related == [
        ParsedLink(headline="Swiss government statement", url="http://dpaq.de/EM405"),
        ParsedLink(headline="UN migration pact", url="http://dpaq.de/hKivX"),
    ]
    # The raw Latin-1 no-break space (0xA0) decodes and folds to a plain space.
    assert "Christiane Oelrich in Geneva\nand Helen Corbett in New York" in story.editor_note
    assert "- adds head of UNGA in grafs 7-11" in story.editor_note
