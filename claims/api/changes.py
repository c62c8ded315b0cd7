"""The change feed of quotes: what changed since a client's last pull (claims.changes)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from api.filtering import query_params_check
from api.pagination import page_size_read

from ..changes import InvalidCursor, cursor_read, quote_changes
from ..serializers import QuoteChangesSerializer

CURSOR = "updated_after"
PAGE_SIZE = "page_size"
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
INVALID_CURSOR = (
    "Invalid cursor: send the next_cursor of an earlier pull as it is (none: from the beginning)."
)


class QuoteChanges(APIView):
    """What changed among the quotes since a client's last pull, oldest change first: each
    quote added or changed, as the quote list gives it (`deleted`: false), and each quote
    deleted or rejected by an editor (`{"id": 42, "deleted": true}`). Export everything
    first (`quotes/export.jsonl`) or start without `updated_after` (every quote there is),
    then send each answer's `next_cursor` as `updated_after` in the next pull. The cursor is
    a position in the order the database made the changes, never a time: a change that
    commits late is not missed."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                CURSOR,
                str,
                description="The `next_cursor` of the previous pull; none: from the"
                " beginning (every quote, no deletions).",
            ),
            OpenApiParameter(
                PAGE_SIZE,
                {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                description=f"Changes per pull, from 1 to {MAX_PAGE_SIZE}"
                f" (default {DEFAULT_PAGE_SIZE}).",
            ),
        ],
        responses={200: QuoteChangesSerializer},
    )
    def get(self, request):
        params = request.query_params
        query_params_check(params, known={CURSOR, PAGE_SIZE, api_settings.URL_FORMAT_OVERRIDE})
        limit = page_size_read(
            params, name=PAGE_SIZE, default=DEFAULT_PAGE_SIZE, maximum=MAX_PAGE_SIZE
        )
        try:
            after = cursor_read(params[CURSOR]) if params.get(CURSOR) else None
        except InvalidCursor as exc:
            raise ValidationError({CURSOR: [INVALID_CURSOR]}) from exc
        page = quote_changes(after=after, limit=limit)
        return Response(QuoteChangesSerializer(page, context={"request": request}).data)
