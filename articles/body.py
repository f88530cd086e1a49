"""Splitting a sanitised article body into top-level blocks, so photos can sit between them."""

from dataclasses import dataclass, field

import lxml.html
from django.utils.html import escape
from django.utils.safestring import mark_safe


@dataclass
class BodyBlock:
    """A run of the body's blocks (their HTML joined) and the inline photos standing before it."""

    html: str
    photos_before: list = field(default_factory=list)


def split_blocks(html):
    """Top-level elements of a body fragment as HTML strings; stray text becomes a paragraph."""
    return _blocks(_fragments(html))


def _fragments(html):
    """The body's top-level elements, with any text before the first as a string."""
    if not html or not html.strip():
        return []
    return lxml.html.fragments_fromstring(html)


def _blocks(fragments):
    blocks = []
    for part in fragments:
        if isinstance(part, str):
            if part.strip():
                blocks.append(f"<p>{escape(part.strip())}</p>")
            continue
        tail = part.tail
        part.tail = None
        blocks.append(lxml.html.tostring(part, encoding="unicode"))
        if tail and tail.strip():
            blocks.append(f"<p>{escape(tail.strip())}</p>")
    return blocks


def _stray_text(fragments):
    """True when text stands outside the elements, which ``_blocks`` wraps in paragraphs."""
    return any(isinstance(part, str) or (part.tail and part.tail.strip()) for part in fragments)


def interleave_photos(html, photos):
    """The body in runs of blocks, each run with the inline photos that stand before it;
    leftovers go last.

    ``photos`` are ImageCaption rows with a ``body_position`` (the block they stand before).
    Blocks with no photo between them make one run, so a page loops once a photo, not once a
    paragraph. The body was sanitised on save, which is what makes marking the runs safe here.
    With no photo to place and no stray text to wrap, the body is its own one run, as stored:
    its blocks are not written out again one by one (2% of an article page's work).
    """
    fragments = _fragments(html)
    if not photos and fragments and not _stray_text(fragments):
        return [BodyBlock(mark_safe(html))]  # noqa: S308
    blocks = _blocks(fragments)
    before, trailing = {}, []
    for photo in photos:
        position = photo.body_position
        if position is not None and position < len(blocks):
            before.setdefault(position, []).append(photo)
        else:
            trailing.append(photo)
    runs = []
    for position, block in enumerate(blocks):
        if not runs or position in before:
            runs.append(([], before.get(position, [])))
        runs[-1][0].append(block)
    body = [BodyBlock(mark_safe("\n".join(run)), before) for run, before in runs]  # noqa: S308
    if trailing:
        body.append(BodyBlock(mark_safe(""), trailing))
    return body
