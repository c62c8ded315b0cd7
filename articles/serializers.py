from rest_framework import serializers

from claims.serializers import QuoteInArticleSerializer

from .models import Article


class ArticleListSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:article-detail")
    source_url = serializers.URLField(source="url", read_only=True, allow_null=True)
    quote_count = serializers.IntegerField(read_only=True)

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
            "extractor_version",
            "quote_count",
            "created_at",
            "updated_at",
        ]


class ArticleDetailSerializer(ArticleListSerializer):
    quotes = QuoteInArticleSerializer(many=True, read_only=True)

    class Meta(ArticleListSerializer.Meta):
        fields = [*ArticleListSerializer.Meta.fields, "body", "quotes"]
