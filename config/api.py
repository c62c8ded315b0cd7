"""What every API view shares: body size limit, error format, pagination, idempotent POSTs.

DRF's settings name classes of this module, so it must not import anything that reads those
settings while it loads (rest_framework.views, django-filter's DRF integration)."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from functools import wraps

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import DataError, IntegrityError, transaction
from rest_framework import exceptions, status
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

MAX_IDEMPOTENCY_KEY = 200
# Ids in URLs: digits that fit a bigint column (anything else is a 404, not a database error).
ID_PATTERN = r"[0-9]{1,18}"
# Control characters (Unicode Cc: NUL, which PostgreSQL cannot store or compare, escape, C1)
# but tab, line feed and carriage return, which are white space: never part of a search, a
# filter value or a cursor.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_CHARACTERS_MESSAGE = "Control characters (such as NUL) are not allowed."
DATA_ERROR_MESSAGE = "A value is not valid here: too long, or a character that cannot be stored."

logger = logging.getLogger(__name__)


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
    """DRF's handler, plus model validation errors from services as 400s, a body over
    Django's limit (read before the parsers see it) as a 413, and so a body of more form
    fields or files than Django reads (a query string of too many parameters is a 400):
    Django would answer these with its HTML page."""
    # imported here: rest_framework.views reads the API settings, which name this module
    from rest_framework.views import exception_handler

    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge(
            f"The request body is larger than the limit of {settings.API_MAX_BODY_BYTES:,} bytes."
        )
    elif isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        if isinstance(exc, TooManyFilesSent):
            message = f"A request takes at most {settings.DATA_UPLOAD_MAX_NUMBER_FILES:,} files."
        else:
            message = f"A request takes at most {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,} fields."
        has_body = context["request"].method not in ("GET", "HEAD", "OPTIONS")
        exc = PayloadTooLarge(message) if has_body else exceptions.ParseError(message)
    elif isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DataError):
        # a value the database cannot hold that no check caught: said without the database's
        # words (they name its columns and types), which go to the log
        logger.warning("database refused a value: %s", exc)
        exc = exceptions.ValidationError({"detail": DATA_ERROR_MESSAGE})
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

    invalid_cursor_message = "Invalid cursor: use the next or previous link of a page as it is."

    def decode_cursor(self, request):
        """DRF's decoding, with a cursor that cannot be read refused as a bad parameter
        (400; DRF answers 404, as if the list were missing), and so is one that is not
        base64 and a position the database cannot compare: one that is not an id when the
        order is by id ("abc"), or one with a control character (NUL)."""
        encoded = request.query_params.get(self.cursor_query_param)
        # base64 as DRF writes it: its decoder would skip other characters ("%%%" is none)
        if encoded and not re.fullmatch(r"[A-Za-z0-9+/]+={0,2}", encoded):
            raise self._invalid_cursor()
        try:
            cursor = super().decode_cursor(request)
        except exceptions.NotFound as exc:
            raise self._invalid_cursor() from exc
        position = cursor.position if cursor else None
        if position is None:
            return cursor
        by_id = self.ordering[0].lstrip("-") in ("id", "pk")
        if CONTROL_CHARACTERS.search(position) or (
            by_id and not re.fullmatch(ID_PATTERN, position)
        ):
            raise self._invalid_cursor()
        return cursor

    def _invalid_cursor(self) -> exceptions.ValidationError:
        return exceptions.ValidationError({self.cursor_query_param: [self.invalid_cursor_message]})


class ByName(NewestFirst):
    ordering = ("name", "id")


def idempotent(view_method):
    """A POST sent again with the same ``Idempotency-Key`` header and the same body gets the
    first response again (with ``Idempotent-Replayed: true``) and changes nothing; the same
    key with another body (another file's content included) is refused (422). Keys are kept
    per user."""
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
    """What the request sends, as one digest: a JSON body as parsed, a form's every value,
    an uploaded file by the SHA-256 of its content (two files of the same name and size are
    two requests)."""
    data = request.data
    if hasattr(data, "lists"):  # a form (multipart or urlencoded), files included
        data = {name: [_value_digest(v) for v in values] for name, values in data.lists()}
    canonical = json.dumps(data, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _value_digest(value):
    if not isinstance(value, UploadedFile):
        return value
    content = hashlib.sha256()
    for chunk in value.chunks():
        content.update(chunk)
    value.seek(0)  # the view reads it next
    return {"file": value.name, "size": value.size, "sha256": content.hexdigest()}


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
