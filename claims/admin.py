from django.contrib import admin

from .models import Claim, ClaimEvent, Quote, QuoteEvent, Speaker, SpeakerAlias


class SpeakerAliasInline(admin.TabularInline):
    model = SpeakerAlias
    extra = 0
    fields = ["name", "normalised"]
    readonly_fields = ["normalised"]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug", "wikidata_qid"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SpeakerAliasInline]


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
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
    list_filter = ["kind", "origin", "verified"]
    search_fields = ["text", "speaker__name"]
    list_select_related = ["speaker", "article"]
    raw_id_fields = ["article", "speaker"]
    readonly_fields = [
        "article",
        "text",
        "content_start",
        "content_end",
        "created_at",
        "updated_at",
    ]

    @admin.display(description="text")
    def short_text(self, obj: Quote) -> str:
        return obj.text[:80]


class ReadOnlyHistory(admin.ModelAdmin):
    """History rows are shown, never edited or deleted."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ClaimEvent)
class ClaimEventAdmin(ReadOnlyHistory):
    list_display = ["claim", "old_verdict", "new_verdict", "actor", "created_at"]


@admin.register(QuoteEvent)
class QuoteEventAdmin(ReadOnlyHistory):
    list_display = ["quote", "field", "old_value", "new_value", "actor", "created_at"]


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["statement", "speaker", "verdict", "updated_at"]
    list_filter = ["verdict"]
    search_fields = ["statement", "speaker__name"]
    raw_id_fields = ["speaker", "quotes"]
    readonly_fields = ["verdict", "created_by", "created_at", "updated_at"]
