"""Claims in the admin: created and reviewed through the services, recorded."""

from django.contrib import admin

from ..models import (
    Claim,
    ClaimEvent,
)
from ..services import (
    claim_create,
    claim_quotes_add,
    claim_quotes_remove,
    claim_verdict_set,
)
from .common import ReadOnlyHistory, RecordedChangeForm


@admin.register(ClaimEvent)
class ClaimEventAdmin(ReadOnlyHistory):
    list_display = ["claim", "action", "old", "new", "actor", "created_at"]


class ClaimAdminForm(RecordedChangeForm):
    class Meta:
        model = Claim
        fields = ["speaker", "statement", "quotes", "verdict", "summary", "evidence_links"]


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    """Claims are created through ``claim_create``, verdicts, summaries and evidence links
    set through ``claim_verdict_set``, statements attached and detached through the claim
    services: each recorded with the admin as actor. A claim's speaker and statement are
    what was reviewed, so they are set when it is created only."""

    form = ClaimAdminForm
    list_display = ["statement", "speaker", "verdict", "updated_at"]
    list_filter = ["verdict"]
    search_fields = ["statement", "speaker__name"]
    raw_id_fields = ["speaker", "quotes"]
    history_fields = ["verdict", "summary", "evidence_links"]
    readonly_fields = ["version", "created_by", "created_at", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        set_once = self.history_fields if obj is None else ["speaker", "statement"]
        return [*set_once, *self.readonly_fields]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            claim = claim_create(
                speaker=data["speaker"],
                statement=data["statement"],
                quotes=data["quotes"],
                by=request.user,
                note=data["note"],
            )
            obj.pk, obj.created_by, obj.created_at = claim.pk, claim.created_by, claim.created_at
            return
        changed = [name for name in self.history_fields if name in form.changed_data]
        if changed:
            claim_verdict_set(
                claim=obj,
                verdict=data["verdict"],
                by=request.user,
                note=data["note"],
                expected_version=data["opened_version"],
                **{name: data[name] for name in changed if name != "verdict"},
            )

    def save_related(self, request, form, formsets, change):
        # quotes are set by claim_create when adding; changes go through the services
        if not change or "quotes" not in form.changed_data:
            return
        claim, note = form.instance, form.cleaned_data["note"]
        attached = set(claim.quotes.all())
        wanted = set(form.cleaned_data["quotes"])
        claim_quotes_add(claim=claim, quotes=wanted - attached, by=request.user, note=note)
        claim_quotes_remove(claim=claim, quotes=attached - wanted, by=request.user, note=note)
