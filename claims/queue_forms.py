"""The review queue's forms: what a queue page filters and orders on, and a bulk action on
the items ticked in it."""

from django import forms

from .models import Status, Verdict
from .queue import ANY, CLAIM_ORDERS, OPEN, QUOTE_ORDERS, QueueFilters
from .selectors import speaker_named

AGES = [
    ("", "Any age"),
    (1, "Over a day"),
    (3, "Over 3 days"),
    (7, "Over a week"),
    (30, "Over a month"),
]
STATUS_CHOICES = [(OPEN, "Open (not published)"), (ANY, "Any status"), *Status.choices]


class QueueFilterForm(forms.Form):
    """A queue page's filters, from its query string; a value out of range is dropped, not
    refused, so that an old bookmark still opens a queue."""

    status = forms.ChoiceField(choices=STATUS_CHOICES, required=False)
    assignee = forms.CharField(required=False, max_length=20)
    speaker = forms.CharField(required=False, max_length=200)
    outlet = forms.CharField(required=False, max_length=200)
    verdict = forms.ChoiceField(choices=[("", "Any verdict"), *Verdict.choices], required=False)
    seen_from = forms.DateField(required=False)
    seen_to = forms.DateField(required=False)
    older_than = forms.TypedChoiceField(choices=AGES, coerce=int, required=False, empty_value=None)
    sort = forms.CharField(required=False, max_length=40)

    def filters(self, *, statements: bool = False) -> QueueFilters:
        # the fields that are valid, the others dropped
        self.is_valid()
        data = self.cleaned_data
        orders = QUOTE_ORDERS if statements else CLAIM_ORDERS
        sort = data.get("sort", "")
        speaker = speaker_named(data.get("speaker", "")) if data.get("speaker") else None
        return QueueFilters(
            status=data.get("status") or OPEN,
            assignee=data.get("assignee", ""),
            speaker_id=speaker.pk if speaker else (-1 if data.get("speaker") else None),
            outlet=data.get("outlet", ""),
            verdict=data.get("verdict", ""),
            seen_from=data.get("seen_from"),
            seen_to=data.get("seen_to"),
            older_than_days=data.get("older_than"),
            order=sort if sort.lstrip("-") in orders else "",
        )


class BulkForm(forms.Form):
    """A bulk action on the ticked items: assign them (``assignee``: a user id, ``me`` or
    empty for nobody), set their status (claims), verify or reject them (statements), or
    attach them to a claim (statements)."""

    ACTIONS = [
        ("assign", "Assign to"),
        ("status", "Set status"),
        ("verify", "Verify"),
        ("reject", "Reject"),
        ("attach", "Attach to claim"),
    ]
    items = forms.TypedMultipleChoiceField(coerce=int, choices=(), required=True)
    action = forms.ChoiceField(choices=ACTIONS)
    assignee = forms.CharField(required=False, max_length=20)
    status = forms.ChoiceField(choices=Status.choices, required=False)
    claim = forms.IntegerField(required=False, min_value=1)
    note = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # any ids: the view loads the rows and reports what it did not find
        ids = self.data.getlist("items") if hasattr(self.data, "getlist") else []
        self.fields["items"].choices = [(i, i) for i in ids if i.isascii() and i.isdigit()]
