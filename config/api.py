"""What every API view shares: body size limit, error format, pagination, idempotent POSTs.

DRF's settings name classes of this module, so it must not import anything that reads those
settings while it loads (rest_framework.views, django-filter's DRF integration)."""

from __future__ import annotations

import hashlib
import json
import re
from functools import wraps

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError, transaction
from rest_framework import exceptions, status
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

MAX_IDEMPOTENCY_KEY = 200
# Ids in URLs: digits that fit a bigint column (anything else is a 404, not a database error).
ID_PATTERN = r"[0-9]{1,18}"


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


def api_exception_handler(exc, context):
    """DRF's handler, plus model validation errors from services as 400s, and a body over
    Django's limit (read before the parsers see it) as a 413."""
    # imported here: rest_framework.views reads the API settings, which name this module
    from rest_framework.views import exception_handler

    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge(
            f"The request body is larger than the limit of {settings.API_MAX_BODY_BYTES:,} bytes."
        )
    elif isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DataError):
        # a value the database cannot hold (a NUL character, a number out of range)
        exc = exceptions.ValidationError({"detail": f"A value is not valid here: {exc}"})
    return exception_handler(exc, context)


class NewestFirst(CursorPagination):
    """Cursor pagination by descending id: stable while rows are added."""

    ordering = "-id"
    page_size_query_param = "page_size"
    max_page_size = 200
    page_size_query_description = f"Items per page, from 1 to {max_page_size}."

    def get_page_size(self, request):
        """``page_size``: one whole number from 1 to ``max_page_size``, or none given (an
        empty value is none); anything else is refused, where DRF would quietly use the
        default size (or the last of several values)."""
        values = request.query_params.getlist(self.page_size_query_param)
        if not values or values == [""]:
            return self.page_size
        value = values[0].strip()
        fits = value.isascii() and value.isdigit() and 1 <= int(value) <= self.max_page_size
        if len(values) > 1 or not fits:
            message = f"Give one whole number from 1 to {self.max_page_size}."
            raise exceptions.ValidationError({self.page_size_query_param: [message]})
        return int(value)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters

    def decode_cursor(self, request):
        """DRF's decoding, refusing a position that is not an id when the order is by id
        (the database would be asked to compare an id with "abc")."""
        cursor = super().decode_cursor(request)
        by_id = self.ordering[0].lstrip("-") in ("id", "pk")
        position = cursor.position if cursor else None
        if by_id and position is not None and not re.fullmatch(ID_PATTERN, position):
            raise exceptions.NotFound(self.invalid_cursor_message)
        return cursor


class ByName(NewestFirst):
    ordering = ("name", "id")


def idempotent(view_method):
    """A POST sent again with the same ``Idempotency-Key`` header and the same body gets the
    first response again (with ``Idempotent-Replayed: true``) and changes nothing; the same
    key with another body is refused (422). Keys are kept per user."""
    from claims.models import IdempotentRequest

    @wraps(view_method)
    def wrapper(self, request, *args, **kwargs):
        key = request.headers.get("Idempotency-Key", "").strip()
        if not key or not request.user.is_authenticated:
            return view_method(self, request, *args, **kwargs)
        if len(key) > MAX_IDEMPOTENCY_KEY:
            raise exceptions.ValidationError(
                {"Idempotency-Key": f"At most {MAX_IDEMPOTENCY_KEY} characters."}
            )
        body_hash = _body_hash(request)
        stored = IdempotentRequest.objects.filter(user=request.user, key=key).first()
        if stored:
            return _replay(stored, request.path, body_hash)
        try:
            with transaction.atomic():
                response = view_method(self, request, *args, **kwargs)
                if 200 <= response.status_code < 300:
                    IdempotentRequest.objects.create(
                        user=request.user,
                        key=key,
                        path=request.path[:500],
                        body_hash=body_hash,
                        status_code=response.status_code,
                        response=response.data,
                        location=response.get("Location", ""),
                    )
        except IntegrityError:
            stored = IdempotentRequest.objects.filter(user=request.user, key=key).first()
            if stored is None:
                raise
            return _replay(stored, request.path, body_hash)
        return response

    return wrapper


def _body_hash(request) -> str:
    data = {
        name: (f"{value.name}:{value.size}" if hasattr(value, "read") else value)
        for name, value in (request.data.items() if hasattr(request.data, "items") else [])
    }
    canonical = json.dumps(data or request.data, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _replay(stored, path: str, body_hash: str) -> Response:
    if stored.path != path[:500] or stored.body_hash != body_hash:
        return Response(
            {"detail": "This Idempotency-Key was used for another request."},
            status=status.HTTP_422_UNPROCESSABLE_ENTITY,
        )
    headers = {"Idempotent-Replayed": "true"}
    if stored.location:
        headers["Location"] = stored.location
    return Response(stored.response, status=stored.status_code, headers=headers)
