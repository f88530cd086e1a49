"""The NewsML-G2 parser: invented items first, then every shared sample (no database)."""

import re
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from articles.wire.formats import parse_wire
from articles.wire.newsmlg2 import parse_many
from articles.wire.story import CANCELED, USABLE, WITHHELD, ParsedCredit, ParsedLink, WireError

NAR = "http://iptc.org/std/nar/2006-10-01/"
XHTML = "http://www.w3.org/1999/xhtml"
CET = timezone(timedelta(hours=1))


def news_item(
    guid="urn:newsml:example.org:20240305:harbour",
    *,
    version="3",
    item_class="ninat:text",
    item_meta="",
    content_meta="",
    headline="<headline>Harbour reopens after storm</headline>",
    content_set="",
    lang="en",
):
    """A newsItem in the default namespace, with the parts a test cares about."""
    return f"""<newsItem xmlns="{NAR}" guid="{guid}" version="{version}" xml:lang="{lang}"
        standard="NewsML-G2" standardversion="2.29">
      <itemMeta>
        <itemClass qcode="{item_class}"/>
        <provider qcode="nprov:EXA"><name>Example Wire</name></provider>
        <versionCreated>2024-03-05T10:30:00+01:00</versionCreated>
        <firstCreated>2024-03-05T09:00:00+01:00</firstCreated>
        <pubStatus qcode="stat:usable"/>
        {item_meta}
      </itemMeta>
      <contentMeta>{content_meta}{headline}</contentMeta>
      <contentSet>{content_set}</contentSet>
    </newsItem>"""


def xhtml(body):
    return f"""<inlineXML contenttype="application/xhtml+xml">
      <html xmlns="{XHTML}"><head><title>t</title></head><body>{body}</body></html>
    </inlineXML>"""


def message(*items):
    return f'<newsMessage xmlns="{NAR}"><header><sent>2024-03-05T10:31:00Z</sent></header>' + (
        f"<itemSet>{''.join(items)}</itemSet></newsMessage>"
    )


def parse_one(text):
    [story] = parse_many(text.encode("utf-8"), "feed.xml")
    return story


PICTURE = news_item(
    "urn:newsml:example.org:20240305:harbour-photo",
    item_class="ninat:picture",
    content_meta="""
        <creator role="crol:photographer"><name>Lena Berg</name></creator>
        <creditline>Example Wire</creditline>
        <description role="drol:caption">Cranes stand idle at the harbour on Tuesday.
            Foto: Lena Berg/Example Wire</description>""",
    headline="<headline>Idle cranes</headline>",
    content_set="""
        <remoteContent rendition="rnd:thumb" href="https://img.example.org/t.jpg"
            width="80" height="60"/>
        <remoteContent rendition="rnd:highRes" href="https://img.example.org/h.jpg"
            width="3000" height="2000"/>
        <remoteContent rendition="rnd:web" href="https://img.example.org/w.jpg"
            width="800" height="600"/>""",
)


def test_news_item_maps_identity_times_people_and_topics():
    story = parse_one(
        news_item(
            item_meta="""
                <embargoed>2024-03-06T06:00:00Z</embargoed>
                <edNote>Embargoed until 0600 GMT
                    Wednesday.</edNote>
                <signal qcode="sig:update"/>
                <link rel="irel:seeAlso" residref="urn:newsml:example.org:20240304:storm"
                    href="https://example.org/storm" title="Storm hits coast"/>
                <link rel="irel:translatedFrom" residref="urn:other"/>""",
            content_meta="""
                <located><name>Rotterdam</name></located>
                <subject type="cpnat:abstract" qcode="medtop:04000000">
                    <name xml:lang="de">Wirtschaft</name>
                    <name xml:lang="en-GB">economy, business and finance</name>
                </subject>
                <subject type="cpnat:geoArea" qcode="geo:1"><name>Netherlands</name></subject>
                <subject qcode="medtop:20000523"><name>labour market</name></subject>
                <keyword>ports</keyword><keyword>Labour Market</keyword>
                <by>By Jane Roe and John Doe</by>
                <description role="drol:summary">Ships queue to enter.</description>""",
            headline="<headline>\n   Harbour reopens   after storm </headline>",
        )
    )
    assert story.format == "newsml-g2"
    assert story.source_ref == "urn:newsml:example.org:20240305:harbour"
    assert story.source_version == "3"
    assert story.source_name == "feed.xml"
    assert story.headline == "Harbour reopens after storm"
    assert story.summary == "Ships queue to enter."
    assert story.published_at == datetime(2024, 3, 5, 9, 0, tzinfo=CET)
    assert story.version_created == datetime(2024, 3, 5, 10, 30, tzinfo=CET)
    assert story.embargo_until == datetime(2024, 3, 6, 6, 0, tzinfo=UTC)
    assert story.pubstatus == USABLE
    assert story.editor_note == "Embargoed until 0600 GMT Wednesday."
    assert story.correction_note == ""
    assert story.credits == [ParsedCredit("Jane Roe", "person"), ParsedCredit("John Doe", "person")]
    assert story.dateline == "Rotterdam"
    assert story.language == "en"
    assert story.provider == "EXA"
    assert story.tags == ["economy, business and finance", "labour market", "ports"]
    assert story.section == "business"
    assert story.related == [
        ParsedLink(
            "Storm hits coast", "https://example.org/storm", "urn:newsml:example.org:20240304:storm"
        )
    ]


def test_xhtml_body_keeps_structure_and_drops_wire_furniture():
    story = parse_one(
        news_item(
            headline='<headline>Harbour "reopens" after storm</headline>',
            content_set=xhtml("""
                <header><p class="byline">Von X</p></header>
                <h1>Harbour "reopens" after storm</h1>
                <section class="main">
                  <p class="teaser">Ships queue.</p>
                  <p><span class="dateline">Rotterdam <span class="credit">(exa)</span> - </span>
                     The port <em>reopened</em> at dawn.
                     See <a href="https://port.example.org/">the port</a> and
                     <a href="javascript:alert(1)">this</a>.</p>
                  <h3>Queues</h3>
                  <ul><li>Forty ships</li><li><p>Two ferries</p></li></ul>
                  <blockquote><p>"We are open," she said.</p></blockquote>
                  <p>Line one<br/><br/>Line two &amp; more</p>
                  <p>   </p>
                </section>"""),
        )
    )
    assert story.body_html.split("\n") == [
        '<p>The port reopened at dawn. See <a href="https://port.example.org/">the port</a> and'
        " this.</p>",
        "<h2>Queues</h2>",
        "<ul><li>Forty ships</li><li>Two ferries</li></ul>",
        '<blockquote><p>"We are open," she said.</p></blockquote>',
        "<p>Line one</p>",
        "<p>Line two &amp; more</p>",
    ]
    assert story.dateline == "Rotterdam"


def test_prefixes_do_not_matter_only_the_namespace():
    default = message(news_item(content_set="<inlineData>Text.</inlineData>"))
    prefixed = re.sub(r"<(/?)(\w)", r"<\1x:\2", default).replace("xmlns=", "xmlns:x=")
    assert "<x:newsItem" in prefixed
    [plain], [renamed] = parse_many(default.encode(), "a"), parse_many(prefixed.encode(), "a")
    assert renamed.as_record() == plain.as_record()
    assert renamed.body_html == "<p>Text.</p>"


def test_elements_outside_the_iptc_namespace_are_refused():
    bare = news_item().replace(f'xmlns="{NAR}"', 'xmlns="http://example.org/other"')
    with pytest.raises(WireError, match="not a NewsML-G2 item"):
        parse_many(bare.encode(), "x.xml")


def test_message_yields_each_text_item_and_skips_packages_and_concepts():
    stories = parse_many(
        message(
            news_item("urn:a", headline="<headline>First</headline>"),
            f'<packageItem xmlns="{NAR}" guid="urn:pkg" version="1"/>',
            news_item("urn:b", headline="<headline>Second</headline>"),
            f'<conceptItem xmlns="{NAR}" guid="urn:concept" version="1"/>',
            news_item("urn:video", item_class="ninat:video"),
        ).encode(),
        "m.xml",
    )
    assert [(s.source_ref, s.headline) for s in stories] == [
        ("urn:a", "First"),
        ("urn:b", "Second"),
    ]


def test_message_without_text_items_is_refused():
    with pytest.raises(
        WireError, match=r"^NewsML-G2 message holds no text item \(only packageItem\)$"
    ):
        parse_many(message(f'<packageItem xmlns="{NAR}" guid="urn:pkg"/>').encode(), "p.xml")


def test_picture_alone_is_refused():
    for document in (PICTURE, message(PICTURE)):
        with pytest.raises(WireError, match=r"^NewsML-G2 picture item without a text story$"):
            parse_many(document.encode(), "photo.xml")


def test_picture_in_the_same_message_becomes_the_story_photo():
    story = parse_one(message(news_item(), PICTURE))
    [photo] = story.photos
    assert photo.caption == "Cranes stand idle at the harbour on Tuesday."
    assert photo.credit == "Lena Berg/Example Wire"
    assert photo.alt_text == "Cranes stand idle at the harbour on Tuesday."
    assert photo.url == "https://img.example.org/h.jpg"
    assert photo.body_position is None


def test_picture_goes_to_the_text_item_that_links_to_it():
    link = (
        '<link rel="irel:associatedWith" residref="urn:newsml:example.org:20240305:harbour-photo"/>'
    )
    stories = parse_many(
        message(news_item("urn:a"), news_item("urn:b", item_meta=link), PICTURE).encode(), "m"
    )
    assert [len(s.photos) for s in stories] == [0, 1]


def test_photographer_joins_a_creditline_that_lacks_the_name():
    picture = PICTURE.replace("Foto: Lena Berg/Example Wire", "(Photo by Lena Berg/Example Wire)")
    picture = picture.replace(
        "<creditline>Example Wire</creditline>", "<creditline>EXA</creditline>"
    )
    [photo] = parse_one(message(news_item(), picture)).photos
    assert (photo.caption, photo.credit) == (
        "Cranes stand idle at the harbour on Tuesday.",
        "Lena Berg/EXA",
    )


def test_correction_signal_takes_the_correction_ednote():
    story = parse_one(
        news_item(
            item_meta="""
                <edNote role="exanote:picture">Photo available</edNote>
                <edNote role="exanote:correctionshort">on the date</edNote>
                <edNote role="exanote:correction">Corrects the reopening date.</edNote>
                <signal qcode="sig:correction"/>"""
        )
    )
    assert story.correction_note == "Corrects the reopening date."
    assert story.editor_note == "Photo available"


def test_corrected_headline_prefix_and_leading_correction_paragraph():
    story = parse_one(
        news_item(
            item_meta='<signal qcode="edStat:C"/>',
            headline="<headline>CORRECTED-Harbour reopens after storm</headline>",
            content_set=xhtml(
                "<p>(Corrects name of port in second paragraph)</p>"
                "<p>NEW YORK, March 5 (Example) - The port reopened.</p>"
            ),
        )
    )
    assert story.headline == "Harbour reopens after storm"
    assert story.correction_note == "Corrects name of port in second paragraph"
    assert story.body_html == "<p>NEW YORK, March 5 (Example) - The port reopened.</p>"
    assert story.dateline == "NEW YORK"


def test_correction_without_a_note_still_says_so():
    story = parse_one(news_item(item_meta='<signal qcode="edStat:C"/>'))
    assert story.correction_note == "This story has been corrected."


@pytest.mark.parametrize(
    ("qcode", "status"), [("stat:canceled", CANCELED), ("stat:withheld", WITHHELD)]
)
def test_kills_and_withheld_items(qcode, status):
    item = news_item(headline="<headline>CORRECTED-Harbour reopens</headline>")
    story = parse_one(item.replace("stat:usable", qcode))
    assert story.pubstatus == status
    assert story.headline == "Harbour reopens"
    assert story.body_html == ""
    assert story.correction_note == ("" if status == CANCELED else "This story has been corrected.")


def test_plain_inline_data_becomes_paragraphs_and_other_renditions_are_ignored():
    story = parse_one(
        news_item(
            content_set="""
                <inlineData contenttype="text/plain" rendition="exa:teaser">Teaser.</inlineData>
                <inlineData contenttype="text/plain">First line
wrapped here.

Second &lt;para&gt;.</inlineData>"""
        )
    )
    assert story.body_html == "<p>First line wrapped here.</p>\n<p>Second &lt;para&gt;.</p>"


def test_nitf_inline_body_uses_body_content():
    story = parse_one(
        news_item(
            content_set="""<inlineXML contenttype="application/nitf+xml">
                <nitf><body><body.head><hedline><hl1>Harbour</hl1></hedline></body.head>
                <body.content><p>Ships wait.</p><hl2>Outlook</hl2><p>Calm seas.</p></body.content>
                </body></nitf></inlineXML>"""
        )
    )
    assert story.body_html == "<p>Ships wait.</p>\n<h2>Outlook</h2>\n<p>Calm seas.</p>"


def test_dates_dateline_and_creator_fallbacks():
    item = news_item(
        content_meta="""<contentCreated>2024-03-04</contentCreated>
            <located><name>Oslo</name></located>
            <creator><name>jdoe</name></creator><creator literal="Reuters"/>""",
        content_set=xhtml("<p>March 4 (Reuters) - Ships wait.</p>"),
    ).replace("<firstCreated>2024-03-05T09:00:00+01:00</firstCreated>", "")
    story = parse_one(item)
    assert story.published_at == datetime(2024, 3, 4, tzinfo=ZoneInfo(settings.TIME_ZONE))
    assert story.dateline == "Oslo"  # "March 4" is a day, not a place
    assert story.credits == [ParsedCredit("Reuters", "agency")]  # a login is not a byline


def test_without_any_creation_time_the_version_time_is_used():
    item = news_item().replace("<firstCreated>2024-03-05T09:00:00+01:00</firstCreated>", "")
    assert parse_one(item).published_at == datetime(2024, 3, 5, 10, 30, tzinfo=CET)


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (('guid="urn:newsml:example.org:20240305:harbour"', 'guid=""'), "has no guid"),
        (("<headline>Harbour reopens after storm</headline>", ""), "has no headline"),
        (("2024-03-05T10:30:00+01:00", "5 March 2024"), "versionCreated '5 March 2024'"),
        (("<pubStatus", "<pubStatus<"), "not well-formed"),
    ],
)
def test_malformed_items_give_one_clear_error(change, error):
    with pytest.raises(WireError, match=error):
        parse_many(news_item().replace(*change).encode(), "bad.xml")


def test_entity_declarations_are_refused():
    document = '<!DOCTYPE newsItem [<!ENTITY boom "x">]>' + news_item()
    with pytest.raises(WireError, match="declares entities"):
        parse_many(document.encode(), "bomb.xml")


def test_bytes_win_over_a_wrong_encoding_declaration():
    item = news_item(headline="<headline>Grüße aus Köln</headline>")
    utf8_declared_latin1 = ('<?xml version="1.0" encoding="ISO-8859-1"?>' + item).encode("utf-8")
    latin1_declared_utf8 = ('<?xml version="1.0" encoding="UTF-8"?>' + item).encode("latin-1")
    for data in (utf8_declared_latin1, latin1_declared_utf8):
        assert parse_many(data, "enc.xml")[0].headline == "Grüße aus Köln"


def test_detection_routes_items_and_messages_here():
    for document in (news_item(), message(news_item())):
        [story] = parse_wire(document.encode(), "feed.xml")
        assert story.format == "newsml-g2"


# --- the shared samples (../shared/wire-samples/newsml-g2) ---------------------------------

SAMPLES = {
    "LISTING_1_A_NewsML-G2_News_Item.xml",
    "LISTING_3_Photo_in_NewsML-G2.xml",
    "tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838.xml",
    "tag_reuters.com_2016_newsml_L1N14N0FF_version_1542761538.xml",
    "urn_newsml_dpa.com_20090101_170629-99-43688.xml",
    "urn_newsml_dpa.com_20090101_170629-99-45965.xml",
    "urn_newsml_dpa.com_20090101_171117-90-000086.xml",
}
REUTERS_GUID = "tag:reuters.com,0000:newsml_L1N14N0FF"
REUTERS_HEADLINE = "S. Illinois battles flooding as Mississippi River builds downstream"
# An invented text item to carry the sample pictures, which alone are refused.
CARRIER = news_item("urn:test:carrier", headline="<headline>Carrier story</headline>")


def sample(wire_samples, name):
    path = wire_samples / "newsml-g2" / name
    [story] = parse_wire(path.read_bytes(), name)
    return story


@pytest.mark.shared
def test_every_sample_is_covered_here(wire_samples):
    assert {p.name for p in (wire_samples / "newsml-g2").glob("*.xml")} == SAMPLES


@pytest.mark.shared
def test_iptc_listing_1_embargoed_news_item(wire_samples):
    story = sample(wire_samples, "LISTING_1_A_NewsML-G2_News_Item.xml")
    assert story.source_ref == "urn:newsml:acmenews.com:20161018:US-FINANCE-FED"
    assert story.source_version == "11"
    assert story.headline == 'Fed to halt QE to avert "bubble"'
    assert story.embargo_until == datetime(2018, 10, 23, 12, 0, tzinfo=UTC)
    assert story.editor_note == (
        "Note to editors: STRICTLY EMBARGOED. Not for public release until 12noon on Friday, "
        "October 23, 2018."
    )
    assert story.published_at == datetime(
        2016, 10, 18, 13, 12, 21, tzinfo=timezone(timedelta(hours=-5))
    )
    assert story.version_created == datetime(
        2018, 10, 21, 16, 25, 32, tzinfo=timezone(timedelta(hours=-5))
    )
    assert story.pubstatus == USABLE
    assert story.correction_note == ""
    assert story.credits == [ParsedCredit("Meredith Jameson", "person")]
    assert story.dateline == "Berlin"
    assert story.tags == ["economy, business and finance", "labour market"]
    assert story.section == "business"
    assert story.language == "en-GB"
    assert story.provider == "REUTERS"
    assert story.related == [
        ParsedLink(url="http://www.example.com/video/20081222-PNN-1517-407624/index.html")
    ]
    assert story.body_html == ""


@pytest.mark.shared
def test_iptc_listing_3_getty_picture_alone_is_refused_and_attaches_to_a_story(wire_samples):
    data = (wire_samples / "newsml-g2" / "LISTING_3_Photo_in_NewsML-G2.xml").read_bytes()
    with pytest.raises(WireError, match=r"^NewsML-G2 picture item without a text story$"):
        parse_wire(data, "LISTING_3_Photo_in_NewsML-G2.xml")
    [story] = parse_many(message(CARRIER, data.decode("utf-8")).encode(), "combined.xml")
    [photo] = story.photos
    assert photo.caption.startswith("A general view of part of downtown, including Las Vegas")
    assert photo.caption.endswith("Las Vegas is still in the midst of the economic downturn.")
    assert photo.credit == "Spencer Platt/Getty Images"
    assert photo.url == "./GYI0062134533.jpg"  # the 1500×1001 rendition


@pytest.mark.shared
def test_reuters_correction(wire_samples):
    story = sample(wire_samples, "tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838.xml")
    assert (story.source_ref, story.source_version) == (REUTERS_GUID, "978556838")
    assert story.headline == REUTERS_HEADLINE
    assert story.correction_note == (
        "In Jan. 3 story, corrects last paragraph to reflect that figure on Exxon Mobil terminal "
        "refers to capacity, not barrels per day"
    )
    assert story.pubstatus == USABLE
    assert story.published_at == datetime(2016, 1, 4, 15, 43, 34, tzinfo=UTC)
    assert story.credits == [ParsedCredit("Reuters", "agency")]
    assert story.provider == "reuters.com"
    assert story.language == "en"
    assert story.dateline == ""  # "Jan 3 (Reuters) -" names no place
    assert story.section == "business"
    paragraphs = story.body_html.split("\n")
    assert len(paragraphs) == 16  # 16 <p>, less the correction, the sign-off split off
    assert paragraphs[0].startswith("<p>Jan 3 (Reuters) - Residents of flooded areas in far")
    assert paragraphs[-1] == (
        "<p>(Reporting by David Bailey in Minneapolis, Erwin Seba in Houston and Tim Ghianni "
        "in Nashville; Editing by Dan Grebler)</p>"
    )
    assert "corrects last paragraph" not in story.body_html


@pytest.mark.shared
def test_reuters_kill(wire_samples):
    story = sample(wire_samples, "tag_reuters.com_2016_newsml_L1N14N0FF_version_1542761538.xml")
    assert (story.source_ref, story.source_version) == (REUTERS_GUID, "1542761538")
    assert story.pubstatus == CANCELED
    assert story.headline == REUTERS_HEADLINE
    assert story.body_html == ""
    assert story.correction_note == ""
    assert story.version_created == datetime(2016, 1, 4, 16, 34, 45, tzinfo=UTC)


@pytest.mark.shared
def test_dpa_correction(wire_samples):
    story = sample(wire_samples, "urn_newsml_dpa.com_20090101_170629-99-43688.xml")
    assert story.source_ref == "urn:newsml:dpa.com:20090101:170629-99-43688"
    assert story.source_version == "5"
    assert story.headline == "Check-in auf dem Gipfel: Wo schläft die G20-Prominenz?"
    assert story.correction_note == (
        "Nach dpa-Informationen sind mehrere der in Medien erwähnten Hotels falsch oder "
        "unvollständig zugeordnet. Sie wurden entsprechend berichtigt."
    )
    assert story.credits == [ParsedCredit("Almut Kipp", "person"), ParsedCredit("dpa", "agency")]
    assert story.summary.startswith("Der Blick auf Ex-US-Außenminister Kerry")
    assert story.tags == ["Gastgewerbe", "Hotels", "G20", "#G20HH"]
    assert story.section == "business"  # Gastgewerbe is subj:04014002
    assert story.dateline == "Hamburg"
    assert story.language == "de"
    assert story.provider == "dpa"
    assert "Foto - Archiv" in story.editor_note.split("\n")
    assert "Notizblock" not in story.editor_note
    assert story.published_at == datetime(
        2017, 6, 29, 18, 21, 39, tzinfo=timezone(timedelta(hours=2))
    )
    paragraphs = story.body_html.split("\n")
    assert len(paragraphs) == 10
    assert paragraphs[0].startswith("<p>Es ist eines der gut gehüteten Geheimnisse")
    assert "Kerry beim Hamburger Weihnachtsmarkt: ein Glückstreffer" not in story.body_html


@pytest.mark.shared
def test_dpa_update(wire_samples):
    story = sample(wire_samples, "urn_newsml_dpa.com_20090101_170629-99-45965.xml")
    assert story.source_ref == "urn:newsml:dpa.com:20090101:170629-99-45965"
    assert story.source_version == "13"
    assert story.headline == "Verbot: Erdogan darf in Deutschland nicht vor Landsleuten sprechen"
    assert story.correction_note == "Erdogans Sprecher im 1. und 4. Abs."
    assert story.credits == []
    assert story.dateline == "Moskau/Berlin"
    assert story.pubstatus == USABLE
    assert story.related == [
        ParsedLink("Hürriyet Daily News", "http://dpaq.de/677EM"),
        ParsedLink(
            "Beschluss des Gerichts",
            "http://justiz.hamburg.de/contentblob/9052036/1d8f7cf8720107b877b1c7af613ef0f1/data/"
            "3e6431-17.pdf",
        ),
        ParsedLink(
            "Pressemitteilung",
            "http://justiz.hamburg.de/aktuellepresseerklaerungen/9035914/pressemitteilung/",
        ),
    ]
    assert story.tags == ["G20", "Internationale Beziehung", "#G20HH"]
    assert story.body_html.startswith("<p>Die Bundesregierung hat einen geplanten Auftritt")
    assert story.body_html.count("<p>") == 12  # 13 <p>, less the teaser


@pytest.mark.shared
def test_dpa_picture_alone_is_refused_and_attaches_to_a_story(wire_samples):
    name = "urn_newsml_dpa.com_20090101_171117-90-000086.xml"
    data = (wire_samples / "newsml-g2" / name).read_bytes()
    with pytest.raises(WireError, match=r"^NewsML-G2 picture item without a text story$"):
        parse_wire(data, name)
    combined = data.replace(b"<itemSet>", b"<itemSet>" + CARRIER.encode(), 1)
    [story] = parse_wire(combined, "combined.xml")
    [photo] = story.photos
    assert photo.caption == (
        "Florian David Fitz kommt am 16.11.2017 in Berlin zur 69. Verleihung des Medienpreises "
        "Bambi."
    )
    assert photo.credit == "Jörg Carstensen/dpa"
    assert photo.url == "urn_binary_dpa_com_20090101_171117-90-000086-FILED.jpeg"


@pytest.mark.shared
def test_dpa_picture_date_only_content_created(wire_samples):
    name = "urn_newsml_dpa.com_20090101_171117-90-000086.xml"
    data = (wire_samples / "newsml-g2" / name).read_bytes()
    as_text = data.replace(b'qcode="ninat:picture"', b'qcode="ninat:text"')
    [story] = parse_wire(as_text, name)
    assert story.published_at == datetime(2017, 11, 16, tzinfo=ZoneInfo(settings.TIME_ZONE))
    assert story.credits == [ParsedCredit("Jörg Carstensen", "person")]
    assert story.dateline == ""  # located literal="poiID" is a placeholder
