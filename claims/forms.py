"""Forms of the editors' and fact-checkers' pages."""

from django import forms

from articles.links import MAX_EVIDENCE_LINKS, MAX_LINK_LENGTH, validate_web_link

from .filters import QuoteFilter
from .models import Quote, Speaker, Verdict


def version_field() -> forms.IntegerField:
    """The version of the quote or claim the form was filled in from: an edit of an older
    one is refused (the page then shows what changed)."""
    return forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)


class WebLinkField(forms.URLField):
    """An http or https address ("example.com/a" is https://example.com/a)."""

    default_validators = [validate_web_link]
    default_error_messages = {"invalid": validate_web_link.message}


def span_field(label: str, least: int, *, required: bool = True) -> forms.IntegerField:
    """A character position in the article's text, refused in plain words."""
    return forms.IntegerField(
        min_value=least,
        required=required,
        label=label,
        error_messages={
            "invalid": "Give a character position: a whole number.",
            "min_value": f"A character position is {least} or more.",
            "required": "Select the statement's words in the text first.",
        },
    )


def speaker_name_field() -> forms.CharField:
    return forms.CharField(
        max_length=200,
        required=False,
        help_text="A speaker's name (any of their names) or slug. Empty: unattributed.",
        error_messages={"max_length": "A name is at most 200 characters."},
    )


def new_speaker_field() -> forms.BooleanField:
    """A name nobody has is refused, with the speakers it may mean, unless the editor chose
    to create a speaker of that name."""
    return forms.BooleanField(required=False, label="Create a new speaker with this name")


class QuoteEditForm(forms.Form):
    speaker = speaker_name_field()
    new_speaker = new_speaker_field()
    kind = forms.ChoiceField(choices=Quote.Kind.choices)
    content_start = span_field("Starts at", 0, required=False)
    content_end = span_field("Ends at", 1, required=False)
    note = forms.CharField(max_length=2000, required=False)
    version = version_field()

    def clean(self):
        data = super().clean()
        start, end = data.get("content_start"), data.get("content_end")
        if start is not None and end is not None and end <= start:
            self.add_error("content_end", "The end comes after the start.")
        return data


class QuoteRejectForm(forms.Form):
    note = forms.CharField(max_length=2000, required=False)
    version = version_field()


class QuoteAddForm(forms.Form):
    """A statement the extractor missed: its span in the article's text (filled in by
    selecting the text on the page), its kind and speaker."""

    content_start = span_field("Starts at", 0)
    content_end = span_field("Ends at", 1)
    kind = forms.ChoiceField(choices=Quote.Kind.choices)
    speaker = speaker_name_field()
    new_speaker = new_speaker_field()
    note = forms.CharField(max_length=2000, required=False)


class ClaimNewForm(forms.Form):
    quote = forms.IntegerField(min_value=1)
    statement = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class ClaimStatementForm(forms.Form):
    """The claim's text, worded as a checkable sentence (its statements keep their words)."""

    statement = forms.CharField(
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Claim",
        help_text="One checkable sentence; the statements below keep their exact words.",
        error_messages={
            "required": "Give the claim's text.",
            "max_length": "A claim's text is at most 5,000 characters.",
        },
    )
    note = forms.CharField(max_length=2000, required=False)
    version = version_field()


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(choices=Verdict.choices)
    summary = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    evidence_links = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One http:// or https:// address a line.",
    )
    note = forms.CharField(max_length=2000, required=False)
    version = version_field()

    def clean_evidence_links(self) -> list[str]:
        """One web address a line; every line that is not one is named, with why."""
        lines = [line.strip() for line in self.cleaned_data["evidence_links"].splitlines()]
        links = [(number, line) for number, line in enumerate(lines, 1) if line]
        if len(links) > MAX_EVIDENCE_LINKS:
            raise forms.ValidationError(f"At most {MAX_EVIDENCE_LINKS} links.")
        validate = WebLinkField(assume_scheme="https", max_length=MAX_LINK_LENGTH).clean
        clean, wrong = [], []
        for number, link in links:
            try:
                clean.append(validate(link))
            except forms.ValidationError as exc:
                shown = link if len(link) <= 80 else link[:77] + "…"
                wrong.append(f"Line {number}, “{shown}”: {' '.join(exc.messages)}")
        if wrong:
            raise forms.ValidationError(wrong)
        return clean


class SpeakerQuotesForm(forms.Form):
    """Filters of a speaker's statements."""

    kind = forms.ChoiceField(choices=[("", "Any kind"), *Quote.Kind.choices], required=False)
    published_after = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="From"
    )
    published_before = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="To"
    )
    verdict = forms.ChoiceField(
        choices=[("", "Any verdict"), *Verdict.choices], required=False, label="Claim verdict"
    )

    def apply(self, quotes):
        """``quotes`` filtered by the API's own filters (:class:`claims.filters.QuoteFilter`),
        so that the page and ``/api/v1/quotes/?speaker=...`` filter alike."""
        return QuoteFilter(self.given(), queryset=quotes).qs

    def given(self) -> dict[str, str]:
        """The filters filled in, as the query string had them (the API's names)."""
        return {name: self.data[name] for name in self.fields if self.data.get(name)}


class SpeakerIdentityForm(forms.Form):
    """Who a speaker is: a Wikidata QID (empty: none) and gender."""

    wikidata_qid = forms.CharField(
        max_length=200, required=False, label="Wikidata QID", help_text="Q22686, or its URL."
    )
    gender = forms.ChoiceField(choices=[("", "Not known"), *Speaker.Gender.choices], required=False)
    note = forms.CharField(max_length=2000, required=False)


class AliasForm(forms.Form):
    name = forms.CharField(
        max_length=300,
        label="Another name",
        error_messages={
            "required": "Give the name to add.",
            "max_length": "A name is at most 300 characters.",
        },
    )


class ReviewForm(forms.Form):
    confidence_below = forms.FloatField(
        min_value=0, max_value=1, required=False, label="Confidence below"
    )
