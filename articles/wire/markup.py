"""Wire markup as our structural HTML: paragraphs, ``<h2>`` subheadings, lists, quotes, emphasis
and http(s) links, nothing else.

Two readers share one vocabulary. ``structural_html`` reads HTML as text, tag soup included
(ninjs and AP bodies). ``BlockWriter`` walks an XML body: NITF's ``body.content``, or the XHTML
and NITF that NewsML-G2 and NewsML 1.2 carry; NITF's own media and notes are read by its
subclass in nitf_body. Both drop the wire's furniture, which repeats the metadata or is no text.
"""

import re
from html import escape, unescape
from html.parser import HTMLParser

from articles.text import fold_spaces, headline_key

from .common import text_paragraphs
from .safexml import element_text, tag_name

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6", "hl1", "hl2"}
# Bylines, datelines, teasers and slug lines marked by class (dpa, TT): they repeat the metadata.
FURNITURE_CLASSES = {"dat", "dateline", "byline", "vignette", "teaser", "genre", "slugline"}
SAFE_HREF = re.compile(r"https?://\S", re.IGNORECASE)


def safe_href(href):
    return bool(SAFE_HREF.match((href or "").strip()))


def link_html(href, inner):
    return f'<a href="{escape(href.strip())}">{inner}</a>'


def repeats_headline(html, headline):
    """Whether markup (a subheading) says no more than the headline."""
    key = headline_key(headline)
    return bool(key) and headline_key(unescape(re.sub(r"<[^>]+>", "", html))) == key


def html_text(html):
    """Plain text of an HTML fragment (wire wrappers dropped as in bodies); "" for a non-string."""
    if not isinstance(html, str):
        return ""
    text = re.sub(r"</?(?:strong|em|a|sub|sup)\b[^>]*>", "", structural_html(html))
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", text)).split())


def list_items(html):
    """The points of an HTML list (or, without one, its blocks), as plain text in order."""
    blocks = structural_html(html).split("\n")
    items = [item for block in blocks for item in re.findall(r"<li>(.*?)</li>", block)]
    return [text for text in map(html_text, items or blocks) if text]


# HTML as text. The wire's own wrappers go together with their content: head and title, TT's
# dateline block (<div class="dat">), bylines and figures (photos come from the metadata); a
# heading that repeats the headline goes too.
BLOCKS = {"p", "h2", "ul", "ol", "li", "blockquote", "table", "thead", "tbody", "tr", "th", "td"}
TEXT_HOLDERS = {"p", "h2", "li", "blockquote", "th", "td"}
INLINE = {"strong": "strong", "b": "strong", "em": "em", "i": "em", "sub": "sub", "sup": "sup"}
CONTAINERS = {"div", "section", "article", "main", "header", "footer", "aside", "body", "html"}
DROPPED = {
    "head", "title", "script", "style", "figure", "figcaption", "picture", "video", "audio",
    "iframe", "object", "noscript", "template", "svg", "math", "form", "select", "textarea",
    "dateline", "byline",
}  # fmt: skip
CDATA = re.compile(r"<!\[CDATA\[(?P<text>.*?)\]\]>", re.DOTALL)
EMPTY_ELEMENT = re.compile(r"<(p|h2|li|blockquote|strong|em|sub|sup|a|ul|ol)\b[^>]*>\s*</\1>")
BLOCK_EDGE_SPACE = [
    (re.compile(r"(<(?:p|h2|li|blockquote|td|th)>)(?:\s|<br>)+"), r"\1"),
    (re.compile(r"(?:\s|<br>)+(</(?:p|h2|li|blockquote|td|th)>)"), r"\1"),
    (re.compile(r"\n\s*\n+"), "\n"),
]


def structural_html(html, headline=""):
    # Marked sections other than CDATA trip HTMLParser's assertions; CDATA is plain text.
    html = CDATA.sub(lambda match: escape(match["text"], quote=False), html)
    builder = _StructuralHTML(headline)
    builder.feed(html.replace("<![", "&lt;!["))
    builder.close()
    return builder.result()


class _StructuralHTML(HTMLParser):
    """Rebuilds wire HTML from its structure only: paragraphs, <h2> subheadings, lists,
    quotes, emphasis and http(s) links; stray text is wrapped in a paragraph."""

    def __init__(self, headline):
        super().__init__(convert_charrefs=True)
        self.headline = headline
        self.out, self.open = [], []
        self.skip_tag, self.skip_depth, self.heading_at = None, 0, 0

    def handle_starttag(self, tag, attrs):
        if self.skip_tag:
            self.skip_depth += tag == self.skip_tag
            return
        attributes = {key: value or "" for key, value in attrs}
        if tag in DROPPED or set(attributes.get("class", "").lower().split()) & FURNITURE_CLASSES:
            self.skip_tag, self.skip_depth = tag, 1
        elif tag == "br" and any(name in TEXT_HOLDERS for name in self.open):
            self.out.append("<br>")
        elif tag in HEADINGS or tag in BLOCKS:
            if self.open and self.open[-1] in ("p", "h2"):
                self._close_to(self.open[-1])
            name = "h2" if tag in HEADINGS else tag
            self.heading_at = len(self.out) if name == "h2" else self.heading_at
            self._open(name, f"<{name}>")
        elif tag in INLINE or (tag == "a" and safe_href(attributes.get("href", ""))):
            self._ensure_paragraph()
            href = escape(attributes.get("href", "").strip())
            self._open(INLINE.get(tag, tag), f'<a href="{href}">' if tag == "a" else None)
        elif tag in CONTAINERS and self.open and self.open[-1] == "p":
            self._close_to("p")

    def handle_endtag(self, tag):
        if self.skip_tag:
            self.skip_depth -= tag == self.skip_tag
            self.skip_tag = self.skip_tag if self.skip_depth else None
            return
        name = "h2" if tag in HEADINGS else INLINE.get(tag, tag)
        if name in self.open:
            self._close_to(name)
            heading = "".join(self.out[self.heading_at :]) if name == "h2" else ""
            if heading and repeats_headline(heading, self.headline):
                del self.out[self.heading_at :]
        elif tag in CONTAINERS and self.open and self.open[-1] == "p":
            self._close_to("p")

    def handle_data(self, data):
        if self.skip_tag:
            return
        text = re.sub(r"\s+", " ", data)
        if not any(name in TEXT_HOLDERS for name in self.open):
            if not text.strip():
                return
            self._ensure_paragraph()
        self.out.append(escape(text, quote=False))

    def close(self):
        super().close()
        while self.open:
            self._close_to(self.open[-1])

    def result(self):
        html = "".join(self.out)
        while (cleaner := EMPTY_ELEMENT.sub("", html)) != html:
            html = cleaner
        for pattern, replacement in BLOCK_EDGE_SPACE:
            html = pattern.sub(replacement, html)
        return html.strip()

    def _open(self, name, markup=None):
        if not self.open and self.out:
            self.out.append("\n")
        self.open.append(name)
        self.out.append(markup or f"<{name}>")

    def _ensure_paragraph(self):
        if not self.open:
            self._open("p")

    def _close_to(self, name):
        while self.open:
            closing = self.open.pop()
            self.out.append(f"</{closing}>")
            if closing == name:
                return


# XML bodies. Inline markup other than links is dropped; NITF's block names (hl2, bq, block, fn)
# are read beside XHTML's, since NewsML-G2 and NewsML 1.2 carry either.
TREE_CONTAINERS = {"html", "body", "body.content", "block", "div", "section", "article", "main"}
TREE_SKIPPED = {
    "head", "title", "meta", "script", "style", "header", "body.head", "body.end", "dateline",
    "byline", "figure", "img", "object", "iframe", "media", "hr", "br",
}  # fmt: skip
LIST_ITEMS = ("li", "dt", "dd")
BR = object()  # marks a <br> among the pieces of a paragraph
DECORATED_HEADING = re.compile(r"^[-–—]\s*(?P<text>.+?)\s*[-–—]$")  # AFP's "- Media offices -"


class BlockWriter:
    """Structural HTML blocks (``self.blocks``) from an XML body, walked with ``walk``.

    ``quote``: whether quotation marks are escaped too; NITF's output always had them escaped
    and NewsML-G2's never, and a story's content hash depends on it.
    """

    def __init__(self, *, quote=True):
        self.quote = quote
        self.blocks = []
        self.first_paragraph = ""  # plain text, for finding a dateline in the lead
        self.lede_text = ""  # set when the first paragraph is marked as the lede (NTB)

    def walk(self, container):
        if container.text and container.text.strip():
            if tag_name(container) not in TREE_CONTAINERS:
                self.paragraph(container)  # a quote or note written as bare text
                return
            self.text_blocks(container.text)
        for child in container:
            if isinstance(child.tag, str):
                self.block(child)
            self.text_blocks(child.tail)

    def block(self, element):
        name = tag_name(element)
        if self.skipped(element):
            return
        if name in ("p", "fn"):
            self.paragraph(element)
        elif name in HEADINGS:
            heading = self.inline_html(element)
            decorated = DECORATED_HEADING.match(heading)
            if heading := decorated["text"] if decorated else heading:
                self.blocks.append(f"<h2>{heading}</h2>")
        elif name in ("ul", "ol", "dl"):
            items = [self.inline_html(item) for item in element if tag_name(item) in LIST_ITEMS]
            if items := "".join(f"<li>{item}</li>" for item in items if item):
                kind = "ol" if name == "ol" else "ul"
                self.blocks.append(f"<{kind}>{items}</{kind}>")
        elif name in ("bq", "blockquote"):
            inner = type(self)(quote=self.quote)
            inner.walk(element)
            if inner.blocks:
                self.blocks.append("<blockquote>" + "".join(inner.blocks) + "</blockquote>")
        elif name == "table":
            for row in (row for row in element.iter() if tag_name(row) == "tr"):
                cells = [element_text(cell) for cell in row if tag_name(cell) in ("td", "th")]
                if any(cells):
                    self.blocks.append(f"<p>{self.escape(' | '.join(cells))}</p>")
        elif name == "pre":
            for line in "".join(element.itertext()).splitlines():
                self.text_blocks(line)
        elif name in TREE_CONTAINERS or len(element):
            self.walk(element)
        else:
            self.text_blocks(element_text(element))

    def text_blocks(self, text):
        self.blocks += [f"<p>{self.escape(part)}</p>" for part in text_paragraphs(text)]

    def paragraph(self, element):
        paragraphs = self.paragraphs(element)
        if not paragraphs:
            return
        self.first_paragraph = self.first_paragraph or element_text(element)
        if not self.blocks and _is_lede(element):
            self.lede_text = element_text(element)
        if heading := self.heading_in(element, paragraphs):
            self.blocks.append(f"<h2>{self.escape(heading)}</h2>")
        else:
            self.blocks.extend(f"<p>{paragraph}</p>" for paragraph in paragraphs)

    def paragraphs(self, element):
        """The paragraphs of one ``<p>``: a blank line, or two ``<br>``, parts them."""
        markup = "".join("\n" if piece is BR else piece for piece in self.inline_pieces(element))
        return text_paragraphs(markup)

    def heading_in(self, element, paragraphs):
        """The text of a paragraph that is really a subheading; "" for a paragraph."""
        return ""

    def inline_pieces(self, element, pieces=None):
        """Escaped text, http(s) links and BR marks; other inline markup keeps only its text."""
        pieces = [] if pieces is None else pieces
        if element.text:
            pieces.append(self.escape(element.text))
        for child in element:
            name = tag_name(child)
            if name == "br":
                pieces.append(BR)
            elif name == "a" and safe_href(child.get("href")):
                if inner := self.inline_html(child):
                    pieces.append(link_html(child.get("href"), inner))
            elif name and not self.skipped(child):
                self.inline_pieces(child, pieces)
            if child.tail:
                pieces.append(self.escape(child.tail))
        return pieces

    def inline_html(self, element):
        text = "".join(" " if piece is BR else piece for piece in self.inline_pieces(element))
        return fold_spaces(text.replace("\n", " "))

    def skipped(self, element):
        classes = set((element.get("class") or "").lower().split())
        return tag_name(element) in TREE_SKIPPED or bool(classes & FURNITURE_CLASSES)

    def escape(self, text):
        return escape(text, quote=self.quote)


def _is_lede(element):
    return element.get("lede") == "true" or "lead" in (element.get("class") or "").split()
