"""The change feed of quotes in the API: each change a quote's row, or the id of a quote
that is gone (deleted or rejected)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from .quotes import QuoteSerializer

if TYPE_CHECKING:
    from ..changes import ChangesPage


@extend_schema_field({"type": "boolean", "enum": [False]})
class FalseField(serializers.BooleanField):
    """Always false (the schema says so: a change is told from a deletion by it)."""


@extend_schema_field({"type": "boolean", "enum": [True]})
class TrueField(serializers.BooleanField):
    """Always true."""


class QuoteChangedSerializer(QuoteSerializer):
    """A quote added or changed: the row the quote list gives, with `deleted` false."""

    deleted = FalseField(read_only=True)

    class Meta(QuoteSerializer.Meta):
        fields = [*QuoteSerializer.Meta.fields, "deleted"]

    def to_representation(self, row: dict) -> dict:
        return {**super().to_representation(row), "deleted": False}


class QuoteGoneSerializer(serializers.Serializer):
    """A quote deleted, or rejected by an editor (hidden from the lists): drop it."""

    id = serializers.IntegerField(read_only=True)
    deleted = TrueField(read_only=True)


@extend_schema_field(
    PolymorphicProxySerializer(
        component_name="QuoteChange",
        serializers=[QuoteChangedSerializer, QuoteGoneSerializer],
        resource_type_field_name=None,
    )
)
class QuoteChangeField(serializers.Field):
    """One change of the feed (written by :class:`QuoteChangesSerializer`)."""


class QuoteChangesSerializer(serializers.Serializer):
    """A pull of the change feed: its changes, the cursor of the next pull, and whether more
    are waiting."""

    results = serializers.ListField(
        child=QuoteChangeField(),
        read_only=True,
        help_text="The changes, oldest first: each quote added or changed as the quote list"
        " gives it (`deleted`: false), each quote deleted or rejected as its `id` with"
        " `deleted`: true. A quote changed several times between two pulls comes once, as"
        " it is now.",
    )
    next_cursor = serializers.CharField(
        read_only=True,
        help_text="Send it as `updated_after` in the next pull: changes after those given.",
    )
    more = serializers.BooleanField(
        read_only=True,
        help_text="Whether more changes are waiting already: pull again at once.",
    )

    def to_representation(self, page: ChangesPage) -> dict:
        live = [change.row for change in page.changes if change.row is not None]
        rows = iter(QuoteChangedSerializer(live, many=True, context=self.context).data)
        return {
            "results": [
                next(rows) if change.row is not None else {"id": change.id, "deleted": True}
                for change in page.changes
            ],
            "next_cursor": page.next_cursor,
            "more": page.more,
        }
