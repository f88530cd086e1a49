"""The page-text parser on copy written for these tests (no database, no HTTP)."""

from datetime import date

import pytest

from articles.wire.formats import detect_format, parse_wire
from articles.wire.pagetext import parse
from articles.wire.story import WireError
from tests.pagetext import page_text


def test_header_fields_are_read():
    story = parse(page_text("Wheat prices ease", section="business", on=date(2024, 3, 5)))
    assert story.headline == "Wheat prices ease"
    assert story.section == "business"
    assert story.published_at.isoformat() == "2024-03-05T00:00:00+05:00"
    assert [c.name for c in story.credits] == ["APP"]


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Sara Khan & Ali Raza", ["Sara Khan", "Ali Raza"]),
        ("Sara Khan and Ali Raza", ["Sara Khan", "Ali Raza"]),
        ("Web Desk", ["Web Desk"]),
    ],
)
def test_byline_splits_on_ampersand_and_and(byline, names):
    assert [c.name for c in parse(page_text("Story", byline=byline)).credits] == names


def test_photos_highlights_subheadings_and_paragraphs():
    story = parse(
        page_text(
            "Floods recede",
            lead_photo="Boats on a flooded street. — Reuters/File",
            highlights=["Water level down two metres.", "Schools reopen Monday."],
            paragraphs=[
                "The river fell overnight.",
                "‘Back to work’",
                "Shops opened in the afternoon.",
                ("photo", "Traders clear mud from a shop. — Staff photo"),
                "More rain is forecast.",
            ],
        )
    )
    assert story.highlights == ["Water level down two metres.", "Schools reopen Monday."]
    assert [(p.caption, p.credit, p.body_position) for p in story.photos] == [
        ("Boats on a flooded street.", "Reuters/File", None),
        ("Traders clear mud from a shop.", "Staff photo", 3),
    ]
    assert story.body_html.split("\n") == [
        "<p>The river fell overnight.</p>",
        "<h2>Back to work</h2>",
        "<p>Shops opened in the afternoon.</p>",
        "<p>More rain is forecast.</p>",
    ]


def test_quoted_sentence_is_a_paragraph_not_a_subheading():
    quote = "“We will rebuild every house,” the minister said."
    story = parse(page_text("Rebuilding", paragraphs=[quote, "Short line without stop"]))
    assert story.body_html.split("\n") == [
        "<p>“We will rebuild every house,” the minister said.</p>",
        "<h2>Short line without stop</h2>",
    ]


def test_related_headlines_are_deduplicated_in_order():
    story = parse(page_text("Main", related=["Second story", "Third story", "Second story"]))
    assert story.related_headlines == ["Second story", "Third story"]
    assert story.section_name == "Pakistan"


def test_text_is_normalised():
    raw = page_text("Spaced\u00a0  headline  ", paragraphs=["One\u00a0\u00a0two  three. "])
    story = parse(b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n"))
    assert story.headline == "Spaced headline"
    assert story.body_html == "<p>One two three.</p>"


def test_text_is_escaped_into_html():
    story = parse(page_text("Tags", paragraphs=["Use <b>bold</b> & <script>x</script>."]))
    assert (
        story.body_html
        == "<p>Use &lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;.</p>"
    )


def test_same_content_has_same_hash_whatever_the_file_name():
    first = parse(page_text("Same"), name="a.txt")
    again = parse(page_text("Same").replace(b"\n", b"\r\n"), name="b.txt")
    changed = parse(page_text("Same", paragraphs=["Corrected text."]), name="a.txt")
    assert first.content_hash() == again.content_hash()
    assert first.content_hash() != changed.content_hash()
    assert first.source_ref == again.source_ref == changed.source_ref


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b" \n\t\n\xc2\xa0\n", "the file holds only white space"),
        (b"pakistan\nMonday Jan 09 2023\nBy\nAPP\n\nCaf\xe9\n", "not valid UTF-8 (byte 0xE9"),
        (b"pakistan\nMonday Jan 09 2023\nBy\nAPP\n", "missing the headline"),
        (
            b"pakistan\nSomeday Feb 30 2023\nBy\nAPP\n\nHeadline\n",
            "unreadable date 'Someday Feb 30",
        ),
        (b"pakistan\nMonday Feb 30 2023\nBy\nAPP\n\nHeadline\n", "impossible or unreadable date"),
        (b"This is a sentence, not a section.\nMonday Jan 09 2023\n", "expected a section name"),
        (b'{"uri": "x", "headline": ', "invalid JSON"),
        (b"<rss><channel/></rss>", "XML with root <rss> is not a known wire format"),
    ],
)
def test_bad_copy_gets_one_clear_line(data, message):
    with pytest.raises(WireError) as error:
        parse_wire(data, "x.txt")
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_detects_formats_by_content():
    assert detect_format(page_text("Anything")) == "page-text"
    assert detect_format(b'  {"uri": "urn:x", "headlines": []}') == "ninjs"
    assert (
        detect_format(
            b'<?xml version="1.0"?><newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"/>'
        )
        == "newsml-g2"
    )


def test_entity_declarations_are_refused_but_external_doctype_is_not():
    bomb = b'<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY a "aaaa">]><nitf>&a;</nitf>'
    with pytest.raises(WireError, match="declares entities"):
        parse_wire(bomb)
    external = (
        b'<?xml version="1.0"?><!DOCTYPE nitf SYSTEM "http://example.invalid/nitf.dtd"><nitf/>'
    )
    assert detect_format(external) == "nitf"


def test_wrong_weekday_and_missing_body_are_refused():
    with pytest.raises(WireError, match=r"wrong weekday \(it was a Tuesday\)"):
        parse(page_text("x").replace(b"Tuesday Mar 05 2024", b"Monday Mar 05 2024"))
    with pytest.raises(WireError, match="no body text"):
        parse(page_text("Headline only", paragraphs=[]))


def test_a_repeated_bullet_is_a_highlight_not_a_photo():
    story = parse(page_text("Story", highlights=["Same point.", "Same point."]))
    assert story.photos == []
    assert story.highlights == ["Same point.", "Same point."]


def test_urdu_sentence_is_a_paragraph():
    story = parse(page_text("Story", paragraphs=["کراچی میں آج بارش ہوئی۔"]))
    assert story.body_html == "<p>کراچی میں آج بارش ہوئی۔</p>"


def test_quoted_doctype_cannot_hide_an_entity_declaration():
    sneaky = (
        b'<!DOCTYPE nitf SYSTEM "a>b.dtd" [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b"<nitf><hl1>&xxe;</hl1></nitf>"
    )
    with pytest.raises(WireError, match=r"declares entities \(xxe\)"):
        parse_wire(sneaky)
