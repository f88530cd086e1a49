"""The photo form of the article admin's inline: the upload limits and what publishing needs.

The upload itself is checked by the model field's form field (``photos.PhotoUploadField``), so
every photo form does it. Caption, credit and alt text stay optional here, because wire copy
often arrives without them and a draft may be saved unfinished: their help text says that
publishing asks for them, and a saved photo with a file that lacks them says which are missing.
The refusal itself belongs to publishing (``photos.missing_photo_details``).
"""

from django import forms

from articles import photos
from articles.models import ImageCaption

NEEDED_FOR_PUBLISHING = "Needed before publishing when the photo has an image file."


class ImageCaptionForm(forms.ModelForm):
    class Meta:
        model = ImageCaption
        fields = ["image", "position", "body_position", "caption", "credit", "alt_text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "image"
        ].help_text = f"{photos.limits_text()}. Optional: wire copy often carries only the caption."
        missing = photos.missing_details(self.instance)
        for name, label in (("caption", "caption"), ("credit", "credit"), ("alt_text", "alt text")):
            field = self.fields[name]
            own = f"{field.help_text} " if field.help_text else ""
            warning = " Missing: add it before this story is published." if label in missing else ""
            field.help_text = f"{own}{NEEDED_FOR_PUBLISHING}{warning}"
