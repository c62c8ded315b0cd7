"""The quotes of the REST API: lists, records, corrections, verification and rejection."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.filtering import query_params_check
from api.idempotency import idempotent
from api.permissions import EDITORS
from api.validation import ID_PATTERN
from articles.models import Article
from extraction.embedding import ENCODER

from .. import services
from ..filters import QuoteFilter
from ..models import Quote
from ..selectors import quote_rows_all
from ..serializers import (
    NoteSerializer,
    QuoteCreateSerializer,
    QuoteGroupJoinSerializer,
    QuoteGroupLeaveSerializer,
    QuoteSerializer,
    QuoteUpdateSerializer,
    SimilarQuerySerializer,
    SimilarQuotesSerializer,
)
from ..similarity import quote_similar_rows
from .common import STALE, StaleEditsAre409


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
        "group": EDITORS,
        "ungroup": EDITORS,
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

    @extend_schema(parameters=[SimilarQuerySerializer], responses={200: SimilarQuotesSerializer})
    @action(detail=True, methods=["get"], filterset_class=None)
    def similar(self, request, pk=None):
        """Statements closest in meaning to this one, best first, with their similarity (the
        cosine of the two statements' embeddings): the same statement in other outlets,
        paraphrases of it, and what else was said about it. Rejected statements are left out."""
        quote = self._quote()
        query_params_check(request.query_params, known={*SimilarQuerySerializer().fields, "format"})
        form = SimilarQuerySerializer(data=request.query_params)
        form.is_valid(raise_exception=True)
        rows = quote_similar_rows(quote=quote, **form.validated_data)
        answer = {"quote": quote.pk, "encoder": ENCODER, "results": rows}
        return Response(SimilarQuotesSerializer(answer, context=self.get_serializer_context()).data)

    @extend_schema(request=QuoteGroupJoinSerializer, responses={200: QuoteSerializer})
    @action(detail=True, methods=["post"], filterset_class=None)
    def group(self, request, pk=None):
        """Editors: put the statement in the statement group of `with_quote` (another
        statement of the same speaker; a group is started with it when it is in none). The
        worker never moves it again; recorded in the statement's history."""
        quote = self._quote()
        form = QuoteGroupJoinSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        other = get_object_or_404(Quote, pk=form.validated_data["with_quote"])
        services.quote_group_join(
            quote=quote, other=other, by=request.user, note=form.validated_data["note"]
        )
        return Response(self._fresh(quote))

    @extend_schema(request=QuoteGroupLeaveSerializer, responses={200: QuoteSerializer})
    @action(detail=True, methods=["post"], filterset_class=None)
    def ungroup(self, request, pk=None):
        """Editors: take the statement out of its statement group; the worker never puts it
        back there. Recorded in the statement's history."""
        quote = self._quote()
        form = QuoteGroupLeaveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.quote_group_leave(quote=quote, by=request.user, note=form.validated_data["note"])
        return Response(self._fresh(quote))
