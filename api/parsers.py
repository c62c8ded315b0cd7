"""Request bodies up to API_MAX_BODY_BYTES, refused with a JSON 413 beyond it.

DRF's settings name classes of this module, so it must not import anything that reads those
settings while it loads (rest_framework.views)."""

from __future__ import annotations

from django.conf import settings
from rest_framework import exceptions, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "too_large"


def _check_size(stream, media_type=None, parser_context=None) -> None:
    request = (parser_context or {}).get("request")
    length = request.META.get("CONTENT_LENGTH") if request is not None else None
    if length and length.isdigit() and int(length) > settings.API_MAX_BODY_BYTES:
        raise PayloadTooLarge(
            f"The request body is larger than the limit of {settings.API_MAX_BODY_BYTES:,} bytes."
        )


class LimitedJSONParser(JSONParser):
    """JSON bodies up to API_MAX_BODY_BYTES (DRF reads the stream itself, so Django's
    DATA_UPLOAD_MAX_MEMORY_SIZE would not apply)."""

    def parse(self, stream, media_type=None, parser_context=None):
        _check_size(stream, media_type, parser_context)
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise exceptions.ParseError("JSON parse error - nested too deeply") from exc


class LimitedFormParser(FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        _check_size(stream, media_type, parser_context)
        return super().parse(stream, media_type, parser_context)


class LimitedMultiPartParser(MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        _check_size(stream, media_type, parser_context)
        return super().parse(stream, media_type, parser_context)
