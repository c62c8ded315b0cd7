"""Statement groups and misquote alerts in the API, and the writes on them."""

from __future__ import annotations

from rest_framework import serializers

from api.permissions import sees_internal_notes, sees_reviewers
from api.serializers import RequestSerializer

from ..models import MisquoteAlert, StatementGroup
from .claims import NOTE_HELP, REVIEWER_HELP, RestrictedField, WithRestrictedFields
from .quotes import QuoteSerializer
from .speakers import SpeakerRefSerializer


class GroupedQuoteSerializer(QuoteSerializer):
    """A statement in a group: the quote list's row, with who put it there and how close it
    was to the statement it joined through."""

    by_editor = serializers.BooleanField(read_only=True, help_text="An editor put it here.")
    score = serializers.FloatField(
        read_only=True, allow_null=True, help_text="The worker's similarity when it joined."
    )

    class Meta(QuoteSerializer.Meta):
        fields = [*QuoteSerializer.Meta.fields, "by_editor", "score"]

    def to_representation(self, row: dict) -> dict:
        return {
            **super().to_representation(row),
            "by_editor": row["by_editor"],
            "score": row["score"],
        }


class StatementGroupSerializer(serializers.ModelSerializer):
    """A group in lists: one statement of one speaker as several articles reported it."""

    url = serializers.HyperlinkedIdentityField(view_name="api:statementgroup-detail")
    speaker = SpeakerRefSerializer(read_only=True)
    statement_count = serializers.IntegerField(read_only=True)
    outlet_count = serializers.IntegerField(read_only=True)
    first_published_on = serializers.DateField(
        read_only=True, allow_null=True, help_text="When the statement first appeared."
    )
    open_alerts = serializers.IntegerField(read_only=True, help_text="Open misquote alerts.")

    class Meta:
        model = StatementGroup
        fields = [
            "id",
            "url",
            "speaker",
            "statement_count",
            "outlet_count",
            "first_published_on",
            "open_alerts",
            "created_at",
            "updated_at",
        ]


class MisquoteAlertSerializer(WithRestrictedFields):
    """Two quotations of one statement whose quoted words differ: the earlier and the later
    report, and each change from the earlier's words to the later's. Who decided an alert and
    their note are the newsroom's (`reviewed_by`, `note`)."""

    url = serializers.HyperlinkedIdentityField(view_name="api:misquotealert-detail")
    group = serializers.HyperlinkedRelatedField(
        view_name="api:statementgroup-detail", read_only=True
    )
    earlier = QuoteSerializer(read_only=True)
    later = QuoteSerializer(read_only=True)
    changes = serializers.JSONField(
        read_only=True, help_text='Each {"before": [words], "after": [words]}.'
    )
    reviewed_by = RestrictedField(
        source="reviewed_by.username",
        visible_to=sees_reviewers,
        allow_null=True,
        help_text=REVIEWER_HELP.format(what="User name of the fact-checker who decided."),
    )
    note = RestrictedField(visible_to=sees_internal_notes, help_text=NOTE_HELP)

    class Meta:
        model = MisquoteAlert
        fields = [
            "id",
            "url",
            "group",
            "status",
            "earlier",
            "later",
            "words_earlier",
            "words_later",
            "changes",
            "reviewed_by",
            "reviewed_at",
            "note",
            "created_at",
        ]


class StatementGroupDetailSerializer(StatementGroupSerializer):
    """A group with its statements, first appearance first, and its misquote alerts."""

    statements = serializers.SerializerMethodField()
    outlets = serializers.ListField(child=serializers.CharField(), read_only=True)
    alerts = serializers.SerializerMethodField()

    class Meta(StatementGroupSerializer.Meta):
        fields = [*StatementGroupSerializer.Meta.fields, "outlets", "statements", "alerts"]

    def get_statements(self, group: StatementGroup) -> list[dict]:
        return GroupedQuoteSerializer(
            self.context["record"].members, many=True, context=self.context
        ).data

    def get_alerts(self, group: StatementGroup) -> list[dict]:
        return MisquoteAlertSerializer(
            self.context["record"].alerts, many=True, context=self.context
        ).data

    def to_representation(self, group: StatementGroup) -> dict:
        return {**super().to_representation(group), "outlets": self.context["record"].outlets}


class QuoteGroupJoinSerializer(RequestSerializer):
    """Editors: put the statement in the group of another statement of the same speaker."""

    with_quote = serializers.IntegerField(
        min_value=1, max_value=2**62, help_text="The statement whose group it joins."
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class QuoteGroupLeaveSerializer(RequestSerializer):
    """Editors: take the statement out of its group, with a note."""

    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class MisquoteReviewSerializer(RequestSerializer):
    """Fact-checkers: confirm an open alert as a misquote, or dismiss it."""

    status = serializers.ChoiceField(
        choices=[MisquoteAlert.Status.CONFIRMED, MisquoteAlert.Status.DISMISSED]
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
