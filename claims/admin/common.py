"""What the admin of claims shares: forms that write through the services with their version,
read-only history."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from ..conflicts import conflict_of
from ..services import (
    StaleEdit,
)


class RecordedChangeForm(forms.ModelForm):
    """An admin form whose changes go through the services, so they are recorded like an
    editor's: a note for the history, and the version the form was opened at (a form
    opened before someone else's change is refused, as on the pages)."""

    note = forms.CharField(
        max_length=2000, required=False, help_text="Why: kept with the change in its history."
    )
    opened_version = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("opened_version", self.instance.version)

    def clean(self):
        data = super().clean()
        opened = data.get("opened_version")
        if self.instance.pk and opened is not None and opened != self.instance.version:
            stale = StaleEdit(current=self.instance, expected=opened)
            raise ValidationError(f"{conflict_of(stale).message} Reload the page.")
        return data


class ReadOnlyHistory(admin.ModelAdmin):
    """History rows are shown, never edited or deleted."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
