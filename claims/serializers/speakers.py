"""Speakers in the API: their records, a reference to one, and the writes on them."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers import RequestSerializer

from ..models import Speaker

WIKIDATA_ITEM_URL = "https://www.wikidata.org/wiki/"


class SpeakerSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:speaker-detail", lookup_field="slug")
    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    quote_count = serializers.IntegerField(read_only=True)
    wikidata_url = serializers.SerializerMethodField()

    def get_wikidata_url(self, speaker: Speaker) -> str | None:
        """The speaker's Wikidata item, when its QID is known."""
        return f"{WIKIDATA_ITEM_URL}{speaker.wikidata_qid}" if speaker.wikidata_qid else None

    class Meta:
        model = Speaker
        fields = [
            "id",
            "url",
            "name",
            "slug",
            "kind",
            "description",
            "gender",
            "wikidata_qid",
            "wikidata_url",
            "aliases",
            "quote_count",
        ]


class SpeakerRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Speaker
        fields = ["id", "name", "slug", "kind"]


@extend_schema_field({"type": "string"})
class SpeakerField(serializers.SlugRelatedField):
    """A speaker by slug, in writes; merged speakers are not accepted. Null (or, as a form
    sends an unfilled field, an empty value) is nobody."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="slug", queryset=Speaker.objects.all(), **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or "\x00" in data:
            self.fail("invalid")
        # a merged speaker is refused by the services (claims.services.speaker_check_unmerged)
        return super().to_internal_value(data)


class AliasCreateSerializer(RequestSerializer):
    name = serializers.CharField(max_length=300)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class SpeakerIdentitySerializer(RequestSerializer):
    """Who a speaker is; only the fields given change."""

    wikidata_qid = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        max_length=200,
        help_text="Q22686 (or its Wikidata URL); null or empty: none.",
    )
    gender = serializers.ChoiceField(
        choices=Speaker.Gender.choices, required=False, allow_blank=True
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")

    def validate(self, attrs):
        if not set(attrs) - {"note"}:
            raise serializers.ValidationError("Nothing to change.")
        return attrs


class SpeakerMergeSerializer(RequestSerializer):
    source = SpeakerField(help_text="The speaker merged into this one (slug).")
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
