from rest_framework import serializers

from .models import Quote, Speaker


class SpeakerSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:speaker-detail", lookup_field="slug")
    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    quote_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Speaker
        fields = [
            "id",
            "url",
            "name",
            "slug",
            "kind",
            "description",
            "wikidata_qid",
            "aliases",
            "quote_count",
        ]


class SpeakerRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Speaker
        fields = ["id", "name", "slug", "kind"]


class QuoteInArticleSerializer(serializers.ModelSerializer):
    speaker = SpeakerRefSerializer(read_only=True)

    class Meta:
        model = Quote
        fields = [
            "id",
            "text",
            "kind",
            "speaker",
            "mention",
            "cue",
            "content_start",
            "content_end",
            "mention_start",
            "mention_end",
            "cue_start",
            "cue_end",
            "confidence",
            "origin",
            "verified",
        ]


class QuoteSerializer(QuoteInArticleSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:quote-detail")
    article = serializers.HyperlinkedRelatedField(view_name="api:article-detail", read_only=True)
    article_title = serializers.CharField(source="article.title", read_only=True)
    published_on = serializers.DateField(source="article.published_on", read_only=True)

    class Meta(QuoteInArticleSerializer.Meta):
        fields = [
            "url",
            *QuoteInArticleSerializer.Meta.fields,
            "article",
            "article_title",
            "published_on",
        ]
