"""Speakers in the admin: names, kind and aliases; their history read-only."""

from django.contrib import admin

from ..models import (
    Speaker,
    SpeakerAlias,
    SpeakerEvent,
)
from .common import ReadOnlyHistory


class SpeakerAliasInline(admin.TabularInline):
    """Shown, not edited: editors add and remove aliases on the speaker's page or in the
    API, which check them (a look-alike of another speaker's name, a name too long once
    compared) and record them."""

    model = SpeakerAlias
    extra = 0
    fields = ["name", "normalised"]
    readonly_fields = ["name", "normalised"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug", "wikidata_qid", "merged_into"]
    list_filter = ["kind"]
    # identity changes are recorded: editors make them on the speaker's page or in the API
    readonly_fields = ["merged_into", "wikidata_qid", "gender"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SpeakerAliasInline]


@admin.register(SpeakerEvent)
class SpeakerEventAdmin(ReadOnlyHistory):
    list_display = ["speaker", "action", "old", "new", "actor", "created_at"]
