"""The forms of the statement search and of a watchlist, which saves one."""

from django import forms

from api.validation import CONTROL_CHARACTERS, CONTROL_CHARACTERS_MESSAGE

from .filters import search_check
from .models import Quote, Verdict
from .models.watchlists import MAX_CHOICES, MAX_OUTLET_CHARS
from .searches import StatementSearch, speakers_standing
from .selectors import speaker_named


def _names(value: str, what: str) -> list[str]:
    """A comma-separated list, each name once (the first spelling kept), none blank."""
    if CONTROL_CHARACTERS.search(value):
        raise forms.ValidationError(CONTROL_CHARACTERS_MESSAGE)
    names: dict[str, str] = {}
    for name in (part.strip() for part in value.split(",")):
        if name:
            names.setdefault(name.casefold(), name)
    if len(names) > MAX_CHOICES:
        raise forms.ValidationError(f"At most {MAX_CHOICES} {what}.")
    return list(names.values())


class StatementSearchForm(forms.Form):
    """The search page's statement search: words, and the speakers, outlets, kinds and
    verdicts a statement must have (any of each that is given)."""

    q = forms.CharField(
        required=False, label="Words", validators=[search_check], strip=True, max_length=1000
    )
    speakers = forms.CharField(
        required=False,
        max_length=2000,
        help_text="Names, slugs or ids, separated by commas.",
    )
    outlets = forms.CharField(
        required=False, max_length=2000, help_text="Outlets, separated by commas."
    )
    kind = forms.MultipleChoiceField(
        choices=Quote.Kind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    verdict = forms.MultipleChoiceField(
        choices=Verdict.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Claim verdict",
        help_text="The published verdict of a claim the statement is in.",
    )

    def clean_speakers(self) -> list:
        """Each name as a speaker (as one merged into another stands now); a name nobody
        has is refused, naming it."""
        speakers, unknown = [], []
        for name in _names(self.cleaned_data["speakers"], "speakers"):
            speaker = speaker_named(name)
            if speaker is None:
                unknown.append(f"Nobody is named “{name}”.")
            else:
                speakers.append(speaker.merge_target())
        if unknown:
            raise forms.ValidationError(unknown)
        return speakers

    def clean_outlets(self) -> list[str]:
        outlets = _names(self.cleaned_data["outlets"], "outlets")
        if any(len(outlet) > MAX_OUTLET_CHARS for outlet in outlets):
            raise forms.ValidationError(
                f"An outlet's name is at most {MAX_OUTLET_CHARS} characters."
            )
        return outlets

    def search(self) -> StatementSearch:
        """The valid form's search."""
        data = self.cleaned_data
        return StatementSearch(
            words=data["q"],
            speaker_ids=speakers_standing(data["speakers"]),
            outlets=tuple(data["outlets"]),
            kinds=tuple(data["kind"]),
            verdicts=tuple(data["verdict"]),
        )


class WatchlistForm(StatementSearchForm):
    """A watchlist: its name and the search it saves (at least one criterion)."""

    name = forms.CharField(max_length=100, error_messages={"required": "Name the watchlist."})

    field_order = ["name", "q", "speakers", "outlets", "kind", "verdict"]

    def clean(self):
        data = super().clean()
        if not self.errors and not self.search():
            raise forms.ValidationError(
                "Give at least one of words, speakers, outlets, kinds or verdicts."
            )
        return data

    @classmethod
    def of(cls, watchlist) -> "WatchlistForm":
        """An unbound form showing ``watchlist``."""
        return cls(
            initial={
                "name": watchlist.name,
                "q": watchlist.words,
                "speakers": ", ".join(s.slug for s in watchlist.speakers.all()),
                "outlets": ", ".join(watchlist.outlets),
                "kind": watchlist.kinds,
                "verdict": watchlist.verdicts,
            }
        )
