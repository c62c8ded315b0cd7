"""The API's error format: what Django or the database raise, said as DRF's JSON errors.

DRF's settings name the handler of this module, so it must not import anything that reads
those settings while it loads (rest_framework.views: imported inside the handler)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from rest_framework import exceptions

from .parsers import PayloadTooLarge
from .validation import DATA_ERROR_MESSAGE

logger = logging.getLogger(__name__)


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
