from django.contrib import admin, messages

from .models import (
    ApiToken,
    Claim,
    ClaimEvent,
    Quote,
    QuoteEvent,
    Speaker,
    SpeakerAlias,
    SpeakerEvent,
)
from .services import api_token_create, api_token_revoke


class SpeakerAliasInline(admin.TabularInline):
    model = SpeakerAlias
    extra = 0
    fields = ["name", "normalised"]
    readonly_fields = ["normalised"]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug", "wikidata_qid", "merged_into"]
    list_filter = ["kind"]
    # identity changes are recorded: editors make them on the speaker's page or in the API
    readonly_fields = ["merged_into", "wikidata_qid", "gender"]
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
    list_filter = ["kind", "origin", "verified", "rejected"]
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
    list_display = ["claim", "action", "old_verdict", "new_verdict", "actor", "created_at"]


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


@admin.register(SpeakerEvent)
class SpeakerEventAdmin(ReadOnlyHistory):
    list_display = ["speaker", "action", "data", "actor", "created_at"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created here (the key is shown once) and revoked; only hashes are kept."""

    list_display = ["prefix", "name", "user", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "user__username"]
    fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    raw_id_fields = ["user"]
    actions = ["revoke"]

    def has_change_permission(self, request, obj=None):
        return obj is None

    # A token acts as its user: staff who may add tokens add them for themselves only, and
    # see and revoke only their own; superusers manage everyone's.
    def get_queryset(self, request):
        tokens = super().get_queryset(request)
        return tokens if request.user.is_superuser else tokens.filter(user=request.user)

    def get_readonly_fields(self, request, obj=None):
        own_only = [] if request.user.is_superuser else ["user"]
        return [*own_only, *self.readonly_fields]

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.user = request.user
        token, key = api_token_create(user=obj.user, name=obj.name)
        obj.pk, obj.prefix, obj.key_hash = token.pk, token.prefix, token.key_hash
        obj.created_at = token.created_at
        self.message_user(
            request,
            f"The key of “{token.name}” is {key} — copy it now: it is not stored and will not"
            " be shown again.",
            messages.WARNING,
        )

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        for token in queryset:
            api_token_revoke(token=token)
        self.message_user(request, f"{queryset.count()} token(s) revoked.", messages.SUCCESS)
