"""The base of every API request body: a field it does not know is refused, not ignored."""

from collections.abc import Mapping

from drf_spectacular.extensions import OpenApiSerializerExtension
from rest_framework import serializers
from rest_framework.utils import html

# Sent by Django's HTML forms (the browsable API's included), never a field of ours.
FORM_FIELDS = frozenset({"csrfmiddlewaretoken"})


class RequestSerializer(serializers.Serializer):
    """A write's body. A field it does not declare (or may not be written) is a 400 naming
    it, beside any other errors of the body: a misspelt ``speker`` would otherwise leave the
    speaker as it was and answer 200. In JSON, a text field takes a string, not a number
    (DRF would turn ``"note": 0`` into ``"0"``)."""

    def to_internal_value(self, data):
        unknown = {}
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = {
                name: ["Unknown field."] for name in data if name not in writable | FORM_FIELDS
            }
            if not html.is_html_input(data):
                unknown |= {
                    name: ["Not a valid string."]
                    for name, field in self.fields.items()
                    if isinstance(field, serializers.CharField)
                    and name in data
                    and data[name] is not None
                    and not isinstance(data[name], str)
                }
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if unknown and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**exc.detail, **unknown}) from exc
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


class RequestSerializerSchema(OpenApiSerializerExtension):
    """The schema says so too: request bodies have ``additionalProperties: false``."""

    target_class = RequestSerializer
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        if direction == "request":
            schema["additionalProperties"] = False
        return schema
