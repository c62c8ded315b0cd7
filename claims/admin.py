from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from .conflicts import conflict_of
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
from .services import (
    QUOTE_EDITABLE,
    StaleEdit,
    api_token_create,
    api_token_revoke,
    claim_create,
    claim_quotes_add,
    claim_quotes_remove,
    claim_verdict_set,
    quote_update,
    speaker_check_unmerged,
)


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
    readonly_fields = [
        "article",
        "text",
        "content_start",
        "content_end",
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


@admin.register(SpeakerEvent)
class SpeakerEventAdmin(ReadOnlyHistory):
    list_display = ["speaker", "action", "data", "actor", "created_at"]


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
