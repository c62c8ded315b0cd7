"""REST API of speakers, quotes and claims: thin views over selectors and services."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, Throttled, ValidationError
from rest_framework.response import Response

from articles.models import Article
from config.api import ID_PATTERN, ByName, NewestFirst, idempotent
from config.throttling import export_budget

from . import services
from .claimreview import claim_review
from .conflicts import conflict_of
from .filters import ClaimEventFilter, ClaimFilter, QuoteFilter, SpeakerFilter
from .models import Claim, Quote, Speaker
from .permissions import EDITORS, FACT_CHECKERS
from .selectors import (
    EMBEDDED_QUOTES,
    claim_events,
    claim_list,
    quote_list,
    quote_rows_all,
    speaker_get,
    speaker_list,
)
from .serializers import (
    AliasCreateSerializer,
    ClaimCreateSerializer,
    ClaimEventSerializer,
    ClaimQuotesRemoveSerializer,
    ClaimQuotesSerializer,
    ClaimSerializer,
    NoteSerializer,
    QuoteCreateSerializer,
    QuoteSerializer,
    QuoteUpdateSerializer,
    SpeakerIdentitySerializer,
    SpeakerMergeSerializer,
    SpeakerSerializer,
    StaleEditSerializer,
    VerdictSerializer,
)

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


class StaleEditsAre409:
    """A change made from an older ``version`` than the stored one answers 409 Conflict with
    what changed since (from the history) and the row as it is now; nothing was saved."""

    def handle_exception(self, exc):
        if isinstance(exc, services.StaleEdit):
            body = {**conflict_of(exc).as_dict(), "current": self._fresh(exc.current)}
            return Response(body, status=status.HTTP_409_CONFLICT)
        return super().handle_exception(exc)


STALE = OpenApiResponse(StaleEditSerializer, description="Changed since the version sent.")


class SpeakerViewSet(viewsets.ReadOnlyModelViewSet):
    """Canonical speakers with their aliases and number of statements; `q` finds a speaker
    by any name. Editors add aliases and merge speakers."""

    serializer_class = SpeakerSerializer
    pagination_class = ByName
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    filterset_class = SpeakerFilter
    write_roles = {"aliases": EDITORS, "merge": EDITORS, "identity": EDITORS}

    def get_queryset(self):
        if self.action == "quotes":
            return quote_rows_all()
        return speaker_list().prefetch_related("aliases")

    def get_object(self):
        try:
            speaker = speaker_get(slug=self.kwargs["slug"], aliases=self.action != "quotes")
        except Speaker.DoesNotExist as exc:
            raise NotFound("No such speaker.") from exc
        self.check_object_permissions(self.request, speaker)
        return speaker

    def retrieve(self, request, *args, **kwargs):
        speaker = self.get_object()
        if speaker.merged_into_id:
            target = speaker.merge_target()
            return Response(
                {"detail": f"Merged into {target.slug}.", "merged_into": target.slug},
                status=status.HTTP_301_MOVED_PERMANENTLY,
                headers={"Location": reverse("api:speaker-detail", args=[target.slug])},
            )
        speaker.quote_count = speaker.quotes.filter(rejected=False).count()
        return Response(self.get_serializer(speaker).data)

    @extend_schema(responses=QuoteSerializer(many=True), filters=True)
    @action(detail=True, methods=["get"], filterset_class=QuoteFilter, pagination_class=NewestFirst)
    def quotes(self, request, slug=None):
        """The speaker's statements, newest first (the quote filters apply)."""
        speaker = self.get_object()
        quotes = self.filter_queryset(self.get_queryset().filter(speaker=speaker))
        page = self.paginate_queryset(quotes)
        data = QuoteSerializer(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)

    @extend_schema(request=AliasCreateSerializer, responses={201: SpeakerSerializer})
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    @idempotent
    def aliases(self, request, slug=None):
        """Editors: record another name of this speaker."""
        speaker = self.get_object()
        form = AliasCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.speaker_alias_create(speaker=speaker, by=request.user, **form.validated_data)
        return Response(self._fresh(speaker), status=status.HTTP_201_CREATED)

    @extend_schema(request=SpeakerMergeSerializer, responses={200: SpeakerSerializer})
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    @idempotent
    def merge(self, request, slug=None):
        """Editors: merge another speaker into this one (aliases, quotes and claims move)."""
        target = self.get_object()
        form = SpeakerMergeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.speaker_merge(target=target, by=request.user, **form.validated_data)
        return Response(self._fresh(target))

    @extend_schema(request=SpeakerIdentitySerializer, responses={200: SpeakerSerializer})
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    @idempotent
    def identity(self, request, slug=None):
        """Editors: set the speaker's Wikidata QID and gender (a QID another speaker has is
        refused: merge the two)."""
        speaker = self.get_object()
        form = SpeakerIdentitySerializer(data=request.data)
        form.is_valid(raise_exception=True)
        note = form.validated_data.pop("note")
        services.speaker_identity_set(
            speaker=speaker, by=request.user, changes=form.validated_data, note=note
        )
        return Response(self._fresh(speaker))

    def _fresh(self, speaker: Speaker) -> dict:
        speaker = speaker_list().prefetch_related("aliases").get(pk=speaker.pk)
        return self.get_serializer(speaker).data


class QuoteViewSet(
    StaleEditsAre409,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Attributed statements, newest first, with filters and full-text search (`q`).
    Editors correct them (speaker, kind, span), verify or reject them, and add missed ones."""

    lookup_value_regex = ID_PATTERN

    serializer_class = QuoteSerializer
    filterset_class = QuoteFilter
    write_roles = {
        "create": EDITORS,
        "partial_update": EDITORS,
        "verify": EDITORS,
        "reject": EDITORS,
    }

    def get_queryset(self):
        return quote_rows_all()

    def _quote(self) -> Quote:
        quote = get_object_or_404(Quote, pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, quote)
        return quote

    def _fresh(self, quote: Quote) -> dict:
        return self.get_serializer(self.get_queryset().get(pk=quote.pk)).data

    @extend_schema(request=QuoteCreateSerializer, responses={201: QuoteSerializer})
    @idempotent
    def create(self, request, *args, **kwargs):
        form = QuoteCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        article = get_object_or_404(Article, pk=data.pop("article"))
        quote = services.quote_create(article=article, by=request.user, **data)
        body = self._fresh(quote)
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["url"]})

    @extend_schema(request=QuoteUpdateSerializer, responses={200: QuoteSerializer, 409: STALE})
    def partial_update(self, request, *args, **kwargs):
        """Editors: correct the speaker, kind or span; the machine never changes it again.
        Send the `version` you read: a quote changed since answers 409."""
        quote = self._quote()
        form = QuoteUpdateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        changes = dict(form.validated_data)
        note = changes.pop("note", "")
        version = changes.pop("version", None)
        services.quote_update(
            quote=quote, by=request.user, changes=changes, note=note, expected_version=version
        )
        return Response(self._fresh(quote))

    @extend_schema(request=NoteSerializer, responses={200: QuoteSerializer, 409: STALE})
    @action(detail=True, methods=["post"], filterset_class=None)
    def verify(self, request, pk=None):
        """Editors: confirm the statement and its attribution."""
        return self._mark(request, verified=True)

    @extend_schema(request=NoteSerializer, responses={200: QuoteSerializer, 409: STALE})
    @action(detail=True, methods=["post"], filterset_class=None)
    def reject(self, request, pk=None):
        """Editors: not a statement; hidden from lists, and never extracted again."""
        return self._mark(request, rejected=True)

    def _mark(self, request, **flag):
        quote = self._quote()
        form = NoteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.quote_update(
            quote=quote,
            by=request.user,
            changes=flag,
            note=form.validated_data["note"],
            expected_version=form.validated_data.get("version"),
        )
        return Response(self._fresh(quote))


class ExportBudgetSpent(Throttled):
    default_detail = "Not enough of your export budget is left for this export."


class QuoteExport(generics.GenericAPIView):
    """All statements matching the quote filters, streamed as JSON Lines or CSV.

    Exports are weighed by their rows: each client may export EXPORT_ROWS_ANON rows per
    EXPORT_ROWS_WINDOW seconds by address, or EXPORT_ROWS_USER by user when signed in or
    with a token. An export whose rows do not fit in what is left of that budget is refused
    whole (429 with `Retry-After`: when they will fit); one with more rows than the whole
    budget is refused with 400 (narrow it with the filters). Refused exports spend nothing.
    """

    filterset_class = QuoteFilter
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
        count = quotes.count()
        self._spend(request, count)
        # no more rows than were paid for, should some arrive meanwhile
        rows = self._rows(quotes[:count])
        if self.export_format == "csv":
            response = StreamingHttpResponse(_csv_lines(rows), content_type="text/csv")
        else:
            lines = (json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
            response = StreamingHttpResponse(lines, content_type="application/x-ndjson")
        response["Content-Disposition"] = f'attachment; filename="quotes.{self.export_format}"'
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

    def _rows(self, quotes) -> Iterator[dict]:
        for quote in quotes.iterator(chunk_size=EXPORT_CHUNK):
            article, speaker = quote.article, quote.speaker
            yield {
                "id": quote.pk,
                "text": quote.text,
                "kind": quote.kind,
                "speaker_id": quote.speaker_id,
                "speaker": speaker.name if speaker else None,
                "speaker_slug": speaker.slug if speaker else None,
                "mention": quote.mention,
                "cue": quote.cue,
                "article_id": quote.article_id,
                "article_title": article.title,
                "outlet": article.outlet,
                "published_on": article.published_on.isoformat() if article.published_on else None,
                "source_url": article.url,
                "content_start": quote.content_start,
                "content_end": quote.content_end,
                "confidence": quote.confidence,
                "origin": quote.origin,
                "verified": quote.verified,
            }


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
    for row in rows:
        writer.writerow({name: _csv_cell(value) for name, value in row.items()})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


class ClaimViewSet(StaleEditsAre409, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Checkable claims grouping quotes, with their verdicts. Fact-checkers create them,
    attach quotes and set verdicts; every change is kept in the claim's history."""

    lookup_value_regex = ID_PATTERN

    serializer_class = ClaimSerializer
    filterset_class = ClaimFilter
    write_roles = {
        "create": FACT_CHECKERS,
        "quotes": FACT_CHECKERS,
        "detach": FACT_CHECKERS,
        "verdict": FACT_CHECKERS,
    }

    def get_queryset(self):
        if self.action == "claimreview":  # every appearance of the claim
            return claim_list()
        return claim_list(embedded=EMBEDDED_QUOTES)

    def _fresh(self, claim: Claim) -> dict:
        return self.get_serializer(self.get_queryset().get(pk=claim.pk)).data

    @extend_schema(request=ClaimCreateSerializer, responses={201: ClaimSerializer})
    @idempotent
    def create(self, request, *args, **kwargs):
        form = ClaimCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        claim = services.claim_create(by=request.user, **form.validated_data)
        body = self._fresh(claim)
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["url"]})

    @extend_schema(request=ClaimQuotesSerializer, responses={200: ClaimSerializer})
    @action(detail=True, methods=["post"], filterset_class=None)
    def quotes(self, request, pk=None):
        """Fact-checkers: attach quotes to the claim."""
        claim = self.get_object()
        form = ClaimQuotesSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.claim_quotes_add(claim=claim, by=request.user, **form.validated_data)
        return Response(self._fresh(claim))

    @extend_schema(request=ClaimQuotesRemoveSerializer, responses={200: ClaimSerializer})
    @action(detail=True, methods=["post"], url_path="quotes/remove", filterset_class=None)
    def detach(self, request, pk=None):
        """Fact-checkers: detach quotes from the claim (rejected ones too)."""
        claim = self.get_object()
        form = ClaimQuotesRemoveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.claim_quotes_remove(claim=claim, by=request.user, **form.validated_data)
        return Response(self._fresh(claim))

    @extend_schema(request=VerdictSerializer, responses={200: ClaimSerializer, 409: STALE})
    @action(detail=True, methods=["post"], filterset_class=None)
    def verdict(self, request, pk=None):
        """Fact-checkers: set the verdict, with a summary, evidence links and a note. Send
        the `version` you read: a claim changed since answers 409."""
        claim = self.get_object()
        form = VerdictSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        version = data.pop("version", None)
        services.claim_verdict_set(claim=claim, by=request.user, expected_version=version, **data)
        return Response(self._fresh(claim))

    @extend_schema(responses=ClaimEventSerializer(many=True))
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def history(self, request, pk=None):
        """Every change of the claim, oldest first (who made it and why: see the fields)."""
        claim = self.get_object()
        events = ClaimEventSerializer(
            claim_events(claim=claim), many=True, context=self.get_serializer_context()
        )
        return Response(events.data)

    @extend_schema(
        responses={
            (200, "application/ld+json"): OpenApiResponse(
                OpenApiTypes.OBJECT, description="schema.org ClaimReview"
            )
        }
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def claimreview(self, request, pk=None):
        """The claim's review as schema.org ClaimReview JSON-LD (404 while unreviewed)."""
        claim = self.get_object()
        review = claim_review(
            claim=claim,
            url=request.build_absolute_uri(reverse("claim-detail", args=[claim.pk])),
            article_url=lambda a: request.build_absolute_uri(
                reverse("article-detail", args=[a.pk])
            ),
        )
        if review is None:
            raise NotFound("The claim has no verdict yet.")
        return Response(review, content_type="application/ld+json")


class ClaimEventViewSet(viewsets.ReadOnlyModelViewSet):
    """The review history of every claim, newest first."""

    lookup_value_regex = ID_PATTERN

    serializer_class = ClaimEventSerializer
    filterset_class = ClaimEventFilter

    def get_queryset(self):
        return claim_events()
