from rest_framework import serializers

from api.serializers import RequestSerializer
from claims.selectors import EMBEDDED_QUOTES
from claims.serializers import QuoteInArticleSerializer

from .models import Article


class ArticleListSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:article-detail")
    source_url = serializers.URLField(source="url", read_only=True, allow_null=True)
    quote_count = serializers.IntegerField(read_only=True)
    duplicate_of = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "url",
            "title",
            "outlet",
            "source_url",
            "published_on",
            "language",
            "status",
            "error",
            "duplicate_of",
            "extractor_version",
            "quote_count",
            "created_at",
            "updated_at",
        ]


class ArticleDetailSerializer(ArticleListSerializer):
    quotes = QuoteInArticleSerializer(
        source="embedded_quotes",
        many=True,
        read_only=True,
        help_text=f"The first {EMBEDDED_QUOTES} quotes in text order (rejected ones included,"
        " marked); `quote_count` counts them all, and `quotes_url` lists them all, paginated.",
    )
    quotes_url = serializers.HyperlinkedIdentityField(
        view_name="api:article-quotes",
        help_text="The article's quotes, paginated (rejected ones with `rejected=true`).",
    )

    class Meta(ArticleListSerializer.Meta):
        fields = [*ArticleListSerializer.Meta.fields, "body", "quotes", "quotes_url"]


class ArticleIngestSerializer(RequestSerializer):
    """One of ``text``, ``html``, ``file`` (.txt or .html: a page is cleaned by a worker) or
    ``url`` (fetched by a worker); the other fields are optional (taken from the page when it
    has them)."""

    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    html = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    file = serializers.FileField(required=False)
    url = serializers.URLField(required=False, max_length=2000)
    title = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    outlet = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    published_on = serializers.DateField(required=False, allow_null=True, default=None)

    def validate(self, attrs):
        given = [name for name in ("text", "html", "file") if attrs.get(name)]
        if len(given) > 1:
            raise serializers.ValidationError("Give one of text, html or file, not several.")
        if not given and not attrs.get("url"):
            raise serializers.ValidationError("Give the article as text, html, file or url.")
        return attrs
