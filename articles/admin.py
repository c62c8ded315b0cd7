from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from claims import services as claim_services
from claims.models import Claim
from claims.selectors import quotes_kept

from .models import Article, Feed, Fetch
from .services import (
    article_delete,
    article_kept_message,
    article_requeue,
    feed_add,
    feed_poll,
)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "title",
        "outlet",
        "published_on",
        "status",
        "extractor_version",
        "created_at",
    ]
    list_filter = ["status", "outlet", "language"]
    search_fields = ["title", "url", "outlet"]
    readonly_fields = [
        "content_hash",
        "captions",
        "enqueued_at",
        "leased_by",
        "lease_expires_at",
        "duplicate_of",
        "status",
        "error",
        "extractor_version",
        "extracted_at",
        "created_at",
        "updated_at",
    ]
    actions = ["requeue"]

    def get_deleted_objects(self, objs, request):
        """An article whose statements people decided on is protected: the confirmation
        page says why, and deletes nothing."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        refusals = [
            article_kept_message(article=article, kept=kept)
            for article in objs
            if (kept := quotes_kept(article=article).count())
        ]
        if refusals:
            # the page would otherwise blame the missing permission to delete history rows
            return deleted, counts, set(), refusals
        return deleted, counts, perms_needed, protected

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"outlet", "published_on"} & set(form.changed_data):
            # the claims its statements are in keep their first appearance up to date
            for claim in Claim.objects.filter(quotes__article=obj).distinct():
                claim_services.claim_appearance_update(claim)

    def delete_model(self, request, obj):
        article_delete(article=obj)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            article_delete(article=article)

    @admin.action(description="Queue extraction again")
    def requeue(self, request, queryset):
        queued = 0
        for article in queryset:
            try:
                article_requeue(article=article)
                queued += 1
            except ValidationError as exc:
                self.message_user(request, f"{article}: {exc.messages[0]}", messages.WARNING)
        self.message_user(request, f"{queued} article(s) queued.", messages.SUCCESS)


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    """Editors register feeds here; beat polls the active ones."""

    list_display = ["url", "title", "outlet", "active", "polled_at", "error"]
    list_filter = ["active"]
    search_fields = ["url", "title", "outlet"]
    fields = ["url", "outlet", "active", "title", "polled_at", "error", "added_by"]
    readonly_fields = ["title", "polled_at", "error", "added_by"]
    actions = ["poll_now"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            created = feed_add(url=obj.url, outlet=obj.outlet, by=request.user)
            obj.pk, obj.added_by = created.pk, created.added_by

    @admin.action(description="Poll now")
    def poll_now(self, request, queryset):
        created = sum(feed_poll(feed=feed) for feed in queryset)
        self.message_user(request, f"{created} new article(s) queued.", messages.SUCCESS)


@admin.register(Fetch)
class FetchAdmin(admin.ModelAdmin):
    """Every request for a page or feed, as it went (provenance); read-only."""

    list_display = ["url", "status_code", "error", "seconds", "fetched_at"]
    search_fields = ["url", "final_url"]
    readonly_fields = [f.name for f in Fetch._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
