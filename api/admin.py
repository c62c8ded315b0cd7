"""API tokens in the admin, by Django's permissions: staff manage their own, superusers all."""

from django.contrib import admin, messages

from .models import ApiToken
from .services import api_token_create, api_token_revoke


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created here (the key is shown once) and revoked; only hashes are kept."""

    list_display = [
        "prefix",
        "name",
        "user",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "user__username"]
    fields = ["user", "name", "expires_at", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    raw_id_fields = ["user"]
    actions = ["revoke"]

    # Django's permissions decide: view to list tokens, add to create them, change to
    # revoke them (the list's action), delete to delete them. A token is never edited.
    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request)

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
        token, key = api_token_create(user=obj.user, name=obj.name, expires_at=obj.expires_at)
        obj.pk, obj.prefix, obj.key_hash = token.pk, token.prefix, token.key_hash
        obj.created_at, obj.expires_at = token.created_at, token.expires_at
        self.message_user(
            request,
            f"The key of “{token.name}” is {key} — copy it now: it is not stored and will not"
            " be shown again.",
            messages.WARNING,
        )

    @admin.action(description="Revoke the selected tokens", permissions=["change"])
    def revoke(self, request, queryset):
        for token in queryset:
            api_token_revoke(token=token)
        self.message_user(request, f"{queryset.count()} token(s) revoked.", messages.SUCCESS)
