"""The API's representation of speakers, quotes and claims, and of the writes on them."""

from functools import lru_cache

from django.urls import get_script_prefix, reverse
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.links import MAX_EVIDENCE_LINKS, MAX_LINK_LENGTH, validate_web_link
from config.serializers import RequestSerializer

from .models import Claim, ClaimEvent, Quote, Speaker, Verdict
from .permissions import sees_internal_notes, sees_reviewers
from .selectors import EMBEDDED_QUOTES

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


def quote_row(quote: Quote) -> dict:
    """A quote instance as the row :func:`claims.selectors.quote_rows` gives."""
    row = {f.attname: getattr(quote, f.attname) for f in Quote._meta.concrete_fields}
    row.pop("created_at"), row.pop("updated_at")
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


@lru_cache(maxsize=32)
def _reversed(view_name: str, script_prefix: str) -> str:
    """``reverse(view_name)``, kept per script prefix (which reverse puts in front)."""
    return reverse(view_name)


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


VERSION_HELP = (
    "The version this change was made from (as read). If the stored one is newer, the change"
    " is refused with 409 and what changed since; without it, the change applies to whatever"
    " is stored (last write wins)."
)


def version_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, required=False, help_text=VERSION_HELP
    )


class QuoteUpdateSerializer(RequestSerializer):
    """An editor's correction: only the fields given change."""

    speaker = SpeakerField(
        required=False, allow_null=True, help_text="Slug; null or empty: nobody."
    )
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
    speaker = SpeakerField(allow_null=True, help_text="Slug; null or empty: nobody.")
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class NoteSerializer(RequestSerializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    version = version_field()


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


class RestrictedField(serializers.CharField):
    """A read-only field that only some readers see: ``visible_to(user)`` decides, for the
    user of the request in the serializer's context (without a request, no one); for anyone
    else the field is left out of the record."""

    def __init__(self, *, visible_to, **kwargs):
        self.visible_to = visible_to
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        request = self.context.get("request")
        if not self.visible_to(getattr(request, "user", None)):
            raise serializers.SkipField
        return super().get_attribute(instance)


class WithRestrictedFields(serializers.ModelSerializer):
    """A record with ``RestrictedField`` s; its schema lists them as optional."""


class RestrictedFieldsSchema(OpenApiSerializerExtension):
    """A restricted field may be absent, so the schema does not require it (drf-spectacular
    requires every read-only field)."""

    target_class = WithRestrictedFields
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        fields = self.target.fields if hasattr(self.target, "fields") else self.target().fields
        restricted = {name for name, f in fields.items() if isinstance(f, RestrictedField)}
        required = [name for name in schema.get("required", []) if name not in restricted]
        if required:
            schema["required"] = required
        else:
            schema.pop("required", None)
        return schema


REVIEWER_HELP = (
    "{what} Present for signed-in editors, fact-checkers and staff, and for every reader when"
    " the instance makes reviewers public (REVIEWERS_PUBLIC); absent otherwise."
)
NOTE_HELP = (
    "Why the change was made: the newsroom's working note. Present for signed-in editors,"
    " fact-checkers and staff only; absent otherwise."
)


class ClaimEventSerializer(WithRestrictedFields):
    """One change of a claim. Readers outside the newsroom see what changed and when (the
    published verdicts); who made it and why are the newsroom's (`actor`, `note`)."""

    actor = RestrictedField(
        source="actor.username",
        visible_to=sees_reviewers,
        help_text=REVIEWER_HELP.format(what="User name of who made the change."),
    )
    note = RestrictedField(visible_to=sees_internal_notes, help_text=NOTE_HELP)
    claim = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = ClaimEvent
        fields = [
            "id",
            "claim",
            "action",
            "actor",
            "old_verdict",
            "new_verdict",
            "summary",
            "evidence_links",
            "quote_ids",
            "note",
            "version",
            "created_at",
        ]


class ClaimSerializer(WithRestrictedFields):
    url = serializers.HyperlinkedIdentityField(view_name="api:claim-detail")
    speaker = SpeakerRefSerializer(read_only=True)
    quotes = QuoteSerializer(
        source="embedded_quotes",
        many=True,
        read_only=True,
        help_text=f"The first {EMBEDDED_QUOTES} quotes attached, oldest first (rejected ones"
        " included, marked); `quote_count` counts them all, `quotes_url` lists them all.",
    )
    quote_count = serializers.IntegerField(read_only=True)
    quotes_url = serializers.SerializerMethodField(
        help_text="The claim's quotes, paginated: the quote list filtered by `claim`."
    )
    created_by = RestrictedField(
        source="created_by.username",
        allow_null=True,
        visible_to=sees_reviewers,
        help_text=REVIEWER_HELP.format(what="User name of who created the claim."),
    )

    def get_quotes_url(self, claim: Claim) -> str:
        request = self.context.get("request")
        url = f"{_reversed('api:quote-list', get_script_prefix())}?claim={claim.pk}"
        return request.build_absolute_uri(url) if request is not None else url

    class Meta:
        model = Claim
        fields = [
            "id",
            "url",
            "statement",
            "speaker",
            "verdict",
            "summary",
            "evidence_links",
            "quotes",
            "quote_count",
            "quotes_url",
            "version",
            "created_by",
            "created_at",
            "updated_at",
        ]


class QuoteIdsField(serializers.PrimaryKeyRelatedField):
    def __init__(self, **kwargs):
        super().__init__(queryset=Quote.objects.filter(rejected=False), many=False, **kwargs)


class ClaimCreateSerializer(RequestSerializer):
    statement = serializers.CharField(max_length=5000)
    speaker = SpeakerField()
    quotes = serializers.ListField(
        child=QuoteIdsField(), required=False, default=list, max_length=500
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ClaimQuotesSerializer(RequestSerializer):
    quotes = serializers.ListField(child=QuoteIdsField(), min_length=1, max_length=500)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ClaimQuotesRemoveSerializer(RequestSerializer):
    """Quotes to detach: rejected ones too (a statement found wrong leaves its claims)."""

    quotes = serializers.ListField(
        child=serializers.PrimaryKeyRelatedField(queryset=Quote.objects.all()),
        min_length=1,
        max_length=500,
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class VerdictSerializer(RequestSerializer):
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=10_000)
    evidence_links = serializers.ListField(
        child=serializers.CharField(max_length=MAX_LINK_LENGTH, validators=[validate_web_link]),
        required=False,
        max_length=MAX_EVIDENCE_LINKS,
        help_text="http:// or https:// addresses only.",
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    version = version_field()


class StaleEditSerializer(serializers.Serializer):
    """The 409 answer to a change made from an older version (for the schema)."""

    detail = serializers.CharField()
    version = serializers.IntegerField(help_text="The version stored now.")
    your_version = serializers.IntegerField(help_text="The version the change was made from.")
    changes = serializers.ListField(
        child=serializers.DictField(),
        help_text="Each recorded change since: version, by, at, field, old, new, note.",
    )
    current = serializers.DictField(help_text="The quote or claim as stored now.")
