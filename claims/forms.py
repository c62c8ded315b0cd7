"""Forms of the editors' and fact-checkers' pages."""

from django import forms

from .models import Quote, Verdict


class QuoteEditForm(forms.Form):
    speaker = forms.CharField(
        max_length=200,
        required=False,
        help_text="A speaker's name (any alias) or slug; a new name creates the speaker. "
        "Empty: unattributed.",
    )
    kind = forms.ChoiceField(choices=Quote.Kind.choices)
    note = forms.CharField(max_length=2000, required=False)


class ClaimNewForm(forms.Form):
    quote = forms.IntegerField(min_value=1)
    statement = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(choices=Verdict.choices)
    summary = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    evidence_links = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One URL a line.",
    )
    note = forms.CharField(max_length=2000, required=False)

    def clean_evidence_links(self) -> list[str]:
        links = [line.strip() for line in self.cleaned_data["evidence_links"].splitlines()]
        validate = forms.URLField(assume_scheme="https").clean
        return [validate(link) for link in links if link]
