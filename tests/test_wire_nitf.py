"""The NITF parser: invented copy for the mapping rules, then every shared NITF sample."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from articles.wire.formats import detect_format, parse_wire
from articles.wire.nitf import parse
from articles.wire.nitf_body import clean_headline, dateline_place, lead_dateline
from articles.wire.story import CANCELED, USABLE, WITHHELD, WireError


def nitf(body="<p>Text.</p>", *, docdata="", head="", body_head="", headline="Harbour reopens"):
    hedline = f"<hedline><hl1>{headline}</hl1></hedline>" if headline else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<nitf><head>{head}<docdata>{docdata}</docdata></head>
<body><body.head>{hedline}{body_head}</body.head>
<body.content>{body}</body.content></body></nitf>""".encode()


FULL = nitf(
    head="""<title>Harbour reopens</title>
      <tobject tobject.type="News">
        <tobject.subject tobject.subject.refnum="15000000" tobject.subject.type="Sport"/>
        <tobject.subject tobject.subject.refnum="15031000" tobject.subject.matter="Sailing"/>
      </tobject>""",
    docdata="""<doc-id regsrc="XYZ" id-string="XYZ-2024-0042"/>
      <date.issue norm="20240305T081500Z"/>
      <ed-msg info="Moves on the sports wire"/>
      <du-key key="harbour" version="3"/>
      <key-list><keyword key="Harbour"/><keyword key="sailing"/></key-list>""",
    body_head="""<hedline><hl2>Crews clear the channel</hl2></hedline>
      <byline><person>Ana Lima</person> and <person>Tom Berg</person>,
        <byttl>XYZ Sports Writers</byttl></byline>
      <distributor>XYZ News Agency</distributor>
      <dateline><location>PORTO</location><story.date>March 5</story.date></dateline>""",
    body="""<block>
      <p>The harbour reopened on Tuesday.</p>
      <hl2>Ships wait</hl2>
      <media media-type="image">
        <media-reference source="https://img.example/small.jpg" width="200" height="100"/>
        <media-reference source="https://img.example/big.jpg" width="2000" height="1000"
            alternate-text="Tugs in the channel"/>
        <media-caption>Tugs clear the channel.</media-caption>
        <media-producer>Rui Sousa/XYZ</media-producer>
      </media>
      <p>Pilots said <a href="https://port.example/notice">the notice</a> came late.
         <a href="javascript:alert(1)">Click</a></p>
      <ul><li>Ferries run at 9</li><li>Cargo waits</li></ul>
      <ol><li>First</li></ol>
      <bq><block><p>We are ready.</p></block></bq>
      <note type="npa"><body.content><p>Photos to follow.</p></body.content></note>
      <media media-type="video"><media-caption>A clip</media-caption></media>
    </block>""",
)


def test_full_story_maps_every_field():
    story = parse(FULL, "harbour.xml")
    assert story.format == "nitf"
    assert (story.source_ref, story.source_version) == ("XYZ-2024-0042", "3")
    assert story.headline == "Harbour reopens"
    assert story.summary == "Crews clear the channel"
    assert [(c.name, c.kind, c.role) for c in story.credits] == [
        ("Ana Lima", "person", "XYZ Sports Writers"),
        ("Tom Berg", "person", "XYZ Sports Writers"),
    ]
    assert story.dateline == "PORTO"
    assert story.provider == "XYZ"
    assert story.published_at == datetime(2024, 3, 5, 8, 15, tzinfo=UTC)
    assert story.version_created == story.published_at
    assert story.tags == ["Harbour", "sailing", "Sport"]
    assert story.section == "sports"
    assert story.editor_note == "Moves on the sports wire\nPhotos to follow."
    assert (story.pubstatus, story.embargo_until, story.correction_note) == (USABLE, None, "")
    assert story.source_name == "harbour.xml"
    assert story.body_html.split("\n") == [
        "<p>The harbour reopened on Tuesday.</p>",
        "<h2>Ships wait</h2>",
        '<p>Pilots said <a href="https://port.example/notice">the notice</a> came late. Click</p>',
        "<ul><li>Ferries run at 9</li><li>Cargo waits</li></ul>",
        "<ol><li>First</li></ol>",
        "<blockquote><p>We are ready.</p></blockquote>",
    ]
    [photo] = story.photos
    assert (photo.caption, photo.credit, photo.alt_text) == (
        "Tugs clear the channel.",
        "Rui Sousa/XYZ",
        "Tugs in the channel",
    )
    assert (photo.url, photo.body_position) == ("https://img.example/big.jpg", 2)


def test_caption_credit_is_split_and_trailing_photo_leads_the_story():
    story = parse(
        nitf(
            """<p>One.</p><p>Two.</p>
            <media media-type="image"><media-reference source="abc123"/>
              <media-caption>Boats at dawn. Foto: Kari Nes / XYZ</media-caption></media>"""
        )
    )
    [photo] = story.photos
    assert (photo.caption, photo.credit, photo.alt_text) == (
        "Boats at dawn.",
        "Kari Nes / XYZ",
        "Boats at dawn.",
    )
    assert (photo.url, photo.body_position) == ("", None)


def test_kill_is_canceled_and_replaces_the_earlier_document():
    story = parse(
        nitf(
            "",
            docdata="""<doc-id id-string="XYZ-0043" idref="XYZ-0042"/>
              <date.issue norm="2024-03-05T10:00:00+00:00"/>""",
        ).replace(b"<docdata>", b'<docdata management-status="canceled">')
    )
    assert story.pubstatus == CANCELED
    assert story.replaces == ["XYZ-0042"]
    assert story.body_html == ""


def test_management_doc_idref_and_correction_element():
    story = parse(
        nitf(
            docdata="""<doc-id id-string="XYZ-0044"/>
              <correction info="Fixes the ferry time." id-string="XYZ-0042"/>"""
        ).replace(b"<docdata>", b'<docdata management-doc-idref="XYZ-0041">')
    )
    assert story.correction_note == "Fixes the ferry time."
    assert story.replaces == ["XYZ-0041", "XYZ-0042"]


def test_corrected_headline_prefix_is_stripped_and_noted():
    story = parse(nitf(headline="CORRECTED-Harbour reopens", docdata='<doc-id id-string="A1"/>'))
    assert story.headline == "Harbour reopens"
    assert story.correction_note == "Corrected version."


@pytest.mark.parametrize(
    ("ed_msg", "note"),
    [
        ("Eds: UPDATES with ferry times", "Eds: UPDATES with ferry times"),
        ("Eds: Restores dropped word", "Eds: Restores dropped word"),
        ("CORRECTS spelling of pilot's name", "CORRECTS spelling of pilot's name"),
        ("For global distribution", ""),
    ],
)
def test_correction_advisories_in_ed_msg(ed_msg, note):
    story = parse(nitf(docdata=f'<doc-id id-string="A1"/><ed-msg info="{ed_msg}"/>'))
    assert (story.correction_note, story.editor_note) == (note, ed_msg)


def test_release_after_issue_is_an_embargo():
    story = parse(
        nitf(
            docdata="""<doc-id id-string="A1"/><date.issue norm="20240305T080000Z"/>
              <date.release norm="20240306T060000Z"/><date.expire norm="20240405T080000Z"/>"""
        )
    )
    assert story.pubstatus == USABLE
    assert story.embargo_until == datetime(2024, 3, 6, 6, 0, tzinfo=UTC)


def test_release_equal_to_issue_is_no_embargo():
    story = parse(
        nitf(
            docdata="""<doc-id id-string="A1"/><date.issue norm="20240305T080000Z"/>
              <date.release norm="20240305T080000Z"/>"""
        )
    )
    assert story.embargo_until is None


def test_embargoed_status_without_release_time_is_withheld():
    data = nitf(docdata='<doc-id id-string="A1"/>').replace(
        b"<docdata>", b'<docdata management-status="embargoed">'
    )
    story = parse(data)
    assert story.pubstatus == WITHHELD
    assert "no release time" in story.editor_note


@pytest.mark.parametrize("status", ["withheld", "usable"])
def test_withheld_status_and_not_for_publication_advisory(status):
    data = nitf(docdata='<doc-id id-string="A1"/><ed-msg info="NOT FOR PUBLICATION before noon"/>')
    story = parse(data.replace(b"<docdata>", f'<docdata management-status="{status}">'.encode()))
    assert story.pubstatus == WITHHELD


def test_missing_id_string_builds_a_key_stable_across_resends_that_day():
    def version(time, text):
        return parse(
            nitf(f"<p>{text}</p>", docdata=f'<doc-id regsrc="AP"/><date.issue norm="{time}"/>')
        )

    first, second = version("20240305T080000Z", "First."), version("20240305T120000Z", "Second.")
    assert first.source_ref == second.source_ref == "nitf:AP:2024-03-05:harbour-reopens"
    keyed = parse(nitf(docdata='<doc-id regsrc="AP"/><du-key key="port-slug" version="2"/>'))
    assert (keyed.source_ref, keyed.source_version) == ("nitf:AP:port-slug", "2")


def test_wire_line_breaks_desk_prefix_lead_dateline_and_copyright_credit():
    story = parse(
        nitf(
            """<p>   LISBON, Mar 5 AFP - The port authority said on <br />Tuesday that
            ferries would <br />run again from noon, with cargo <br />to follow.</p>
            <p>   Crews worked <br />overnight.<br />   A second paragraph <br />starts
            here.</p>""",
            headline="EUROPE:Lisbon port reopens",
            docdata='<doc-id id-string="AFP.1"/><doc.copyright holder="Agence France Presse"/>',
        )
    )
    assert story.headline == "Lisbon port reopens"
    assert story.dateline == "LISBON"
    assert story.body_html.split("\n") == [
        "<p>LISBON, Mar 5 AFP - The port authority said on Tuesday that ferries would run again"
        " from noon, with cargo to follow.</p>",
        "<p>Crews worked overnight.</p>",
        "<p>A second paragraph starts here.</p>",
    ]
    assert [(c.name, c.kind) for c in story.credits] == [("Agence France Presse", "agency")]


def test_br_in_unwrapped_text_starts_paragraphs():
    story = parse(nitf("<p>Line one of an address<br/>Line two</p>"))
    assert story.body_html == "<p>Line one of an address</p>\n<p>Line two</p>"


def test_ap_body_dateline_is_found_when_the_head_has_none():
    story = parse(nitf("<p>NEW YORK (AP) — Stocks rose.</p>"))
    assert story.dateline == "NEW YORK"
    assert story.body_html == "<p>NEW YORK (AP) — Stocks rose.</p>"


def test_lede_paragraph_becomes_summary_unless_there_is_an_abstract():
    body = '<p lede="true" class="lead">The standfirst.</p><p>The body.</p>'
    lifted = parse(nitf(body))
    assert (lifted.summary, lifted.body_html) == ("The standfirst.", "<p>The body.</p>")
    kept = parse(nitf(body, body_head="<abstract><p>The abstract.</p></abstract>"))
    assert kept.summary == "The abstract."
    assert kept.body_html == "<p>The standfirst.</p>\n<p>The body.</p>"


def test_original_headline_hl2_is_not_a_summary():
    body_head = '<hedline><hl2 id="originalHeadline">Harbour reopens</hl2></hedline>'
    assert parse(nitf(body_head=body_head)).summary == ""


def test_namespaced_nitf_and_language():
    data = nitf().replace(b"<nitf>", b'<nitf xmlns="http://iptc.org/std/NITF/2006-10-18/">')
    story = parse(data.replace(b"<head>", b'<head xml:lang="pt-PT">'))
    assert (story.headline, story.language) == ("Harbour reopens", "pt-PT")


def test_ntb_times_without_offset_are_oslo_time():
    story = parse(nitf(docdata='<doc-id regsrc="NTB"/><date.issue norm="2024-07-01T09:00:00"/>'))
    assert story.published_at == datetime(2024, 7, 1, 9, 0, tzinfo=ZoneInfo("Europe/Oslo"))


def test_bytes_win_over_a_wrong_encoding_declaration():
    data = nitf(headline="Fähre fährt").replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"')
    assert parse(data).headline == "Fähre fährt"
    latin = nitf(headline="Fähre").decode().encode("latin-1")  # declared UTF-8, is Latin-1
    assert parse(latin).headline == "Fähre"


def test_detection_also_reads_bytes_that_contradict_their_declaration():
    latin = nitf(headline="Fähre").decode().encode("latin-1")  # declared UTF-8, is Latin-1
    assert detect_format(latin) == "nitf"
    [story] = parse_wire(b"\n  " + latin, "fahre.xml")  # white space before the declaration
    assert story.headline == "Fähre"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (nitf(headline=""), "NITF has no headline (hedline/hl1)"),
        (b"<nitf><head>", "XML is not well-formed"),
        (b"<story><p>x</p></story>", "not NITF: the root element is <story>"),
        (nitf(docdata='<date.issue norm="yesterday"/>'), "date.issue 'yesterday' is not a date"),
        (
            b'<!DOCTYPE nitf [<!ENTITY x SYSTEM "file:///etc/passwd">]><nitf>&x;</nitf>',
            "XML declares entities (x)",
        ),
    ],
)
def test_bad_copy_gives_one_clear_error(data, message):
    with pytest.raises(WireError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse(data)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("SEOUL, Nov 26 AFP -", "SEOUL"),
        (
            "Gaza City, Palestinian Territories, May 16, 2021 (AFP) -",
            "Gaza City, Palestinian Territories",
        ),
        ("BEIJING, July 23", "BEIJING"),
        ("Moskau/Berlin (dpa) -", "Moskau/Berlin"),
        ("WASHINGTON DC", "WASHINGTON DC"),
        ("加州桑尼維爾", "加州桑尼維爾"),
    ],
)
def test_dateline_place(text, place):
    assert dateline_place(text) == place


@pytest.mark.parametrize(
    ("paragraph", "place"),
    [
        ("NEW YORK (AP) — The gas produced", "NEW YORK"),
        ("   SEOUL, Nov 26 AFP - Samsung has", "SEOUL"),
        ("Paris (AFP) - Ministers met", "Paris"),
        ("LONDON - Shares fell", "LONDON"),
        ("Paris - Ministers met", ""),
        ("– Det er så mye fattigdom", ""),
        ("The deal - a big one - closed", ""),
    ],
)
def test_lead_dateline(paragraph, place):
    assert lead_dateline(paragraph) == place


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ASIA:Samsung sells units", ("Samsung sells units", False)),
        ("MARKETS: Stocks rise", ("Stocks rise", False)),
        ("US: Biden signs bill", ("US: Biden signs bill", False)),
        ("CORRECTED-Oil falls", ("Oil falls", True)),
        ("Li Peng dies aged 90: Xinhua", ("Li Peng dies aged 90: Xinhua", False)),
    ],
)
def test_clean_headline(raw, expected):
    assert clean_headline(raw) == expected


def test_inline_markup_joins_words_and_blocks_are_spaced():
    story = parse(
        nitf(
            headline="ClearOhm<sup>TM</sup> <em>wins</em> award",
            body_head="<abstract><p>One.</p><p>Two.</p></abstract>",
        )
    )
    assert (story.headline, story.summary) == ("ClearOhmTM wins award", "One. Two.")


# The shared samples (SOURCES.md, nitf/).


def sample(wire_samples, name):
    data = (wire_samples / "nitf" / name).read_bytes()
    assert detect_format(data) == "nitf"
    [story] = parse_wire(data, name)
    return story


@pytest.mark.shared
def test_every_nitf_sample_is_detected_and_parsed(wire_samples):
    names = sorted(path.name for path in (wire_samples / "nitf").glob("*.xml"))
    assert names == ["NTB_nitf_sample.xml", "aap-finance.xml", "ap-nitf.xml"]
    for name in names:
        assert sample(wire_samples, name).format == "nitf"


@pytest.mark.shared
def test_ap_sample(wire_samples):
    story = sample(wire_samples, "ap-nitf.xml")
    assert story.source_ref == (
        "nitf:AP:2015-12-10:can-trading-pollution-like-stocks-help-fight-climate-change"
    )
    assert story.source_version == ""
    assert story.headline == "Can trading pollution like stocks help fight climate change?"
    assert story.summary == ""  # the hl2 is only the original headline
    assert [(c.name, c.kind, c.role) for c in story.credits] == [
        ("Bernard Condon", "person", "AP Business Writer")
    ]
    assert (story.dateline, story.provider) == ("NEW YORK", "AP")
    assert story.editor_note == "For global distribution"
    assert story.published_at == datetime(2015, 12, 10, 19, 10, 44, tzinfo=UTC)
    assert (story.pubstatus, story.embargo_until, story.correction_note) == (USABLE, None, "")
    assert story.body_html.startswith("<p>NEW YORK (AP) — The gas produced by hog manure")
    assert story.body_html.count("<p>") == 28
    assert "\r" not in story.body_html and "<block" not in story.body_html


@pytest.mark.shared
def test_ntb_sample(wire_samples):
    story = sample(wire_samples, "NTB_nitf_sample.xml")
    assert (story.source_ref, story.source_version) == (
        "NTB5df9281a-a270-4dc5-a618-869bbc3bbca7_00",
        "1",
    )
    assert story.headline == "Pandemien herjer på den legeløse indiske landsbygda"
    assert [(c.name, c.kind) for c in story.credits] == [
        ("NTB", "agency"),
        ("AFP", "agency"),
        ("DPA", "agency"),
    ]
    assert (story.dateline, story.language, story.provider) == ("Unnao", "nb-NO", "NTB")
    assert story.summary.startswith("Koronapandemien herjer også i landsbyer")
    assert not story.body_html.startswith("<p>Koronapandemien")  # the lede became the summary
    assert story.published_at == datetime(2021, 5, 16, 7, 0, 4, tzinfo=UTC)
    assert story.tags == ["india-korona-bygd", "Sykdom", "Medisin og helse"]
    assert story.section == ""
    [photo] = story.photos
    assert (photo.caption, photo.credit) == (
        "Kremasjonsbål for koronaofre brenner i Indias hovedstad New Delhi.",
        "Amit Sharma / AP / NTB",
    )
    assert photo.body_position is None
    assert story.body_html.count("<h2>") == 4
    assert "<h2>Myndighetene patruljerer langs elvebredden</h2>" in story.body_html


@pytest.mark.shared
def test_aap_finance_sample(wire_samples):
    story = sample(wire_samples, "aap-finance.xml")
    assert (story.source_ref, story.source_version) == ("AFP.121974877.6504909", "")
    assert story.headline == "Samsung sells defence, petrochemical units"
    assert (story.dateline, story.provider) == ("SEOUL", "AAP")
    assert [(c.name, c.kind) for c in story.credits] == [("Agence France Presse", "agency")]
    assert (story.section, story.tags) == ("business", ["Finance (General)"])
    assert story.published_at == datetime(2014, 11, 26, 15, 27, 3, tzinfo=UTC)
    assert story.embargo_until is None  # released when issued
    assert "<br" not in story.body_html
    assert story.body_html.count("<p>") == 14
    assert story.body_html.split("\n")[0] == (
        "<p>SEOUL, Nov 26 AFP - Samsung has announced the sale of stakes in four petrochemical"
        " and defence affiliates for $US1.7 billion ($A1.84 billion) as the South Korean giant"
        " steps up restructuring efforts ahead of a generational ownership succession.</p>"
    )
    assert story.body_html.endswith("<p>AFP sn</p>")
