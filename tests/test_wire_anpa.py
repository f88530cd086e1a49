"""The ANPA-1312 parser: on copy written for these tests, then on every shared AP sample."""

from datetime import UTC, datetime

import pytest
import time_machine

from articles.wire.anpa import parse
from articles.wire.formats import detect_format, parse_wire
from articles.wire.story import CANCELED, USABLE, WITHHELD, WireError

LEDE = "BERGEN, Norway (AP) _ Ola Berntsen climbed the 112 steps for the last time on Sunday."
QUOTE = "``Every night I counted the ships,'' he said. ``Now the lamp counts itself.''"


def anpa(
    *,
    selector="r a",
    keyword="BC-EU--Norway-Lighthouse",
    take_key="",
    date="03-07",
    slug_line="BC-EU--Norway-Lighthouse Keeper,412",
    head=("Norway's last lighthouse keeper switches off", "By MAREN HOLT", "Associated Press"),
    body=(LEDE, QUOTE, "___", "Holt reported from Oslo."),
    trailer="AP-WF-03-07-24 1412GMT",
    start=b"\x16\x16\x01",
    newline="\n",
):
    """ANPA-1312 bytes as AP sends them: control characters, caret header lines, tab-indented
    paragraphs separated by a line holding one space, the sign-off after ETX."""
    lines = [
        f"{selector}\x13\x11 {keyword:<24} {take_key:<16} {date} 0412",
        f"\x02^{slug_line}<",
        *(f"^{line}{'=' if line.startswith('By ') else '<'}" for line in head),
        *(f"\t   {paragraph} {newline} " for paragraph in body),
        f"\t   \x03{trailer}<" if trailer else "\x03",
        "\x0c",
    ]
    text = "W1234\x1fnews" + newline + newline.join(lines) + newline + "\x04"
    return start + text.encode("cp1252")


def test_header_byline_dateline_and_body():
    story = parse(anpa(), "lighthouse.tst")
    assert story.format == "anpa-1312"
    assert story.headline == "Norway's last lighthouse keeper switches off"
    assert story.dateline == "BERGEN, Norway"
    assert story.provider == "AP"
    assert story.source_name == "lighthouse.tst"
    assert story.source_ref == "anpa:ap:eu-norway-lighthouse:2024-03-07"
    assert story.source_version == "0"
    assert story.published_at == datetime(2024, 3, 7, 14, 12, tzinfo=UTC)
    assert story.version_created == story.published_at
    assert story.pubstatus == USABLE
    assert (story.correction_note, story.editor_note, story.section) == ("", "", "")
    assert [(c.name, c.kind, c.role) for c in story.credits] == [
        ("Maren Holt", "person", ""),
        ("AP", "agency", ""),
    ]
    # AP's `` '' quotes and _ dashes become typography; the ___ rule and the sign-off go.
    assert story.body_html.split("\n") == [
        "<p>Ola Berntsen climbed the 112 steps for the last time on Sunday.</p>",
        "<p>“Every night I counted the ships,” he said. “Now the lamp counts itself.”</p>",
        "<p>Holt reported from Oslo.</p>",
    ]


def test_single_quotes_and_dashes_inside_paragraphs():
    body = ["ROME (AP) _ The sign read `Closed _ for now,' and nobody's door opened."]
    story = parse(anpa(body=body))
    assert (
        story.body_html == "<p>The sign read ‘Closed — for now,’ and nobody&#x27;s door opened.</p>"
    )


@pytest.mark.parametrize(
    ("selector", "section"),
    [("r f", "business"), ("r s", "sports"), ("r a", ""), ("r l", ""), ("f a", "")],
)
def test_category_letter_after_the_priority_picks_the_section(selector, section):
    assert parse(anpa(selector=selector)).section == section


def test_a_writer_title_is_the_role_of_each_person():
    head = ("Keeper retires", "By MAREN HOLT and JONAS VIK", "AP Science Writer")
    story = parse(anpa(head=head))
    assert [(c.name, c.kind, c.role) for c in story.credits] == [
        ("Maren Holt", "person", "AP Science Writer"),
        ("Jonas Vik", "person", "AP Science Writer"),
    ]


def test_write_thrus_share_the_identity_of_the_first_take():
    first = parse(anpa())
    second = parse(
        anpa(
            take_key="1stLd-Writethru",
            slug_line="BC-EU--Norway-Lighthouse Keeper, 1st Ld-Writethru,430",
            trailer="AP-WF-03-07-24 1850GMT",
        )
    )
    third = parse(anpa(take_key="2ndLd-Writethru", slug_line="BC-EU--Norway-Lighthouse,2nd Ld"))
    assert first.source_ref == second.source_ref == third.source_ref
    assert (first.source_version, second.source_version, third.source_version) == ("0", "1", "2")
    assert second.version_created == datetime(2024, 3, 7, 18, 50, tzinfo=UTC)


def test_a_slug_spelled_with_spaces_gives_the_same_key_as_the_header_keyword():
    spaced = parse(anpa(keyword="", slug_line="BC-US--Ethanol-Losing Grassland,1140"))
    header = parse(anpa(keyword="BC-US--Ethanol-LosingGra", slug_line="BC-US--Ethanol-LosingGra"))
    assert spaced.source_ref == header.source_ref == "anpa:ap:us-ethanol-losinggra:2024-03-07"


def test_eds_notes_go_to_the_desk_and_correction_sentences_to_the_correction_note():
    head = (
        "Keeper retires",
        "AP Photo OSL101, OSL102",
        "Eds: Corrects spelling of keeper's name. Adds quote. No. 2 in a series. With AP Photos.",
        "By MAREN HOLT",
        "Associated Press",
    )
    story = parse(anpa(head=head))
    assert story.editor_note == (
        "AP Photo OSL101, OSL102\n"
        "Eds: Corrects spelling of keeper's name. Adds quote. No. 2 in a series. With AP Photos."
    )
    assert story.correction_note == "Corrects spelling of keeper's name. Adds quote."
    assert story.photos == []  # photo numbers only: no caption to import


def test_a_plain_eds_note_is_no_correction():
    head = ("Keeper retires", "Eds: With AP Photos.", "By MAREN HOLT", "Associated Press")
    story = parse(anpa(head=head))
    assert (story.editor_note, story.correction_note) == ("Eds: With AP Photos.", "")


def test_an_editors_note_for_readers_opens_the_body():
    head = ("Keeper retires", "EDITOR'S NOTE _ One in a series on vanishing jobs.")
    story = parse(anpa(head=head))
    assert story.body_html.split("\n")[0] == (
        "<p>EDITOR&#x27;S NOTE — One in a series on vanishing jobs.</p>"
    )
    assert story.credits == []


def test_kill_and_hold_for_release():
    assert parse(anpa(take_key="Kill")).pubstatus == CANCELED
    assert parse(anpa(take_key="Kill")).source_ref == parse(anpa()).source_ref
    held = ("Keeper retires", "Eds: HOLD FOR RELEASE until 0500 GMT Friday")
    assert parse(anpa(head=held)).pubstatus == WITHHELD
    assert parse(anpa(take_key="Correction")).correction_note == "Corrected"


def test_a_header_date_after_the_sign_off_is_from_the_year_before():
    story = parse(anpa(date="12-31", trailer="AP-WF-01-01-25 0010GMT"))
    assert story.source_ref.endswith(":2024-12-31")


def test_without_a_sign_off_the_year_is_the_current_one():
    with time_machine.travel(datetime(2025, 6, 1, 12, tzinfo=UTC), tick=False):
        story = parse(anpa(trailer=""))
        late = parse(anpa(trailer="", date="12-30"))
    assert story.source_ref.endswith(":2025-03-07")
    assert late.source_ref.endswith(":2024-12-30")  # not seven months ahead
    assert (story.published_at, story.version_created) == (None, None)


def test_a_news_alert_uses_its_sentence_as_headline_and_body():
    alert = "OSLO (AP) _ Norway switches off its last manned lighthouse."
    story = parse(
        anpa(keyword="BC-EU--APNewsAlert", slug_line="BC-EU--APNewsAlert,9", head=(), body=[alert])
    )
    assert story.headline == "Norway switches off its last manned lighthouse"
    assert story.body_html == "<p>Norway switches off its last manned lighthouse.</p>"
    assert story.dateline == "OSLO"
    # Every alert has the same slug: its own words keep two alerts apart.
    assert (
        story.source_ref == "anpa:ap:eu-apnewsalert-norway-switches-off-its-last-manned:2024-03-07"
    )


def test_a_long_alert_headline_is_cut_at_a_word():
    words = "Parliament votes to keep every lighthouse in the country lit " * 3
    story = parse(anpa(head=(), slug_line="BC-EU--APNewsAlert", body=[f"OSLO (AP) _ {words}."]))
    assert len(story.headline) <= 121
    assert story.headline.endswith("country…")
    assert story.headline.startswith("Parliament votes to keep every lighthouse")


def test_latin1_crlf_and_soh_start():
    head = ("Søren Ås keeps the light", "By MAREN HOLT", "Associated Press")
    data = anpa(head=head, start=b"\x01", newline="\r\n")
    assert detect_format(data) == "anpa-1312"
    story = parse(data)
    assert story.headline == "Søren Ås keeps the light"
    assert story.dateline == "BERGEN, Norway"
    assert story.body_html.count("<p>") == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x16\x16\x01W1\x1fnews\nr a\x13\x11 BC-X 03-07 1\n", "no start of text"),
        (anpa(take_key="2ndAdd"), "adds to an earlier take"),
        (anpa(date="13-45"), "header date 13-45 is not a date"),
        (anpa(head=(), body=()), "no headline line and no text"),
        (b"\x16\x16\x01\x02\n\t   Words.\n\x03\x04", "neither a header line nor a slug line"),
    ],
)
def test_malformed_copy_is_refused_with_a_clear_error(data, message):
    with pytest.raises(WireError, match=message):
        parse(data)


# The shared samples (SOURCES.md: anpa-1312/).


def sample(wire_samples, name):
    data = (wire_samples / "anpa-1312" / name).read_bytes()
    assert detect_format(data) == "anpa-1312"
    [story] = parse_wire(data, name)
    return story


@pytest.mark.shared
def test_every_sample_is_detected_and_parsed(wire_samples):
    names = sorted(path.name for path in (wire_samples / "anpa-1312").glob("*.tst"))
    assert names == ["anpa-1.tst", "anpa-2.tst", "ap_anpa-5.tst"]
    for name in names:
        story = sample(wire_samples, name)
        assert story.format == "anpa-1312" and story.provider == "AP", name
        assert "AP-WF" not in story.body_html and "\x03" not in story.body_html, name


@pytest.mark.shared
def test_sample_anpa_1(wire_samples):
    story = sample(wire_samples, "anpa-1.tst")
    assert story.source_ref == "anpa:ap:lt-argentina-cancerb:2013-11-13"
    assert story.source_version == "0"
    assert story.headline == "For Argentine chemo patients, mirrors can hurt"
    assert [(c.name, c.kind) for c in story.credits] == [
        ("Paul Byrne", "person"),
        ("Almudena Calatrava", "person"),
        ("AP", "agency"),
    ]
    assert story.dateline == "BUENOS AIRES, Argentina"
    assert story.editor_note == (
        "AP Photo XNP101, XNP102, XNP103, XNP104, XNP105, XNP106\nEds: With AP Photos."
    )
    assert (story.correction_note, story.pubstatus, story.section) == ("", USABLE, "")
    assert story.published_at == datetime(2013, 11, 13, 15, 9, tzinfo=UTC)
    paragraphs = story.body_html.split("\n")
    assert len(paragraphs) == 14  # 15 tab-indented paragraphs, less the ___ rule
    assert paragraphs[0].startswith("<p>For cancer patients dealing with the physical")
    assert paragraphs[1].startswith("<p>“Look Good Feel Better” is a program")
    assert (
        paragraphs[-1]
        == "<p>APTN contributor Kacey Cherry in Buenos Aires helped with this story.</p>"
    )


@pytest.mark.shared
def test_sample_anpa_2_is_a_corrected_write_thru_of_its_story(wire_samples):
    story = sample(wire_samples, "anpa-2.tst")
    assert story.source_ref == "anpa:ap:us-ethanol-losinggra:2013-11-13"
    assert story.source_version == "1"
    assert story.headline == "Prairies vanish in the US push for green energy"
    assert [(c.name, c.kind) for c in story.credits] == [
        ("Chet Brokaw", "person"),
        ("Jack Gillum", "person"),
        ("AP", "agency"),
    ]
    assert story.dateline == "ROSCOE, South Dakota"
    assert story.correction_note == (
        "Restores reference in 3rd paragraph to years when fuel became No. 1 use for corn. "
        "Adds video link."
    )
    assert story.editor_note.startswith("AP Photo SDDD101, SDDD102, GFX0456\nEds: Restores")
    assert story.body_html.startswith(
        "<p>EDITOR&#x27;S NOTE — This is part of an Associated Press investigation"
    )
    assert "<p>Robert Malsam nearly went broke in the 1980s" in story.body_html
    assert "for conservation — more than Yellowstone" in story.body_html
    assert story.version_created == datetime(2013, 11, 13, 7, 45, tzinfo=UTC)
    assert story.pubstatus == USABLE


@pytest.mark.shared
def test_sample_ap_anpa_5_is_a_news_alert(wire_samples):
    story = sample(wire_samples, "ap_anpa-5.tst")
    sentence = (
        "Hawaii files court challenge to Trump administration's definition of close U.S. "
        "relationship needed to avoid travel ban"
    )
    assert story.headline == sentence
    assert story.body_html == f"<p>{sentence.replace(chr(39), '&#x27;')}.</p>"
    assert story.dateline == "HONOLULU"
    assert story.credits == []
    assert story.source_ref == (
        "anpa:ap:us-apnewsalert-hawaii-files-court-challenge-to-trump:2017-06-29"
    )
    assert story.source_version == "0"
    assert story.published_at == datetime(2017, 6, 29, 23, 50, tzinfo=UTC)
