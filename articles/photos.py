"""Photo rules: what an uploaded file must be, and what a photo must carry before publishing.

Uploads are judged by their content, never their name: Pillow must read the file as a JPEG, PNG,
WebP or GIF within the size and pixel limits (``NEWSDESK_PHOTO_MAX_BYTES``, 10 MB, and
``NEWSDESK_PHOTO_MAX_PIXELS``, 40 megapixels, by default), and the stored name then gets the
extension of what the file really is. The original is stored as uploaded, in its own format.
"""

import warnings
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import Truncator
from PIL import Image

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Pillow's names for the allowed formats, with their extensions (the first is the one given to
# a misnamed file) and MIME types. MPO is how Pillow reads many cameras' JPEGs (a JPEG with a
# preview image inside): browsers show it as the JPEG it is.
ALLOWED_FORMATS = {
    "JPEG": ((".jpg", ".jpeg"), "image/jpeg"),
    "MPO": ((".jpg", ".jpeg"), "image/jpeg"),
    "PNG": ((".png",), "image/png"),
    "WEBP": ((".webp",), "image/webp"),
    "GIF": ((".gif",), "image/gif"),
}
ALLOWED_TEXT = "JPEG, PNG, WebP or GIF"
ACCEPT = "image/jpeg,image/png,image/webp,image/gif"


def max_bytes():
    return getattr(settings, "NEWSDESK_PHOTO_MAX_BYTES", MAX_BYTES)


def max_pixels():
    return getattr(settings, "NEWSDESK_PHOTO_MAX_PIXELS", MAX_PIXELS)


def megabytes(size):
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


def megapixels(pixels):
    number = f"{pixels / 1_000_000:.1f}".removesuffix(".0")
    return f"{number} megapixel" if number == "1" else f"{number} megapixels"


def limits_text():
    return f"{ALLOWED_TEXT}; at most {megabytes(max_bytes())} and {megapixels(max_pixels())}"


@dataclass(frozen=True)
class CheckedPhoto:
    format: str  # Pillow's name: JPEG, MPO, PNG, WEBP or GIF
    width: int
    height: int


def _invalid(message, code):
    return ValidationError(message, code=code)


def check_upload(upload):
    """The upload's real format and size, or a ValidationError with one line for the editor.

    The byte limit is checked before Pillow reads anything and the pixel limit from the header
    before any pixel is decoded, so neither a huge file nor a decompression bomb (a small file
    claiming huge dimensions) costs more than its header.
    """
    if upload.size > max_bytes():
        raise _invalid(
            f"This file is {megabytes(upload.size)}; a photo may be at most "
            f"{megabytes(max_bytes())}.",
            "photo_too_large",
        )
    if hasattr(upload, "temporary_file_path"):
        source = upload.temporary_file_path()
    else:
        upload.seek(0)
        source = BytesIO(upload.read())
    not_an_image = _invalid(
        f"This file is not a readable image: upload a {ALLOWED_TEXT} photo.", "invalid_image"
    )
    try:
        with warnings.catch_warnings():
            # Our pixel limit (checked below, before decoding) is stricter than Pillow's warning.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(source)
    except Image.DecompressionBombError as error:
        raise _invalid(
            f"This image claims more than {megapixels(2 * Image.MAX_IMAGE_PIXELS)}; a photo "
            f"may be at most {megapixels(max_pixels())}.",
            "photo_too_many_pixels",
        ) from error
    except Exception as error:
        raise not_an_image from error
    with image:
        if image.format not in ALLOWED_FORMATS:
            raise _invalid(
                f"This is a {image.format} image: a photo must be {ALLOWED_TEXT}.",
                "photo_type",
            )
        width, height = image.size
        if width * height > max_pixels():
            raise _invalid(
                f"This photo is {width} × {height} pixels ({megapixels(width * height)}); "
                f"a photo may be at most {megapixels(max_pixels())}.",
                "photo_too_many_pixels",
            )
        checked = CheckedPhoto(image.format, width, height)
        try:
            # Decoding spots a truncated or corrupt file; JPEGs decode at 1/8 scale for it.
            image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
            image.load()
        except Exception as error:
            raise not_an_image from error
    upload.seek(0)
    return checked


def name_for_format(name, image_format):
    """The upload's name with the extension of what it really is (``photo.jpg`` for a JPEG)."""
    path = PurePath(name)
    extensions = ALLOWED_FORMATS[image_format][0]
    if path.suffix.lower() in extensions:
        return name
    return f"{path.stem}{extensions[0]}"


class PhotoUploadField(forms.ImageField):
    """The image field of every photo form: content checked by ``check_upload``, not the name."""

    default_validators = []  # the name's extension proves nothing; the name is corrected below

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        checked = check_upload(upload)
        upload.name = name_for_format(upload.name, checked.format)
        upload.content_type = ALLOWED_FORMATS[checked.format][1]
        return upload

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "accept": ACCEPT}


def _label(number, photo):
    """How an editor recognises a photo in a message: its place and its caption's start."""
    if photo.caption.strip():
        return f'Photo {number} ("{Truncator(photo.caption.strip()).chars(40)}")'
    return f"Photo {number} ({PurePath(photo.image.name).name}, no caption)"


def _joined(words):
    """ "caption", "caption and credit", "caption, credit and alt text"."""
    return " and ".join(filter(None, [", ".join(words[:-1]), words[-1]]))


def missing_details(photo):
    """The labels of the caption, credit and alt text fields a photo with a file leaves empty."""
    if not photo.image:
        return []
    return [
        label
        for label, value in (
            ("caption", photo.caption),
            ("credit", photo.credit),
            ("alt text", photo.alt_text),
        )
        if not value.strip()
    ]


def missing_photo_details(article):
    """One line per photo with an image file that lacks its caption, credit or alt text.

    Publishing a story whose photos have files is refused while this list is not empty. Photos
    are numbered as the admin lists them (in position order, from 1).
    """
    problems = []
    for number, photo in enumerate(article.photos.all(), start=1):
        missing = missing_details(photo)
        if missing:
            needs = _joined(missing)
            problems.append(f"{_label(number, photo)} needs its {needs} before publishing.")
    return problems
