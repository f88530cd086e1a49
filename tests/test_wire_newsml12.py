"""The NewsML 1.2 parser: invented copy for the mapping rules, then every shared sample."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from articles.wire.formats import detect_format, parse_wire
from articles.wire.newsml12 import parse, parse_many
from articles.wire.story import CANCELED, USABLE, WITHHELD, ParsedLink, WireError

IDENTIFIER = """<NewsIdentifier><ProviderId>xyz.example</ProviderId><DateId>20240305</DateId>
  <NewsItemId>PORT-42</NewsItemId><RevisionId PreviousRevision="{previous}" Update="{update}"
  >{revision}</RevisionId>
  <PublicIdentifier>urn:newsml:xyz.example:20240305:PORT-42:{revision}{update_flag}</PublicIdentifier>
</NewsIdentifier>"""


def item(
    *,
    lines="<HeadLine>Harbour reopens</HeadLine>",
    content="<DataContent>Text.</DataContent>",
    management="",
    status="Usable",
    metadata="",
    revision="1",
    previous="0",
    update="N",
    components="",
):
    identifier = IDENTIFIER.format(
        revision=revision,
        previous=previous,
        update=update,
        update_flag="" if update == "N" else update,
    )
    return f"""<NewsItem><Identification>{identifier}</Identification>
  <NewsManagement><NewsItemType FormalName="News"/>
    <FirstCreated>20240305T080000+0000</FirstCreated>
    <ThisRevisionCreated>20240305T093000+0100</ThisRevisionCreated>
    <Status FormalName="{status}"/>{management}</NewsManagement>
  <NewsComponent><NewsLines>{lines}</NewsLines>
    <AdministrativeMetadata><Provider><Party FormalName="XYZ"/></Provider></AdministrativeMetadata>
    <DescriptiveMetadata><Language FormalName="pt"/>{metadata}</DescriptiveMetadata>
    <ContentItem><MediaType FormalName="Text"/>{content}</ContentItem>{components}
  </NewsComponent></NewsItem>"""


def newsml(*items, prolog='<?xml version="1.0" encoding="UTF-8"?>\n'):
    return f'{prolog}<NewsML Version="1.2">{"".join(items or [item()])}</NewsML>'.encode()


NITF_CONTENT = """<DataContent><nitf><body><body.head><dateline><location>PORTO</location>
  </dateline></body.head><body.content><p>The harbour reopened.</p><p/>
  <hl2>- Ships wait -</hl2><p>Pilots said so.</p></body.content></body></nitf></DataContent>"""


def test_full_item_maps_every_field():
    story = parse(
        newsml(
            item(
                lines="""<HeadLine>Harbour reopens</HeadLine>
                  <SubHeadLine>Crews clear it</SubHeadLine>
                  <ByLine>By Ana Lima</ByLine><ByLineTitle>XYZ Sports Writer</ByLineTitle>
                  <DateLine>LISBON, March 5 (XYZ) -</DateLine><CreditLine>XYZ</CreditLine>
                  <KeywordLine>harbour</KeywordLine>""",
                metadata="""<SubjectCode><Subject FormalName="15000000"/></SubjectCode>
                  <SubjectCode><SubjectMatter FormalName="15031000"/></SubjectCode>
                  <Property FormalName="Keyword" Value="Lisbon"/>
                  <Property FormalName="Keyword" Value="Ana Lima" Role="PersonInImage"/>""",
                content=NITF_CONTENT,
                revision="3",
                previous="2",
            )
        ),
        "port.xml",
    )
    assert story.format == "newsml-1.2"
    assert (story.source_ref, story.source_version) == (
        "urn:newsml:xyz.example:20240305:PORT-42",
        "3",
    )
    assert (story.headline, story.summary) == ("Harbour reopens", "Crews clear it")
    assert [(c.name, c.kind, c.role) for c in story.credits] == [
        ("Ana Lima", "person", "XYZ Sports Writer")
    ]
    assert (story.dateline, story.language, story.provider) == ("LISBON", "pt", "XYZ")
    assert story.tags == ["harbour", "Lisbon", "Sport"]
    assert story.section == "sports"
    assert story.published_at == datetime(2024, 3, 5, 8, 0, tzinfo=UTC)
    assert story.version_created == datetime(2024, 3, 5, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    assert story.body_html.split("\n") == [
        "<p>The harbour reopened.</p>",
        "<h2>Ships wait</h2>",
        "<p>Pilots said so.</p>",
    ]
    assert (story.pubstatus, story.embargo_until) == (USABLE, None)
    assert (story.editor_note, story.correction_note, story.replaces) == ("", "", [])
    assert story.source_name == "port.xml"


def test_nitf_dateline_and_creditline_are_fallbacks():
    story = parse(
        newsml(
            item(lines="<HeadLine>H</HeadLine><CreditLine>Kyodo</CreditLine>", content=NITF_CONTENT)
        )
    )
    assert story.dateline == "PORTO"
    assert [(c.name, c.kind) for c in story.credits] == [("Kyodo", "agency")]


def test_creator_parties_are_the_byline_when_there_is_none():
    creator = '<Creator><Party FormalName="Ana Lima with Tom Berg in Porto "/></Creator>'
    data = newsml(item()).replace(b"</Provider>", b"</Provider>" + creator.encode())
    assert [c.name for c in parse(data).credits] == ["Ana Lima", "Tom Berg"]


@pytest.mark.parametrize(("status", "expected"), [("Canceled", CANCELED), ("Withheld", WITHHELD)])
def test_status(status, expected):
    assert parse(newsml(item(status=status))).pubstatus == expected


def test_embargoed_until_the_status_will_change():
    change = """<StatusWillChange><FutureStatus FormalName="Usable"/>
      <DateAndTime>20240306T060000Z</DateAndTime></StatusWillChange>"""
    story = parse(newsml(item(status="Embargoed", management=change)))
    assert (story.pubstatus, story.embargo_until) == (
        USABLE,
        datetime(2024, 3, 6, 6, 0, tzinfo=UTC),
    )
    held = parse(newsml(item(status="Embargoed")))
    assert (held.pubstatus, held.embargo_until) == (WITHHELD, None)


def advisory(text):
    return f"""<HeadLine>Harbour reopens</HeadLine>
      <NewsLine><NewsLineType FormalName="AdvisoryLine"/>
      <NewsLineText>{text}</NewsLineText></NewsLine>"""


ASSOCIATED = '<AssociatedWith NewsItem="urn:newsml:xyz.example:20240301:PORT-40:2"/>'


def test_update_advisory_is_an_editor_note_and_the_association_is_related():
    story = parse(newsml(item(lines=advisory("UPDATES with ferry times"), management=ASSOCIATED)))
    assert story.editor_note == "UPDATES with ferry times"
    assert story.correction_note == ""
    assert story.replaces == []  # another item: replacing it would overwrite that story
    assert story.related == [ParsedLink(ref="urn:newsml:xyz.example:20240301:PORT-40")]


def test_correction_advisory_and_plain_association():
    story = parse(newsml(item(lines=advisory("CORRECTS name in 3rd para"), management=ASSOCIATED)))
    assert story.correction_note == "CORRECTS name in 3rd para"
    assert story.replaces == []
    assert story.related == [ParsedLink(ref="urn:newsml:xyz.example:20240301:PORT-40")]


def test_an_update_associated_with_a_whole_earlier_item_relates_to_it_only():
    whole = '<AssociatedWith NewsItem="urn:newsml:xyz.example:20240301:doc-9x"/>'
    story = parse(newsml(item(lines=advisory("UPDATES with ferry times"), management=whole)))
    assert story.replaces == []  # replacing it would overwrite that other story
    assert story.related == [ParsedLink(ref="urn:newsml:xyz.example:20240301:doc-9x")]


def test_not_for_publication_advisory_is_withheld():
    assert parse(newsml(item(lines=advisory("Not for publication: test")))).pubstatus == WITHHELD


def test_corrected_headline_and_update_revision_flag():
    story = parse(
        newsml(
            item(lines="<HeadLine>CORRECTED-Harbour reopens</HeadLine>", update="U", revision="2")
        )
    )
    assert (story.headline, story.correction_note) == ("Harbour reopens", "Corrected version.")
    assert (story.source_ref, story.source_version) == (
        "urn:newsml:xyz.example:20240305:PORT-42",
        "2",
    )


def test_identity_is_built_without_a_public_identifier():
    data = (
        newsml(item())
        .replace(b"<PublicIdentifier>", b"<!--")
        .replace(b"</PublicIdentifier>", b"-->")
    )
    assert parse(data).source_ref == "urn:newsml:xyz.example:20240305:PORT-42"


def test_plain_text_content_and_lead_dateline():
    text = (
        "<DataContent>\n  PORTO (XYZ) - The harbour reopened.\n\n  Pilots said so.\n</DataContent>"
    )
    story = parse(newsml(item(lines="<HeadLine>H</HeadLine>", content=text)))
    assert story.body_html == "<p>PORTO (XYZ) - The harbour reopened.</p>\n<p>Pilots said so.</p>"
    assert story.dateline == "PORTO"


XHTML = '<html xmlns="http://www.w3.org/1999/xhtml"><head><title/></head><body>{}</body></html>'


def component(role, content):
    return f"""<NewsComponent><Role FormalName="{role}"/><ContentItem>
      <Format FormalName="XHTML"/><DataContent>{content}</DataContent></ContentItem>
      </NewsComponent>"""


def test_components_xhtml_body_contact_logo_and_stylesheet():
    components = "".join(
        [
            component("StyleSheet", ".x {color: red}"),
            component("HeadLine", XHTML.format("<p><b>Harbour reopens</b></p>")),
            """<NewsComponent><Role FormalName="Logo"/>
              <ContentItem Href="https://logo.example/l.jpg"><MimeType FormalName="image/jpeg"/>
              </ContentItem></NewsComponent>""",
            component("Contact", XHTML.format("<p>Port office<br/>Rita Reis, 555-0100</p>")),
            component(
                "Body",
                XHTML.format(
                    '<p>(XYZ)--The harbour <a href="https://port.example/">reopened</a>.</p>'
                    "<p><b>About the port</b></p><p><i>It is old.</i></p><p/>"
                ),
            ),
        ]
    )
    data = newsml(item(content="", components=components))
    story = parse(data.replace(b'<ContentItem><MediaType FormalName="Text"/></ContentItem>', b""))
    assert story.body_html.split("\n") == [
        '<p>(XYZ)--The harbour <a href="https://port.example/">reopened</a>.</p>',
        "<h2>About the port</h2>",
        "<p>It is old.</p>",
    ]
    assert story.editor_note == "Contact: Port office; Rita Reis, 555-0100"
    assert story.photos == []


def test_photo_component_with_caption_and_renditions():
    photo = """<NewsComponent>
      <NewsLines><HeadLine>Tugs</HeadLine><CreditLine>XYZ/Rui Sousa</CreditLine></NewsLines>
      <NewsComponent><Role FormalName="Caption"/>
        <ContentItem><DataContent>Tugs clear the channel.</DataContent></ContentItem>
      </NewsComponent>
      <NewsComponent><Role FormalName="Quicklook"/><ContentItem Href="https://img.example/q.jpg">
        <MediaType FormalName="Photo"/><Characteristics><Property FormalName="Width" Value="300"/>
        <Property FormalName="Height" Value="200"/></Characteristics></ContentItem></NewsComponent>
      <NewsComponent><Role FormalName="HighRes"/><ContentItem Href="https://img.example/h.jpg">
        <MediaType FormalName="Photo"/><Characteristics><Property FormalName="Width" Value="3000"/>
        <Property FormalName="Height" Value="2000"/></Characteristics></ContentItem></NewsComponent>
    </NewsComponent>"""
    [picture] = parse(newsml(item(components=photo))).photos
    assert (picture.caption, picture.credit, picture.alt_text, picture.url) == (
        "Tugs clear the channel.",
        "XYZ/Rui Sousa",
        "Tugs clear the channel.",
        "https://img.example/h.jpg",
    )


def test_bare_photo_components_never_take_the_story_headline():
    photos = """<NewsComponent><Role FormalName="Photo"/>
        <ContentItem Href="https://img.example/bare.jpg"><MimeType FormalName="image/jpeg"/>
        </ContentItem></NewsComponent>
      <NewsComponent><NewsLines><HeadLine>Quay at dusk. Foto: Kari Nes / XYZ</HeadLine></NewsLines>
        <ContentItem Href="https://img.example/quay.jpg"><MediaType FormalName="Photo"/>
        </ContentItem></NewsComponent>"""
    story = parse(newsml(item(components=photos)))
    assert [(p.caption, p.credit, p.url) for p in story.photos] == [
        ("", "", "https://img.example/bare.jpg"),
        ("Quay at dusk.", "Kari Nes / XYZ", "https://img.example/quay.jpg"),
    ]
    assert story.headline == "Harbour reopens"


def test_every_news_item_is_a_story():
    second = item(lines="<HeadLine>Second story</HeadLine>").replace("PORT-42", "PORT-43")
    stories = parse_wire(newsml(item(), second), "two.xml")
    assert [(s.headline, s.source_ref.rsplit(":", 1)[1]) for s in stories] == [
        ("Harbour reopens", "PORT-42"),
        ("Second story", "PORT-43"),
    ]


def test_doctype_with_external_dtd_and_parameter_entity_is_accepted():
    prolog = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE NewsML PUBLIC "urn:newsml:iptc.org:20001006:NewsMLv1.0.dtd:1" "../DTD/NewsMLv1.0.dtd" [
  <!ENTITY % nitf SYSTEM "../nitf/dtd/nitf-3-0.dtd">
  %nitf;
]>
"""
    data = newsml(item(), prolog=prolog)
    assert detect_format(data) == "newsml-1.2"
    assert parse(data).headline == "Harbour reopens"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<NewsML/>", "NewsML 1.2 file has no NewsItem"),
        (newsml(item(lines="<SlugLine>port</SlugLine>")), "NewsML 1.2 NewsItem has no HeadLine"),
        (
            b"<NewsML><NewsItem/></NewsML>",
            "NewsML 1.2 NewsItem has no Identification/NewsIdentifier",
        ),
        (b"<nitf/>", "not NewsML 1.2: the root element is <nitf>"),
        (
            newsml(item()).replace(b"20240305T080000+0000", b"soon"),
            "FirstCreated 'soon' is not a date",
        ),
        (
            b'<!DOCTYPE NewsML [<!ENTITY x SYSTEM "file:///etc/passwd">]><NewsML>&x;</NewsML>',
            "XML declares entities",
        ),
    ],
)
def test_bad_copy_gives_one_clear_error(data, message):
    with pytest.raises(WireError, match=message):
        parse_many(data)


# The shared samples (SOURCES.md, newsml-1.2/).


def sample(wire_samples, name):
    data = (wire_samples / "newsml-1.2" / name).read_bytes()
    assert detect_format(data) == "newsml-1.2"
    [story] = parse_wire(data, name)
    return story


@pytest.mark.shared
def test_every_newsml12_sample_is_detected_and_parsed(wire_samples):
    names = sorted(path.name for path in (wire_samples / "newsml-1.2").glob("*.xml"))
    assert names == [
        "afp.com_newsml1.2_sample.xml",
        "businesswire-newsml-20130605006126.xml",
        "kyodo_newsml_1_2_belga.xml",
    ]
    for name in names:
        assert sample(wire_samples, name).format == "newsml-1.2"


@pytest.mark.shared
def test_afp_sample(wire_samples):
    story = sample(wire_samples, "afp.com_newsml1.2_sample.xml")
    assert (story.source_ref, story.source_version) == (
        "urn:newsml:afp.com:20210516T080625Z:TX-PAR-WGF71",
        "1",
    )
    assert story.headline == "Israel strikes key Hamas targets as UN Security Council to meet"
    assert [(c.name, c.kind) for c in story.credits] == [
        ("Adel Zaanoun", "person"),
        ("Guillaume Lavallee", "person"),
    ]
    assert story.dateline == "Gaza City, Palestinian Territories"
    assert (story.language, story.provider) == ("en", "AFP")
    assert story.editor_note == (
        "RECASTS with attack on Hamas targets, RAISES Gaza death toll, UPDATES throughout"
    )
    assert story.correction_note == ""
    # AssociatedWith names an earlier, different story: related to it, never overwriting it.
    assert story.replaces == []
    assert story.related == [ParsedLink(ref="urn:newsml:afp.com:20210508T124951Z:doc-99j8na")]
    assert (story.pubstatus, story.embargo_until) == (USABLE, None)
    assert story.published_at == datetime(2021, 5, 16, 8, 6, 25, tzinfo=UTC)
    assert story.tags == [
        "Israel",
        "Palestinians",
        "conflict",
        "Unrest, conflicts and war",
        "Crime, law and justice",
        "Politics",
    ]
    assert "Joe Biden" not in story.tags  # a PersonInImage keyword
    assert story.body_html.count("<h2>") == 3
    assert "<h2>Media offices destroyed</h2>" in story.body_html
    assert story.body_html.count("<p>") == 39
    assert "<p></p>" not in story.body_html
    assert story.body_html.endswith("<p>bur-dar-gl/fz</p>")


@pytest.mark.shared
def test_kyodo_sample(wire_samples):
    story = sample(wire_samples, "kyodo_newsml_1_2_belga.xml")
    assert (story.source_ref, story.source_version) == (
        "urn:newsml:kyodonews.jp:20190723:20161021KW___0003800010",
        "1",
    )
    assert story.headline == "Ex-Chinese Premier Li Peng dies aged 90: Xinhua"
    assert [(c.name, c.kind) for c in story.credits] == [("Kyodo", "agency")]
    assert (story.dateline, story.language, story.provider) == ("BEIJING", "en", "KYODONEWS")
    assert story.published_at == datetime(2019, 7, 23, 11, 21, 19, tzinfo=UTC)
    assert story.tags == ["Social issue", "Politics"]
    assert (story.pubstatus, story.correction_note, story.replaces) == (USABLE, "", [])
    assert story.body_html.startswith("<p>Former Chinese Premier Li Peng, who led")
    assert story.body_html.count("<p>") == 7
    assert story.body_html.endswith("<p>==Kyodo</p>")


@pytest.mark.shared
def test_business_wire_sample(wire_samples):
    story = sample(wire_samples, "businesswire-newsml-20130605006126.xml")
    assert (story.source_ref, story.source_version) == (
        "urn:newsml:businesswire.com:20010714:20130605006126",
        "1",
    )
    assert story.headline == "Cambrios被Gartner評選為「最酷供應商」"
    assert (story.dateline, story.language, story.provider) == (
        "加州桑尼維爾",
        "zh",
        "Business Wire",
    )
    assert story.credits == []
    assert story.editor_note == (
        "Contact: 代表Cambrios Technologies; Monica Smith, 415-397-7600; "
        "cambrios@stearnsjohnson.com"
    )
    assert story.related == [ParsedLink(ref="businesswire.com:20010714:10000001")]
    assert story.replaces == []
    assert story.photos == []  # the logo is not a photo
    assert story.tags[:3] == ["United States", "Technology", "Consumer Electronics"]
    assert len(story.tags) == 13
    assert story.body_html.startswith("<p>(美國商業資訊)--為透明及軟性導體市場提供銀奈米線解決方案")
    assert "<h2>關於Cambrios</h2>" in story.body_html
    assert story.body_html.count("<p>") == 12
    assert ".bwalignc" not in story.body_html
    assert '<a href="http://cts.businesswire.com/ct/CT?id=smartlink&amp;' in story.body_html
