"""What the serializers share: links, the version of an edit, a note, a stale edit's answer."""

from functools import lru_cache

from django.urls import reverse
from rest_framework import serializers

from api.serializers import RequestSerializer


@lru_cache(maxsize=32)
def _reversed(view_name: str, script_prefix: str) -> str:
    """``reverse(view_name)``, kept per script prefix (which reverse puts in front)."""
    return reverse(view_name)


VERSION_HELP = (
    "The version this change was made from (as read). If the stored one is newer, the change"
    " is refused with 409 and what changed since; without it, the change applies to whatever"
    " is stored (last write wins)."
)


def version_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, required=False, help_text=VERSION_HELP
    )


class NoteSerializer(RequestSerializer):
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
