"""Photos as the desk and readers meet them: uploads checked through the admin's real forms,
renditions on disk, ``srcset`` on the article page, and what publishing asks of a photo."""

import io
import os
import struct
import zlib
from datetime import datetime
from importlib import import_module
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template import engines
from django.test import Client
from django.urls import reverse
from PIL import Image

from articles.models import Article, ImageCaption
from articles.photos import missing_photo_details
from tests.factories import add_photo, make_article

pytestmark = pytest.mark.django_db

KARACHI = ZoneInfo("Asia/Karachi")
ONE_MB = 1024 * 1024


# Files, made with Pillow (or by hand where Pillow would refuse to write them).


def image_bytes(size, image_format, colour=(30, 90, 160), **options):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, image_format, **options)
    return buffer.getvalue()


def noise_png(size):
    """Random pixels: a PNG that cannot compress, so its bytes grow with its size."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(buffer, "PNG")
    return buffer.getvalue()


def png_claiming(width, height):
    """A tiny PNG whose header claims these dimensions: a decompression bomb's calling card."""

    def chunk(kind, data):
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + chunk(b"IEND", b"")
    )


def two_colour_jpeg(size, orientation):
    """Left half red, right half blue, with an EXIF orientation for browsers to apply."""
    image = Image.new("RGB", size, (220, 20, 20))
    image.paste((20, 20, 220), (size[0] // 2, 0, size[0], size[1]))
    exif = Image.Exif()
    exif[0x0112] = orientation
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=95)
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def media_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def on_disk(name):
    """A stored file as Pillow reads it: (format, size)."""
    with default_storage.open(name, "rb") as file, Image.open(file) as image:
        return image.format, image.size


def rendition_sizes(photo):
    return [on_disk(entry["name"]) for entry in photo.renditions]


# The admin, driven as a browser would.


def page(response):
    return lxml.html.fromstring(response.content.decode())


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def article_form(client, article, **changes):
    """What the browser sends back from the article's change form, with some fields edited."""
    (form,) = page(client.get(change_url(article))).cssselect("form#article_form")
    data = {}
    for name, value in form.form_values():
        if "__prefix__" not in name:
            data.setdefault(name, []).append(value)
    data.update(changes)
    return data


def new_photo(client, article, image, **fields):
    """The change form with one more photo filled in, as "Add another photo" does."""
    number = article.photos.count()
    photo = {"position": number, "caption": "Boats on a flooded street", "credit": "Reuters"}
    photo |= {"alt_text": "Boats moored by shopfronts", "image": image} | fields
    return article_form(
        client,
        article,
        **{"photos-TOTAL_FORMS": number + 1},
        **{f"photos-{number}-{name}": value for name, value in photo.items()},
    )


def photo_errors(response):
    return [li.text_content() for li in page(response).cssselect("#photos-group .errorlist li")]


@pytest.fixture
def story():
    return make_article("Floods recede in Sindh", body="<p>One.</p><p>Two.</p>")


@pytest.fixture
def march(time_machine):
    time_machine.move_to(datetime(2024, 3, 14, 12, 0, tzinfo=KARACHI), tick=False)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Runs what waits for the transaction to commit (removing files) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


# Uploading.


def test_a_photo_uploaded_in_the_article_form_is_kept_as_sent_with_its_renditions(
    staff_client, story, march
):
    original = image_bytes((1600, 900), "JPEG", quality=90)
    data = new_photo(staff_client, story, upload("Flood.JPG", original))
    response = staff_client.post(change_url(story), data)
    assert response.status_code == 302, photo_errors(response)

    (photo,) = story.photos.all()
    assert photo.image.name == "photos/2024/03/Flood.JPG"
    with default_storage.open(photo.image.name, "rb") as stored:
        assert stored.read() == original  # the original keeps its format and its bytes
    assert (photo.image_width, photo.image_height) == (1600, 900)
    assert [(entry["width"], entry["height"]) for entry in photo.renditions] == [
        (480, 270),
        (800, 450),
        (1200, 675),
    ]
    assert rendition_sizes(photo) == [
        ("WEBP", (480, 270)),
        ("WEBP", (800, 450)),
        ("WEBP", (1200, 675)),
    ]
    assert media_files() == [
        "photos/2024/03/Flood.JPG",
        "renditions/photos/2024/03/Flood-1200w.webp",
        "renditions/photos/2024/03/Flood-480w.webp",
        "renditions/photos/2024/03/Flood-800w.webp",
    ]


def test_a_small_photo_is_never_upscaled(staff_client, story):
    response = staff_client.post(
        change_url(story),
        new_photo(staff_client, story, upload("small.png", image_bytes((640, 360), "PNG"))),
    )
    assert response.status_code == 302, photo_errors(response)
    (photo,) = story.photos.all()
    assert on_disk(photo.image.name) == ("PNG", (640, 360))
    # 480 from the list, then the original's own width instead of 800 and 1200.
    assert rendition_sizes(photo) == [("WEBP", (480, 270)), ("WEBP", (640, 360))]


def test_a_large_upload_streamed_to_a_temporary_file_is_handled_alike(
    staff_client, story, settings
):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100_000  # larger uploads go to a temporary file
    original = noise_png((400, 300))  # about 360 KB
    response = staff_client.post(
        change_url(story), new_photo(staff_client, story, upload("noise.png", original))
    )
    assert response.status_code == 302, photo_errors(response)
    (photo,) = story.photos.all()
    with default_storage.open(photo.image.name, "rb") as stored:
        assert stored.read() == original
    assert (photo.image_width, photo.image_height) == (400, 300)
    assert rendition_sizes(photo) == [("WEBP", (400, 300))]


def test_a_photo_is_named_for_what_it_is_not_what_it_was_called(staff_client, story, march):
    png = image_bytes((300, 200), "PNG")
    staff_client.post(change_url(story), new_photo(staff_client, story, upload("shot.jpg", png)))
    (photo,) = story.photos.all()
    assert photo.image.name == "photos/2024/03/shot.png"
    assert on_disk(photo.image.name) == ("PNG", (300, 200))
    assert rendition_sizes(photo) == [("WEBP", (300, 200))]


def test_phone_photos_are_measured_and_resized_upright(staff_client, story):
    # Stored 1200 × 800 on its side; EXIF orientation 6 tells browsers to turn it upright.
    sideways = two_colour_jpeg((1200, 800), orientation=6)
    staff_client.post(change_url(story), new_photo(staff_client, story, upload("p.jpg", sideways)))
    (photo,) = story.photos.all()
    assert (photo.image_width, photo.image_height) == (800, 1200)
    assert [(entry["width"], entry["height"]) for entry in photo.renditions] == [
        (480, 720),
        (800, 1200),
    ]
    with default_storage.open(photo.renditions[0]["name"], "rb") as file, Image.open(file) as r:
        red, blue = r.convert("RGB").getpixel((240, 20)), r.convert("RGB").getpixel((240, 700))
    # Turned clockwise, the left (red) half is on top.
    assert red[0] > 150 > red[2] and blue[2] > 150 > blue[0]


def test_an_animated_gif_keeps_its_animation(staff_client, story):
    frames = [Image.new("P", (900, 500), colour) for colour in (1, 2, 3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0)
    staff_client.post(
        change_url(story), new_photo(staff_client, story, upload("loop.gif", buffer.getvalue()))
    )
    (photo,) = story.photos.all()
    assert (photo.image_width, photo.image_height, photo.renditions) == (900, 500, [])
    (img,) = page(staff_client.get(story.get_absolute_url())).cssselect("figure img")
    assert img.get("src") == photo.image.url and img.get("srcset") is None


REFUSED = {
    "not an image": (
        lambda: upload("flood.jpg", b"<html>certainly not a photo</html>" * 20),
        {},
        "This file is not a readable image: upload a JPEG, PNG, WebP or GIF photo.",
    ),
    "truncated": (
        lambda: upload("cut.jpg", image_bytes((800, 600), "JPEG")[:2000]),
        {},
        "This file is not a readable image: upload a JPEG, PNG, WebP or GIF photo.",
    ),
    "tiff": (
        lambda: upload("scan.tif", image_bytes((80, 60), "TIFF")),
        {},
        "This is a TIFF image: a photo must be JPEG, PNG, WebP or GIF.",
    ),
    "too many bytes": (
        lambda: upload("big.png", noise_png((800, 600))),  # about 1.4 MB
        {"NEWSDESK_PHOTO_MAX_BYTES": ONE_MB},
        "This file is 1.4 MB; a photo may be at most 1 MB.",
    ),
    "too many pixels": (
        lambda: upload("wide.png", image_bytes((1500, 1000), "PNG")),
        {"NEWSDESK_PHOTO_MAX_PIXELS": 1_000_000},
        "This photo is 1500 × 1000 pixels (1.5 megapixels); a photo may be at most 1 megapixel.",
    ),
    "header claims 100 megapixels": (
        lambda: upload("claims.png", png_claiming(10_000, 10_000)),
        {},
        "This photo is 10000 × 10000 pixels (100 megapixels); "
        "a photo may be at most 40 megapixels.",
    ),
    "decompression bomb": (
        lambda: upload("bomb.png", png_claiming(100_000, 100_000)),
        {},
        "This image claims more than 179 megapixels; a photo may be at most 40 megapixels.",
    ),
}


@pytest.mark.parametrize("case", REFUSED)
def test_a_refused_upload_says_why_and_nothing_is_saved(staff_client, story, settings, case):
    make_file, overrides, message = REFUSED[case]
    for name, value in overrides.items():
        setattr(settings, name, value)
    data = new_photo(staff_client, story, make_file(), caption="Refused")
    data["headline"] = "Edited alongside a bad photo"
    response = staff_client.post(change_url(story), data)

    assert response.status_code == 200
    assert photo_errors(response) == [message]
    # The editor's caption is still in the form, to fix the file and send again.
    assert page(response).cssselect("#id_photos-0-caption")[0].value.strip() == "Refused"
    story.refresh_from_db()
    assert story.headline == "Floods recede in Sindh"
    assert not ImageCaption.objects.exists()
    assert media_files() == []


def test_the_photo_admin_checks_uploads_too(staff_client, story, march):
    url = reverse("admin:articles_imagecaption_add")
    fields = {"article": story.pk, "position": 0, "caption": "Boats", "credit": "APP"}
    refused = staff_client.post(url, {**fields, "image": upload("x.jpg", b"not a photo")})
    assert refused.status_code == 200
    assert [li.text_content() for li in page(refused).cssselect(".field-image .errorlist li")] == [
        "This file is not a readable image: upload a JPEG, PNG, WebP or GIF photo."
    ]
    assert not ImageCaption.objects.exists() and media_files() == []

    webp = image_bytes((1000, 1000), "WEBP")
    assert staff_client.post(url, {**fields, "image": upload("sq.webp", webp)}).status_code == 302
    (photo,) = ImageCaption.objects.all()
    assert on_disk(photo.image.name) == ("WEBP", (1000, 1000))
    assert [entry["width"] for entry in photo.renditions] == [480, 800, 1000]


def test_a_forged_upload_is_refused(django_user_model, story):
    editor = django_user_model.objects.create_user("e", password="pw", is_staff=True)
    editor.is_superuser = True
    editor.save()
    forger = Client(enforce_csrf_checks=True)
    forger.force_login(editor)
    data = {
        "headline": story.headline,
        **{"photos-TOTAL_FORMS": 1, "photos-INITIAL_FORMS": 0, "photos-0-caption": "Forged"},
        "photos-0-image": upload("f.png", image_bytes((600, 400), "PNG")),
    }
    assert forger.post(change_url(story), data).status_code == 403
    assert not ImageCaption.objects.exists() and media_files() == []


# Changing and deleting.


def test_replacing_the_image_regenerates_renditions_and_drops_the_old(staff_client, story, commit):
    first = upload("first.jpg", image_bytes((1600, 900), "JPEG"))
    staff_client.post(change_url(story), new_photo(staff_client, story, first))
    (photo,) = story.photos.all()
    old = [entry["name"] for entry in photo.renditions]
    assert all(default_storage.exists(name) for name in old)

    replacement = upload("second.png", image_bytes((1000, 500), "PNG", colour=(200, 60, 0)))
    with commit():
        response = staff_client.post(
            change_url(story), article_form(staff_client, story, **{"photos-0-image": replacement})
        )
    assert response.status_code == 302, photo_errors(response)
    photo.refresh_from_db()
    assert photo.image.name.endswith("second.png")
    assert (photo.image_width, photo.image_height) == (1000, 500)
    assert rendition_sizes(photo) == [
        ("WEBP", (480, 240)),
        ("WEBP", (800, 400)),
        ("WEBP", (1000, 500)),
    ]
    assert not any(default_storage.exists(name) for name in old)


def test_saving_without_a_new_image_keeps_the_renditions(staff_client, story):
    staff_client.post(
        change_url(story),
        new_photo(staff_client, story, upload("a.png", image_bytes((900, 600), "PNG"))),
    )
    (photo,) = story.photos.all()
    made = photo.renditions
    data = article_form(staff_client, story, **{"photos-0-caption": "A better caption"})
    assert staff_client.post(change_url(story), data).status_code == 302
    photo.refresh_from_db()
    assert (photo.caption, photo.renditions) == ("A better caption", made)
    assert all(default_storage.exists(entry["name"]) for entry in made)


def test_clearing_or_deleting_a_photo_removes_its_renditions(staff_client, story, commit):
    for name in ("one.png", "two.png"):
        staff_client.post(
            change_url(story),
            new_photo(staff_client, story, upload(name, image_bytes((700, 400), "PNG"))),
        )
    one, two = story.photos.all()
    originals = [one.image.name, two.image.name]

    data = article_form(
        staff_client, story, **{"photos-0-image-clear": "on", "photos-1-DELETE": "on"}
    )
    with commit():
        assert staff_client.post(change_url(story), data).status_code == 302
    (one,) = story.photos.all()
    assert (one.image.name, one.image_width, one.renditions) == ("", None, [])
    # Only the originals stay, as Django leaves them: an earlier revision may still name one.
    assert media_files() == sorted(originals)


def test_deleting_an_article_removes_its_photos_renditions(staff_client, story, commit):
    staff_client.post(
        change_url(story),
        new_photo(staff_client, story, upload("a.png", image_bytes((700, 400), "PNG"))),
    )
    original = story.photos.get().image.name
    delete = reverse("admin:articles_article_delete", args=[story.pk])
    with commit():
        assert staff_client.post(delete, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=story.pk).exists()
    assert media_files() == [original]


def test_a_rolled_back_edit_keeps_the_renditions_it_would_have_replaced(story):
    photo = add_photo(story)
    photo.image.save("keep.png", ContentFile(image_bytes((700, 400), "PNG")))
    kept = [entry["name"] for entry in photo.renditions]
    # Inside the test's transaction, which never commits: removal waits and so never happens.
    photo.image.save("other.png", ContentFile(image_bytes((600, 400), "PNG")))
    assert all(default_storage.exists(name) for name in kept)


# Reading.


def test_the_article_page_offers_the_renditions_in_srcset(client, march, story):
    lead = add_photo(story, "Boats on a flooded street", "Reuters", alt_text="")
    lead.image.save("lead.jpg", ContentFile(image_bytes((1600, 900), "JPEG")))
    inline = add_photo(story, "Relief camp", "APP", alt_text="Tents in rows", body_position=1)
    inline.image.save("camp.png", ContentFile(image_bytes((640, 480), "PNG")))

    first, second = page(client.get(story.get_absolute_url())).cssselect("figure img")
    assert first.get("src") == "/media/photos/2024/03/lead.jpg"
    assert first.get("srcset") == (
        "/media/renditions/photos/2024/03/lead-480w.webp 480w, "
        "/media/renditions/photos/2024/03/lead-800w.webp 800w, "
        "/media/renditions/photos/2024/03/lead-1200w.webp 1200w"
    )
    assert first.get("sizes") == "(min-width: 42rem) 42rem, 100vw"
    assert (first.get("width"), first.get("height")) == ("1600", "900")
    assert first.get("alt") == "Boats on a flooded street"  # no alt text: the caption
    assert (first.get("fetchpriority"), first.get("loading")) == ("high", None)

    camp = [candidate.split() for candidate in second.get("srcset").split(", ")]
    assert [width for _, width in camp] == ["480w", "640w"]
    assert [on_disk(url.removeprefix("/media/")) for url, _ in camp] == [
        ("WEBP", (480, 360)),
        ("WEBP", (640, 480)),
    ]
    assert (second.get("width"), second.get("height")) == ("640", "480")
    assert second.get("alt") == "Tents in rows"
    assert (second.get("loading"), second.get("decoding")) == ("lazy", "async")


def test_a_figure_renders_from_the_row_without_opening_files(story, monkeypatch):
    photo = add_photo(story, "Boats", alt_text="Boats moored")
    photo.image.save("boats.png", ContentFile(image_bytes((900, 600), "PNG")))
    photo = ImageCaption.objects.get(pk=photo.pk)

    def refuse(*args, **kwargs):
        raise AssertionError("a page opened an image file")

    monkeypatch.setattr(Image, "open", refuse)
    monkeypatch.setattr(FileSystemStorage, "open", refuse)
    figure = engines["jinja2"].env.get_template("includes/figure.html").module.figure
    html = str(figure(photo, lead=True))
    (img,) = lxml.html.fromstring(html).cssselect("img")
    assert (img.get("width"), img.get("height")) == ("900", "600")
    assert [c.split()[1] for c in img.get("srcset").split(", ")] == ["480w", "800w", "900w"]


def test_photos_stored_before_renditions_get_them_from_the_migration(story):
    photo = add_photo(story)
    name = default_storage.save(
        "photos/2023/01/old.jpg", ContentFile(image_bytes((1300, 700), "JPEG"))
    )
    # As the row stood before this change: a file name, no size, no renditions.
    ImageCaption.objects.filter(pk=photo.pk).update(image=name)
    lost = add_photo(story)
    ImageCaption.objects.filter(pk=lost.pk).update(image="photos/2023/01/gone.jpg")

    migration = import_module("articles.migrations.0005_photo_renditions")
    migration.measure_and_render(apps, SimpleNamespace(connection=connection))

    photo.refresh_from_db()
    assert (photo.image_width, photo.image_height) == (1300, 700)
    assert [entry["width"] for entry in photo.renditions] == [480, 800, 1200]
    assert photo.rendition_source == name
    lost.refresh_from_db()
    assert (lost.image_width, lost.renditions) == (None, [])


# What publishing asks of a photo.


def test_missing_photo_details_name_each_photo_and_what_it_lacks(story):
    add_photo(story, "Caption only: the wire sent no file.", "")
    lacking = add_photo(story, "Boats on a flooded street in Sukkur after the rains", "")
    lacking.image.save("boats.png", ContentFile(image_bytes((60, 40), "PNG")))
    bare = add_photo(story, "", "")
    bare.image.save("bare.png", ContentFile(image_bytes((60, 40), "PNG")))
    complete = add_photo(story, "Relief camp", "APP", alt_text="Tents")
    complete.image.save("camp.png", ContentFile(image_bytes((60, 40), "PNG")))

    assert missing_photo_details(story) == [
        'Photo 2 ("Boats on a flooded street in Sukkur aft…") needs its credit and alt text '
        "before publishing.",
        "Photo 3 (bare.png, no caption) needs its caption, credit and alt text before publishing.",
    ]
    for photo in (lacking, bare):
        photo.caption, photo.credit, photo.alt_text = "Caption", "Credit", "Alt"
        photo.save()
    assert missing_photo_details(story) == []


def test_the_photo_form_tells_the_editor_the_limits_and_what_publishing_needs(
    staff_client, story, settings
):
    settings.NEWSDESK_PHOTO_MAX_BYTES = 5 * ONE_MB
    photo = add_photo(story, "Boats", "")
    photo.image.save("boats.png", ContentFile(image_bytes((60, 40), "PNG")))
    form = page(staff_client.get(change_url(story))).cssselect("#photos-group")[0]

    def help_text(field):
        return form.cssselect(f"#id_photos-0-{field}_helptext")[0].text_content().strip()

    assert help_text("image") == (
        "JPEG, PNG, WebP or GIF; at most 5 MB and 40 megapixels. "
        "Optional: wire copy often carries only the caption."
    )
    assert help_text("caption") == "Needed before publishing when the photo has an image file."
    assert help_text("credit") == (
        "Photographer or agency. Needed before publishing when the photo has an image file. "
        "Missing: add it before this story is published."
    )
    assert help_text("alt_text").endswith("Missing: add it before this story is published.")
    (image_input,) = form.cssselect("input#id_photos-0-image")
    assert image_input.get("accept") == "image/jpeg,image/png,image/webp,image/gif"
