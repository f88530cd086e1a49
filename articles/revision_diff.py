"""Readable diffs between two states of a story, for editors comparing revisions.

Each field becomes a list of blocks (a paragraph of the body, a key point, a photo's caption and
credit, a name in the byline), each kept, added, removed, or changed with its words marked, so
an editor reads what changed rather than a line-by-line dump of HTML. Works on
``revisions.StorySnapshot``s; nothing here writes.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

import lxml.html
from django.utils import timezone
from django.utils.formats import date_format
from taggit.models import Tag, TaggedItem

from articles.body import split_blocks
from articles.models import Agency, Author, Correction, Credit, ImageCaption

SAME, ADDED, REMOVED, CHANGED = "same", "added", "removed", "changed"

# Two paragraphs sharing at least this share of their words read as one paragraph edited;
# below it, as one removed and another added.
SIMILAR = 0.5

HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
TOKENS = re.compile(r" ?(?:\w+|[^\w\s]+)")


@dataclass(frozen=True)
class WordRun:
    change: str  # SAME, ADDED or REMOVED
    text: str
    spaced: bool = False  # a space stands before it


@dataclass(frozen=True)
class Block:
    change: str  # SAME, ADDED, REMOVED or CHANGED
    words: tuple  # of WordRun

    @property
    def text(self):
        """The block as it reads in the newer state (removed words left out)."""
        kept = [run for run in self.words if run.change != REMOVED]
        return "".join((" " if run.spaced else "") + run.text for run in kept).strip()


@dataclass(frozen=True)
class FieldDiff:
    name: str
    label: str
    blocks: tuple

    @property
    def changed(self):
        return any(block.change != SAME for block in self.blocks)

    def having(self, change):
        return [block for block in self.blocks if block.change == change]


def diff_stories(old, new):
    """Every compared field of two snapshots, old → new, unchanged fields included."""
    names = _Names(old, new)
    pairs = [
        ("highlights", "Key points", old.fields["highlights"] or [], new.fields["highlights"]),
        ("body", "Body", body_paragraphs(old.fields["body"]), body_paragraphs(new.fields["body"])),
        ("photos", "Photos (caption — credit)", _photos(old), _photos(new)),
        ("byline", "Byline", names.byline(old), names.byline(new)),
        ("tags", "Tags", names.tags(old), names.tags(new)),
        ("corrections", "Corrections", _corrections(old), _corrections(new)),
    ]
    single = [
        FieldDiff(name, label, diff_text(old.fields[name], new.fields[name]))
        for name, label in (("headline", "Headline"), ("summary", "Summary"))
    ]
    return single + [
        FieldDiff(name, label, tuple(diff_blocks(before, after or [])))
        for name, label, before, after in pairs
    ]


def diff_text(old, new):
    """One block for a one-piece field (headline, summary): an edit is always word by word."""
    if old == new:
        return (Block(SAME, (WordRun(SAME, old),)),) if old else ()
    if old and new:
        return (Block(CHANGED, diff_words(old, new)),)
    if new:
        return (Block(ADDED, (WordRun(ADDED, new),)),)
    return (Block(REMOVED, (WordRun(REMOVED, old),)),)


def body_paragraphs(html):
    """The body as readable text, one item per paragraph, subheading or list item."""
    paragraphs = []
    for block in split_blocks(html):
        element = lxml.html.fragment_fromstring(block, create_parent="div")[0]
        if element.tag in ("ul", "ol"):
            paragraphs += [f"• {_text(item)}" for item in element.iter("li")]
        elif element.tag in HEADINGS:
            paragraphs.append(f"Subheading: {_text(element)}")
        elif _text(element):
            paragraphs.append(_text(element))
    return paragraphs


def diff_blocks(old, new):
    """Blocks for two lists of texts: equal runs kept, edits paired up and diffed word by word."""
    blocks = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            blocks += [Block(SAME, (WordRun(SAME, text),)) for text in old[i1:i2]]
        else:
            blocks += _pair_up(old[i1:i2], new[j1:j2])
    return blocks


def diff_words(old, new):
    """Word runs from ``old`` to ``new``: kept, removed and added words in reading order.

    Punctuation counts apart from its word, so "stall." → "stall over taxes." adds "over taxes"
    rather than swapping one word for three.
    """
    before, after = _tokens(old), _tokens(new)
    runs = []

    def run(change, tokens):
        text = "".join(tokens)
        runs.append(WordRun(change, text.strip(), spaced=text[:1].isspace() and bool(runs)))

    for op, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op == "equal":
            run(SAME, before[i1:i2])
            continue
        if i2 > i1:
            run(REMOVED, before[i1:i2])
        if j2 > j1:
            run(ADDED, after[j1:j2])
    return tuple(runs)


def _tokens(text):
    """Words and runs of punctuation, each with the space before it, if any."""
    return TOKENS.findall(" ".join(text.split()))


def _pair_up(old, new):
    """A replaced stretch: each old text edited into the next similar new one, in order; the
    rest removed or added."""
    blocks, next_new = [], 0
    for text in old:
        match = next(
            (k for k in range(next_new, len(new)) if _similarity(text, new[k]) >= SIMILAR), None
        )
        if match is None:
            blocks.append(Block(REMOVED, (WordRun(REMOVED, text),)))
            continue
        blocks += [Block(ADDED, (WordRun(ADDED, added),)) for added in new[next_new:match]]
        blocks.append(Block(CHANGED, diff_words(text, new[match])))
        next_new = match + 1
    blocks += [Block(ADDED, (WordRun(ADDED, added),)) for added in new[next_new:]]
    return blocks


def _similarity(old, new):
    return SequenceMatcher(None, _tokens(old), _tokens(new), autojunk=False).ratio()


def _text(element):
    return " ".join(element.text_content().split())


def _photos(snapshot):
    lines = []
    for photo in snapshot.rows(ImageCaption):
        caption = " ".join(photo["caption"].split()) or "(no caption)"
        lines.append(f"{caption} — {photo['credit']}" if photo["credit"] else caption)
    return lines


def _corrections(snapshot):
    return [
        f"{date_format(timezone.localtime(row['noted_at']), 'DATE_FORMAT')}: {row['text']}"
        for row in snapshot.rows(Correction)
    ]


class _Names:
    """Names of the people, agencies and tags two snapshots refer to, in three queries."""

    def __init__(self, *snapshots):
        credits = [row for snapshot in snapshots for row in snapshot.rows(Credit)]
        tagged = [row for snapshot in snapshots for row in snapshot.rows(TaggedItem)]
        self.authors = _names(Author, "name", {row["author_id"] for row in credits})
        self.agencies = _names(Agency, "code", {row["agency_id"] for row in credits})
        self.tag_names = _names(Tag, "name", {row["tag_id"] for row in tagged})

    def byline(self, snapshot):
        return [
            self.authors.get(row["author_id"]) or self.agencies.get(row["agency_id"]) or "(gone)"
            for row in snapshot.rows(Credit)
        ]

    def tags(self, snapshot):
        return sorted(
            self.tag_names.get(row["tag_id"], "(gone)") for row in snapshot.rows(TaggedItem)
        )


def _names(model, field, ids):
    ids = {pk for pk in ids if pk is not None}
    return dict(model.objects.filter(pk__in=ids).values_list("pk", field)) if ids else {}
