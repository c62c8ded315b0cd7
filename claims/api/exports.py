"""The quote exports (CSV and JSON Lines), streamed and weighed against the row budget."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import django_filters
from django.db import connection
from django.http import QueryDict, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound, Throttled, ValidationError

from api.filtering import IdFilter
from api.throttling import export_budget

from ..changes import changes_cursor_at, changes_settled
from ..filters import QuoteFilter
from ..search_forms import StatementSearchForm
from ..searches import quotes_matching, watchlist_search, watchlists_of
from ..selectors import QUOTE_ROW_FIELDS, quote_list
from ..serializers import (
    QuoteSerializer,
)
from .copied import copied_export

EXPORT_CHUNK = 2000


EXPORT_FIELDS = [
    "id",
    "text",
    "kind",
    "speaker_id",
    "speaker",
    "speaker_slug",
    "mention",
    "cue",
    "article_id",
    "article_title",
    "outlet",
    "published_on",
    "source_url",
    "content_start",
    "content_end",
    "confidence",
    "origin",
    "verified",
]


class QuoteExportFilter(QuoteFilter):
    watchlist = IdFilter(
        method="by_watchlist",
        help_text="The id of one of your watchlists (signed in): the statements it matches,"
        " the rows its page lists.",
    )

    search = django_filters.CharFilter(
        method="by_search",
        max_length=2000,
        help_text="A search of the search page, as its query string (`q=…&speakers=12,40&kind="
        "direct&kind=partial&outlets=…&verdict=false`, URL-encoded as one value): the rows"
        " that page lists. The search page's CSV and JSON Lines buttons use it.",
    )

    def by_search(self, queryset, name, value):
        form = StatementSearchForm(QueryDict(value))
        if not form.is_valid():
            raise ValidationError({"search": [str(e) for e in form.errors.values()]})
        return quotes_matching(form.search(), queryset)

    def by_watchlist(self, queryset, name, value):
        user = self.request.user if self.request else None
        own = user is not None and user.is_authenticated
        watchlist = watchlists_of(user).filter(pk=value).first() if own else None
        if watchlist is None:
            raise NotFound("You have no watchlist of this id.")
        return quotes_matching(watchlist_search(watchlist), queryset)


class ExportBudgetSpent(Throttled):
    default_detail = "Not enough of your export budget is left for this export."


class QuoteExport(generics.GenericAPIView):
    """All statements matching the quote filters, streamed as JSON Lines or CSV.

    Exports are weighed by their rows: each client may export EXPORT_ROWS_ANON rows per
    EXPORT_ROWS_WINDOW seconds by address, or EXPORT_ROWS_USER by user when signed in or
    with a token. An export whose rows do not fit in what is left of that budget is refused
    whole (429 with `Retry-After`: when they will fit); one with more rows than the whole
    budget is refused with 400 (narrow it with the filters). Refused exports spend nothing.

    The `X-Changes-Cursor` header of the answer is where to start `GET
    /api/v1/quotes/changes/?updated_after=` to keep the copy in sync: every change the export
    may have missed, and every deletion, come from there.
    """

    filterset_class = QuoteExportFilter
    pagination_class = None
    serializer_class = QuoteSerializer
    export_format = "jsonl"

    def get_queryset(self):
        return quote_list(rejected=None)

    @extend_schema(
        responses={
            (200, "application/x-ndjson"): OpenApiResponse(OpenApiTypes.STR),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR),
            (400, "application/json"): OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="A filter at fault, or more rows than the client's whole budget.",
            ),
            (429, "application/json"): OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="Not enough of the client's export budget is left (`Retry-After`).",
            ),
        },
        filters=True,
    )
    def get(self, request, *args, **kwargs):
        quotes = self.filter_queryset(self.get_queryset())
        # the rows settled at the feed's horizon: a row written later (or written again)
        # comes in the feed from the cursor, and a statement that arrives meanwhile cannot
        # push a counted row out of the export (its rows are cut at the count: no more rows
        # than were paid for)
        horizon, settled = changes_settled()
        quotes = quotes.filter(settled)
        count = quotes.count()
        self._spend(request, count)
        if connection.vendor == "postgresql":
            content = copied_export(quotes, count, self.export_format)
        elif self.export_format == "csv":
            content = _csv_lines(_export_rows(quotes, count))
        else:
            content = _json_lines(_export_rows(quotes, count))
        content_type = "text/csv" if self.export_format == "csv" else "application/x-ndjson"
        response = StreamingHttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="quotes.{self.export_format}"'
        response["X-Changes-Cursor"] = changes_cursor_at(horizon)
        return response

    @staticmethod
    def _spend(request, count: int) -> None:
        """Take ``count`` rows from the client's export budget, or refuse the export."""
        budget, ident = export_budget(request)
        per = _per_window(budget.window)
        if count > budget.limit:
            more = "" if request.user.is_authenticated else " or send an API token"
            raise ValidationError(
                {
                    "detail": f"This export has {count:,} rows, more than the {budget.limit:,}"
                    f" rows a client may export per {per}: narrow it with the filters"
                    f" (published_after, published_before, speaker, outlet, ...){more}."
                }
            )
        spent = budget.spend(ident, count)
        if not spent.allowed:
            raise ExportBudgetSpent(
                detail=f"This export has {count:,} rows; of your {budget.limit:,} rows per"
                f" {per}, not that many are left.",
                wait=spent.wait,
            )


def _export_rows(quotes, count: int) -> Iterator[dict]:
    """The first ``count`` of ``quotes`` as export rows: the quote lists' rows
    (:data:`claims.selectors.QUOTE_ROW_FIELDS`, read without model instances) with the
    article's url, under the export's column names."""
    rows = quotes.values(*QUOTE_ROW_FIELDS, "article__url")[:count]
    for row in rows.iterator(chunk_size=EXPORT_CHUNK):
        published = row["article__published_on"]
        yield {
            "id": row["id"],
            "text": row["text"],
            "kind": row["kind"],
            "speaker_id": row["speaker_id"],
            "speaker": row["speaker__name"],
            "speaker_slug": row["speaker__slug"],
            "mention": row["mention"],
            "cue": row["cue"],
            "article_id": row["article_id"],
            "article_title": row["article__title"],
            "outlet": row["article__outlet"],
            "published_on": published.isoformat() if published else None,
            "source_url": row["article__url"],
            "content_start": row["content_start"],
            "content_end": row["content_end"],
            "confidence": row["confidence"],
            "origin": row["origin"],
            "verified": row["verified"],
        }


def _json_lines(rows: Iterator[dict]) -> Iterator[str]:
    """JSON Lines, a chunk of EXPORT_CHUNK rows at a time (a write per row is slow)."""
    chunk = []
    for row in rows:
        chunk.append(json.dumps(row, ensure_ascii=False))
        if len(chunk) == EXPORT_CHUNK:
            yield "\n".join(chunk) + "\n"
            chunk = []
    if chunk:
        yield "\n".join(chunk) + "\n"


def _per_window(seconds: int) -> str:
    """``seconds`` as the budget's period: "hour", "day", "30 minutes"."""
    for unit, length in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds % length == 0:
            count = seconds // length
            return unit if count == 1 else f"{count} {unit}s"
    return f"{seconds} seconds"


# A spreadsheet reads a cell beginning with one of these as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value):
    """``value`` as a CSV cell: text that a spreadsheet would run as a formula gets a
    leading single quote, as OWASP recommends (titles and outlets come from the pages)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_lines(rows: Iterator[dict]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_FIELDS)
    writer.writeheader()
    for number, row in enumerate(rows, start=1):
        writer.writerow({name: _csv_cell(value) for name, value in row.items()})
        if number % EXPORT_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
