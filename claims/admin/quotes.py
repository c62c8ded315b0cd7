"""Quotes in the admin: corrections through the services, recorded; their history read-only."""

from django.contrib import admin

from ..models import (
    Quote,
    QuoteEvent,
)
from ..services import (
    QUOTE_EDITABLE,
    quote_update,
    speaker_check_unmerged,
)
from .common import ReadOnlyHistory, RecordedChangeForm


class QuoteAdminForm(RecordedChangeForm):
    class Meta:
        model = Quote
        fields = ["speaker", "kind", "verified", "rejected"]

    def clean_speaker(self):
        speaker = self.cleaned_data["speaker"]
        speaker_check_unmerged(speaker)
        return speaker


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    """Speaker, kind, verified and rejected change through ``quote_update``: recorded with
    the admin as actor, and the quote becomes the editor's (re-extraction keeps it). The
    rest is the extractor's or follows from the span, which is corrected on the article's
    page; statements are added there too."""

    form = QuoteAdminForm
    list_display = [
        "id",
        "short_text",
        "speaker",
        "kind",
        "origin",
        "verified",
        "confidence",
        "article",
    ]
    list_filter = ["kind", "origin", "verified", "rejected"]
    search_fields = ["text", "speaker__name"]
    list_select_related = ["speaker", "article"]
    raw_id_fields = ["article", "speaker"]
    fields = [
        "article",
        "text",
        "content_start",
        "content_end",
        "speaker",
        "kind",
        "verified",
        "rejected",
        "note",
        "opened_version",
        "mention",
        "mention_start",
        "mention_end",
        "cue",
        "cue_start",
        "cue_end",
        "confidence",
        "origin",
        "version",
        "created_at",
        "updated_at",
    ]
    # what the extractor found is its own, and the version moves only with a recorded change:
    # an admin changes what the form sets through quote_update, nothing else
    readonly_fields = [
        name
        for name in fields
        if name not in ("speaker", "kind", "verified", "rejected", "note", "opened_version")
    ]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        quote_update(
            quote=obj,
            by=request.user,
            changes={name: data[name] for name in form.changed_data if name in QUOTE_EDITABLE},
            note=data["note"],
            expected_version=data["opened_version"],
        )

    @admin.display(description="text")
    def short_text(self, obj: Quote) -> str:
        return obj.text[:80]


@admin.register(QuoteEvent)
class QuoteEventAdmin(ReadOnlyHistory):
    list_display = ["quote", "action", "old", "new", "actor", "created_at"]
