"""Admin forms: the editor-facing shapes of fields stored differently."""

from django import forms

from articles.models import Article


class HighlightsField(forms.CharField):
    """Key points typed one per line, stored as an ordered list."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip().lstrip("•").strip() for line in text.splitlines() if line.strip()]


class ArticleAdminForm(forms.ModelForm):
    highlights = HighlightsField(required=False, help_text="Key points, one per line, in order.")

    class Meta:
        model = Article
        exclude = []  # noqa: DJ006 every editable field; the admin fieldsets choose what shows
