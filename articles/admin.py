from django.contrib import admin, messages

from .models import Article
from .services import article_requeue


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
        "status",
        "error",
        "extractor_version",
        "extracted_at",
        "created_at",
        "updated_at",
    ]
    actions = ["requeue"]

    @admin.action(description="Queue extraction again")
    def requeue(self, request, queryset):
        for article in queryset:
            article_requeue(article=article)
        self.message_user(request, f"{queryset.count()} article(s) queued.", messages.SUCCESS)
