"""Quotes in the API: their rows and records, and an editor's corrections and additions."""

from django.urls import get_script_prefix
from rest_framework import serializers

from api.serializers import RequestSerializer

from ..models import Quote
from ..similarity import MIN_SCORE
from .common import _reversed, version_field
from .speakers import SpeakerField, SpeakerRefSerializer

SPEAKER_HELP = "Id, slug or any name of the speaker; null or empty: nobody."


class QuoteInArticleSerializer(serializers.ModelSerializer):
    """A quote as read. The fields are declared for validation and the schema; reading
    builds the dictionary directly, since lists serialise tens of quotes per request."""

    speaker = SpeakerRefSerializer(read_only=True, allow_null=True)

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
            "rejected",
            "version",
        ]

    def to_representation(self, quote: Quote | dict) -> dict:
        row = quote if isinstance(quote, dict) else quote_row(quote)
        return {
            "id": row["id"],
            "text": row["text"],
            "kind": row["kind"],
            "speaker": (
                {
                    "id": row["speaker_id"],
                    "name": row["speaker__name"],
                    "slug": row["speaker__slug"],
                    "kind": row["speaker__kind"],
                }
                if row["speaker_id"] is not None
                else None
            ),
            "mention": row["mention"],
            "cue": row["cue"],
            "content_start": row["content_start"],
            "content_end": row["content_end"],
            "mention_start": row["mention_start"],
            "mention_end": row["mention_end"],
            "cue_start": row["cue_start"],
            "cue_end": row["cue_end"],
            "confidence": row["confidence"],
            "origin": row["origin"],
            "verified": row["verified"],
            "rejected": row["rejected"],
            "version": row["version"],
        }


# The quote's own columns in a row (claims.selectors.QUOTE_ROW_FIELDS): its times are not,
# and may not have been read.
QUOTE_ROW_COLUMNS = [
    f.attname for f in Quote._meta.concrete_fields if f.name not in ("created_at", "updated_at")
]


def quote_row(quote: Quote) -> dict:
    """A quote instance as the row :func:`claims.selectors.quote_rows` gives."""
    row = {name: getattr(quote, name) for name in QUOTE_ROW_COLUMNS}
    speaker, article = quote.speaker, quote.article
    row["speaker__name"] = speaker.name if speaker else None
    row["speaker__slug"] = speaker.slug if speaker else None
    row["speaker__kind"] = speaker.kind if speaker else None
    row["article__title"] = article.title
    row["article__outlet"] = article.outlet
    row["article__published_on"] = article.published_on
    return row


class QuoteSerializer(QuoteInArticleSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:quote-detail")
    article = serializers.HyperlinkedRelatedField(view_name="api:article-detail", read_only=True)
    article_id = serializers.IntegerField(read_only=True)
    article_title = serializers.CharField(source="article.title", read_only=True)
    outlet = serializers.CharField(source="article.outlet", read_only=True)
    published_on = serializers.DateField(
        source="article.published_on", read_only=True, allow_null=True
    )

    class Meta(QuoteInArticleSerializer.Meta):
        fields = [
            "url",
            *QuoteInArticleSerializer.Meta.fields,
            "article",
            "article_id",
            "article_title",
            "outlet",
            "published_on",
        ]

    def to_representation(self, quote: Quote | dict) -> dict:
        row = quote if isinstance(quote, dict) else quote_row(quote)
        quotes_url, articles_url = self._list_urls()
        published = row["article__published_on"]
        return {
            "url": f"{quotes_url}{row['id']}/",
            **super().to_representation(row),
            "article": f"{articles_url}{row['article_id']}/",
            "article_id": row["article_id"],
            "article_title": row["article__title"],
            "outlet": row["article__outlet"],
            "published_on": published.isoformat() if published else None,
        }

    def _list_urls(self) -> tuple[str, str]:
        """The absolute URLs of the quote and article lists, worked out once per request."""
        root = self.root
        if not hasattr(root, "_list_urls_cache"):
            request = self.context.get("request")
            absolute = request.build_absolute_uri if request is not None else (lambda u: u)
            prefix = get_script_prefix()
            root._list_urls_cache = (
                absolute(_reversed("api:quote-list", prefix)),
                absolute(_reversed("api:article-list", prefix)),
            )
        return root._list_urls_cache


class QuoteUpdateSerializer(RequestSerializer):
    """An editor's correction: only the fields given change."""

    speaker = SpeakerField(required=False, allow_null=True, help_text=SPEAKER_HELP)
    kind = serializers.ChoiceField(choices=Quote.Kind.choices, required=False)
    content_start = serializers.IntegerField(min_value=0, required=False)
    content_end = serializers.IntegerField(min_value=1, required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    version = version_field()

    def validate(self, attrs):
        if ("content_start" in attrs) != ("content_end" in attrs):
            raise serializers.ValidationError("Give both content_start and content_end.")
        if "content_start" in attrs and attrs["content_start"] >= attrs["content_end"]:
            raise serializers.ValidationError("content_start must come before content_end.")
        if not set(attrs) - {"note", "version"}:
            raise serializers.ValidationError("Nothing to change.")
        return attrs


class QuoteCreateSerializer(RequestSerializer):
    """A statement the extractor missed, added by an editor."""

    article = serializers.IntegerField(min_value=1, max_value=2**62)
    content_start = serializers.IntegerField(min_value=0, max_value=2**31 - 1)
    content_end = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    kind = serializers.ChoiceField(choices=Quote.Kind.choices)
    speaker = SpeakerField(allow_null=True, help_text=SPEAKER_HELP)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class SimilarQuerySerializer(serializers.Serializer):
    """The query of ``quotes/{id}/similar/``."""

    speaker = serializers.CharField(
        required=False, max_length=500, help_text="Only this speaker's: id, slug or any name."
    )
    published_after = serializers.DateField(required=False, help_text="On or after (ISO date).")
    published_before = serializers.DateField(required=False, help_text="On or before.")
    limit = serializers.IntegerField(
        required=False, min_value=1, max_value=100, default=20, help_text="At most (1-100)."
    )
    min_score = serializers.FloatField(
        required=False,
        min_value=-1,
        max_value=1,
        default=MIN_SCORE,
        help_text=f"The lowest similarity given (cosine, -1 to 1; default {MIN_SCORE}).",
    )


class SimilarQuoteSerializer(QuoteSerializer):
    """A statement close in meaning to another: the quote list's row, with its similarity."""

    score = serializers.FloatField(
        read_only=True, help_text="Cosine similarity of the two statements' embeddings, -1 to 1."
    )

    class Meta(QuoteSerializer.Meta):
        fields = ["score", *QuoteSerializer.Meta.fields]

    def to_representation(self, row: dict) -> dict:
        return {"score": row["score"], **super().to_representation(row)}


class SimilarQuotesSerializer(serializers.Serializer):
    """What ``quotes/{id}/similar/`` answers."""

    quote = serializers.IntegerField(read_only=True, help_text="The statement compared.")
    encoder = serializers.CharField(read_only=True, help_text="The embeddings' encoder.")
    results = SimilarQuoteSerializer(many=True, read_only=True)
