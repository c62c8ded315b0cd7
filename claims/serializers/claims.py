"""Claims in the API, their history (reviewers and notes for the newsroom only) and writes."""

from django.contrib.auth import get_user_model
from django.urls import get_script_prefix
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.permissions import sees_internal_notes, sees_reviewers
from api.serializers import RequestSerializer
from articles.links import MAX_EVIDENCE_LINKS, MAX_LINK_LENGTH, validate_web_link

from ..models import Claim, ClaimEvent, Quote, Verdict
from ..selectors import EMBEDDED_QUOTES
from ..services.review import STATUS_SETTABLE
from .common import _reversed, version_field
from .quotes import QuoteSerializer
from .speakers import SpeakerField, SpeakerRefSerializer


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


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "properties": {
            "verdict": {"type": "string", "enum": list(Verdict.values)},
            "summary": {"type": "string"},
            "evidence_links": {"type": "array", "items": {"type": "string"}},
            "drafted_by": {"type": "string"},
            "drafted_at": {"type": "string", "format": "date-time"},
        },
    }
)
class DraftField(RestrictedField):
    """A verdict waiting for a second fact-checker (null: none), for the newsroom only."""

    def __init__(self, **kwargs):
        super().__init__(visible_to=sees_internal_notes, source="*", **kwargs)

    def to_representation(self, claim: Claim):
        if not claim.draft_verdict:
            return None
        return {
            "verdict": claim.draft_verdict,
            "summary": claim.draft_summary,
            "evidence_links": list(claim.draft_evidence_links),
            "drafted_by": claim.drafted_by.username if claim.drafted_by else None,
            "drafted_at": claim.drafted_at.isoformat() if claim.drafted_at else None,
        }


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
    # What the event's ``old`` and ``new`` hold, by the names (and the schema) the API has
    # always given them, from when they were columns of their own. The resource is read-only.
    action = serializers.ChoiceField(choices=ClaimEvent.Action.choices, required=False)
    old_verdict = serializers.ChoiceField(choices=Verdict.choices)
    new_verdict = serializers.ChoiceField(choices=Verdict.choices)
    summary = serializers.CharField(required=False, allow_blank=True)
    evidence_links = serializers.JSONField(required=False)
    quote_ids = serializers.JSONField(required=False)
    old_statement = serializers.CharField(
        required=False, allow_blank=True, help_text="A statement edit: the claim's text before."
    )
    new_statement = serializers.CharField(
        required=False, allow_blank=True, help_text="A statement edit: the claim's text after."
    )

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
            "old_statement",
            "new_statement",
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
    status = RestrictedField(
        visible_to=sees_internal_notes,
        help_text="Where the desk's review is: new, in_progress, second_review, published."
        " For the newsroom only.",
    )
    assignee = RestrictedField(
        source="assignee.username",
        allow_null=True,
        visible_to=sees_internal_notes,
        help_text="User name of the fact-checker checking it. For the newsroom only.",
    )
    draft = DraftField(
        help_text="A verdict waiting for a second fact-checker's approval (VERDICT_APPROVAL),"
        " null when none; `verdict` is the published one. For the newsroom only."
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
            "status",
            "assignee",
            "draft",
            "created_by",
            "created_at",
            "updated_at",
        ]


class QuoteIdsField(serializers.PrimaryKeyRelatedField):
    def __init__(self, **kwargs):
        super().__init__(queryset=Quote.objects.filter(rejected=False), many=False, **kwargs)


class ClaimCreateSerializer(RequestSerializer):
    statement = serializers.CharField(max_length=5000)
    speaker = SpeakerField(help_text="Id, slug or any name of the speaker.")
    quotes = serializers.ListField(
        child=QuoteIdsField(), required=False, default=list, max_length=500
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ClaimStatementSerializer(RequestSerializer):
    statement = serializers.CharField(
        max_length=5000, help_text="The claim as one checkable sentence; its quotes keep theirs."
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    version = version_field()


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


class ReviewStepSerializer(RequestSerializer):
    """Approve a draft verdict, or send it back, with a note."""

    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    version = version_field()


class ClaimAssignSerializer(RequestSerializer):
    assignee = serializers.SlugRelatedField(
        slug_field="username",
        queryset=get_user_model().objects.filter(is_active=True),
        allow_null=True,
        help_text="User name of a fact-checker; null: nobody.",
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ClaimStatusSerializer(RequestSerializer):
    status = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in STATUS_SETTABLE],
        help_text="new, in_progress or second_review: a claim is published by its verdict.",
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
