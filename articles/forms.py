"""The ingest form: pasted text or uploaded files, with what is known of the article."""

from django import forms


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.html,.htm"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class IngestForm(forms.Form):
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 12}))
    files = MultipleFileField(required=False, help_text=".txt or .html, several at once.")
    title = forms.CharField(max_length=500, required=False)
    outlet = forms.CharField(max_length=200, required=False)
    url = forms.URLField(
        max_length=2000, required=False, assume_scheme="https", help_text="Alone: it is fetched."
    )
    published_on = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Published on"
    )

    def clean(self):
        data = super().clean()
        if not (data.get("text", "").strip() or data.get("files") or data.get("url")):
            raise forms.ValidationError("Paste the text, choose files, or give a URL.")
        return data
