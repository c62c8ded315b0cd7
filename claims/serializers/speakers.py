"""Speakers in the API: their records, a reference to one, and the writes on them."""

import re

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers import RequestSerializer
from api.validation import ID_PATTERN

from ..models import Speaker
from ..selectors import speaker_named

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
    """A speaker in writes, named as everywhere else (:func:`claims.selectors.speaker_named`):
    its id, its slug or any of its names. A merged speaker is named as it is, and refused by
    the services with one message naming the one it was merged into
    (:func:`claims.services.speaker_check_unmerged`). Null (or, as a form sends an unfilled
    field, an empty value) is nobody."""

    default_error_messages = {
        "does_not_exist": "No speaker has the id, slug or name {value}.",
        "no_such_ref": "No speaker has the id or slug {value}.",
        "invalid": "Give a speaker's id, slug or name, as text.",
    }

    def __init__(self, *, by_name: bool = True, **kwargs):
        """``by_name=False``: by id or slug only (a merged speaker's names are its target's
        now, so an unmerge names its source by id or slug)."""
        self.by_name = by_name
        super().__init__(slug_field="slug", queryset=Speaker.objects.all(), **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, int) and not isinstance(data, bool):
            data = str(data)
        if not isinstance(data, str) or "\x00" in data:
            self.fail("invalid")
        if self.by_name:
            speaker = speaker_named(data)
        else:
            ref = data.strip()
            lookup = {"pk": int(ref)} if re.fullmatch(ID_PATTERN, ref) else {"slug": ref}
            speaker = Speaker.objects.filter(**lookup).first()
        if speaker is None:
            self.fail("does_not_exist" if self.by_name else "no_such_ref", value=data.strip()[:200])
        return speaker


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
    source = SpeakerField(help_text="The speaker merged into this one (id, slug or any name).")
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class SpeakerUnmergeSerializer(RequestSerializer):
    source = SpeakerField(
        by_name=False,
        help_text="The speaker merged into this one whose merge is undone (id or slug: its names"
        " are this one's since the merge).",
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class UnmergeKeptSerializer(serializers.Serializer):
    quotes = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="Statements the merge moved that stay: an editor changed them since.",
    )
    claims = serializers.ListField(child=serializers.IntegerField(), required=False)
    aliases = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Names removed since."
    )
    unrecorded = serializers.DictField(
        child=serializers.IntegerField(),
        required=False,
        help_text="A merge recorded before merges kept ids: how many statements and claims"
        " it moved (they stay).",
    )
    wikidata_qid = serializers.CharField(
        required=False, help_text="The restored speaker's QID, which someone else has now."
    )


class UnmergedSerializer(serializers.Serializer):
    """What an unmerge did: the speaker restored, what moved back to it and what stayed."""

    speaker = SpeakerSerializer()
    quotes = serializers.ListField(child=serializers.IntegerField())
    aliases = serializers.ListField(child=serializers.CharField())
    claims = serializers.ListField(child=serializers.IntegerField())
    kept = UnmergeKeptSerializer()
