"""Idempotent POSTs: the same ``Idempotency-Key`` and body get the first response again."""

from __future__ import annotations

import hashlib
import json
from functools import wraps

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from rest_framework import exceptions, status
from rest_framework.response import Response

from .models import IdempotentRequest

MAX_IDEMPOTENCY_KEY = 200


def idempotent(view_method):
    """A POST sent again with the same ``Idempotency-Key`` header and the same body gets the
    first response again (with ``Idempotent-Replayed: true``) and changes nothing; the same
    key with another body (another file's content included) is refused (422). Keys are kept
    per user."""

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
