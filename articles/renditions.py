"""Resized copies of photos for ``srcset``, and what a page needs to show a photo.

Renditions are made with Pillow when a photo is saved (``ImageCaption.save``), not lazily on
first render: a reader's request then never decodes an image or writes to storage, and pages
render from database fields alone. They are WebP files under ``MEDIA_ROOT/renditions/``, named
after the original (``renditions/photos/2026/11/flood-800w.webp``), at the widths of
``NEWSDESK_PHOTO_RENDITION_WIDTHS`` that the original covers, plus one at the original's own
width when it is narrower than the widest: never upscaled.

The photo row records which original its renditions were made from (``rendition_source``):
storage never overwrites a file, so a new upload has a new name, and a save whose image name
differs from that source makes new renditions and drops the old ones. Deleting a photo (or
clearing its image) removes its renditions. Files are only removed once the transaction
commits, so a rolled-back edit never leaves a row pointing at deleted files. Originals are
kept as uploaded (format and bytes), as Django does: a restored revision may still name one.
"""

import io
import logging
import math
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageOps

from articles import freshness

logger = logging.getLogger(__name__)

RENDITION_WIDTHS = (480, 800, 1200)
FOLDER = "renditions"
WEBP_QUALITY = 80
# The story column is --measure (42rem) wide, the viewport below that.
SIZES = "(min-width: 42rem) 42rem, 100vw"
# Formats whose EXIF orientation sits in the header and that browsers rotate by it.
ORIENTED_FORMATS = {"JPEG", "MPO", "WEBP"}
EXIF_ORIENTATION = 0x0112
TURNED = {5, 6, 7, 8}  # orientations that swap width and height

# What can go wrong reading a file that passed upload checks once but may be gone or damaged now.
UNREADABLE = (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError)


@dataclass(frozen=True)
class Picture:
    """A photo as ``<img>`` needs it: all read from the row, nothing from storage."""

    src: str
    srcset: str
    sizes: str
    width: int
    height: int
    alt: str


def rendition_widths():
    return tuple(getattr(settings, "NEWSDESK_PHOTO_RENDITION_WIDTHS", RENDITION_WIDTHS))


def widths_for(original_width):
    """The widths to make for an original this wide: those it covers, else its own width."""
    widths = sorted(width for width in rendition_widths() if width < original_width)
    if original_width <= max(rendition_widths()):
        widths.append(original_width)
    return widths


def rendition_name(source_name, width):
    stem = source_name.rsplit(".", 1)[0]
    return f"{FOLDER}/{stem}-{width}w.webp"


def picture(photo):
    """What ``includes/figure.html`` prints for a photo, or None when it has no usable file.

    A photo without a measured size is one whose file could not be read when it was saved (or
    a row written without its file): it gets no ``<img>``, as a missing file should not.
    """
    if not photo.image or not photo.image_width or not photo.image_height:
        return None
    storage = photo.image.storage
    current = photo.rendition_source == photo.image.name
    srcset = ", ".join(
        f"{storage.url(entry['name'])} {entry['width']}w"
        for entry in (photo.renditions if current else [])
    )
    return Picture(
        src=photo.image.url,
        srcset=srcset,
        sizes=SIZES if srcset else "",
        width=photo.image_width,
        height=photo.image_height,
        alt=photo.alt_text or photo.caption,
    )


def orientation(image):
    if image.format not in ORIENTED_FORMATS:
        return 1
    return image.getexif().get(EXIF_ORIENTATION, 1)


def oriented_size(field_file):
    """(width, height) as a browser shows the file, EXIF rotation applied; None if unreadable.

    Reads the header only. Used for the photo's width and height fields when a file is
    assigned or saved (see ``PhotoImageField``).
    """
    try:
        close = field_file.closed
        field_file.open("rb")
        try:
            field_file.seek(0)
            with Image.open(field_file) as image:
                width, height = image.size
                turned = orientation(image) in TURNED
            field_file.seek(0)
        finally:
            if close:
                field_file.close()
    except UNREADABLE:
        return None
    return (height, width) if turned else (width, height)


def _prepared(image, largest):
    """The image decoded at no more than needed for the widest rendition, upright, RGB(A)."""
    turned = orientation(image) in TURNED
    upright_width = image.height if turned else image.width
    scale = largest / upright_width
    # JPEG decodes straight to a 1/2, 1/4 or 1/8 scale at least this big: far less work.
    image.draft(image.mode, (math.ceil(image.width * scale), math.ceil(image.height * scale)))
    if orientation(image) != 1:
        image = ImageOps.exif_transpose(image)
    transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    return image.convert("RGBA" if transparent else "RGB")


def _encode(image, icc_profile):
    buffer = io.BytesIO()
    options = {"quality": WEBP_QUALITY, "method": 4}
    if icc_profile:
        options["icc_profile"] = icc_profile
    image.save(buffer, "WEBP", **options)
    return ContentFile(buffer.getvalue())


def make_renditions(storage, source_name):
    """Write the renditions of one stored original: ``(size, entries)``.

    ``size`` is the original's upright (width, height); ``entries`` are
    ``{"width", "height", "name"}`` dicts, narrowest first, empty for an animated image
    (a still rendition would lose the animation, so pages use the original). Raises what
    Pillow or storage raise on a missing or damaged file, after removing anything written.
    """
    written = []
    try:
        with storage.open(source_name, "rb") as source, Image.open(source) as image:
            turned = orientation(image) in TURNED
            size = (image.height, image.width) if turned else image.size
            if getattr(image, "is_animated", False) and image.format != "MPO":
                return size, []
            widths = widths_for(size[0])
            icc_profile = image.info.get("icc_profile")
            upright = _prepared(image, max(widths))
            for width in widths:
                height = max(1, round(size[1] * width / size[0]))
                resized = upright.resize(
                    (width, height), Image.Resampling.LANCZOS, reducing_gap=3.0
                )
                name = rendition_name(source_name, width)
                storage.delete(name)  # a leftover of an earlier try: keep the name predictable
                saved = storage.save(name, _encode(resized, icc_profile))
                written.append({"width": width, "height": height, "name": saved})
    except BaseException:
        remove_files(storage, [entry["name"] for entry in written])
        raise
    return size, written


def remove_files(storage, names):
    for name in names:
        storage.delete(name)


def _remove_after_commit(photo, names):
    if names:
        storage = photo.image.storage
        transaction.on_commit(
            lambda: remove_files(storage, names), using=photo._state.db or "default"
        )


def refresh(photo):
    """Bring a saved photo's renditions in line with its image; nothing to do when they are.

    Writes the row with ``update()`` (no second save, no signals) and updates ``photo`` too.
    A file that cannot be read is logged and left without renditions, to be tried again on the
    next save; the page then shows the original, or no ``<img>`` when its size is unknown.
    """
    name = photo.image.name or ""
    if name == photo.rendition_source:
        return
    old = [entry["name"] for entry in photo.renditions]
    fields = {"renditions": [], "rendition_source": name}
    if name:
        try:
            size, fields["renditions"] = make_renditions(photo.image.storage, name)
        except UNREADABLE:
            logger.warning("Photo %s: no renditions, %s cannot be read", photo.pk, name)
            fields["rendition_source"] = ""
        else:
            if not photo.image_width or not photo.image_height:
                fields["image_width"], fields["image_height"] = size
    type(photo)._default_manager.filter(pk=photo.pk).update(**fields)
    freshness.stories_changed([photo.article_id], nav=False)  # srcset changed, no signal sent
    for field, value in fields.items():
        setattr(photo, field, value)
    kept = {entry["name"] for entry in photo.renditions}
    _remove_after_commit(photo, [old_name for old_name in old if old_name not in kept])


def discard(photo):
    """A deleted photo's renditions go once the deletion commits."""
    _remove_after_commit(photo, [entry["name"] for entry in photo.renditions])
