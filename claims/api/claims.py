"""The claims of the REST API and their history."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response

from api.idempotency import idempotent
from api.permissions import FACT_CHECKERS, in_newsroom
from api.renderers import JSONLDRenderer, JSONRenderer
from api.validation import ID_PATTERN

from .. import services
from ..claimreview import claim_review
from ..filters import ClaimEventFilter, ClaimFilter
from ..models import Claim
from ..selectors import (
    EMBEDDED_QUOTES,
    claim_events,
    claim_list,
)
from ..serializers import (
    ClaimAssignSerializer,
    ClaimCreateSerializer,
    ClaimEventSerializer,
    ClaimQuotesRemoveSerializer,
    ClaimQuotesSerializer,
    ClaimSerializer,
    ClaimStatementSerializer,
    ClaimStatusSerializer,
    ReviewStepSerializer,
    VerdictSerializer,
)
from .common import STALE, StaleEditsAre409


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
        "statement": FACT_CHECKERS,
        "approve": FACT_CHECKERS,
        "send_back": FACT_CHECKERS,
        "assign": FACT_CHECKERS,
        "status": FACT_CHECKERS,
    }

    def handle_exception(self, exc):
        """Errors are the API's JSON errors, also where the answer would be JSON-LD (a
        ClaimReview): ``application/json``, as documented."""
        response = super().handle_exception(exc)
        renderer = getattr(self.request, "accepted_renderer", None)  # None: not negotiated
        if renderer is None or isinstance(renderer, JSONLDRenderer):
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return response

    def get_queryset(self):
        if self.action == "claimreview":  # every appearance of the claim
            return claim_list()
        return claim_list(embedded=EMBEDDED_QUOTES)

    def _fresh(self, claim: Claim) -> dict:
        return self.get_serializer(self.get_queryset().get(pk=claim.pk)).data

    @extend_schema(request=ClaimCreateSerializer, responses={201: ClaimSerializer})
    @idempotent
    def create(self, request, *args, **kwargs):
        """Fact-checkers: a claim for the quotes given. A quote already in a claim is
        refused (400, naming that claim): review it there, or attach it to this or another
        claim explicitly with `POST /api/v1/claims/{id}/quotes/`."""
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
        """Fact-checkers: set the verdict, with a summary, evidence links and a note. With
        VERDICT_APPROVAL on (the default), it is a draft (`draft`) until another
        fact-checker approves it (`approve/`); off, it is published at once. Send the
        `version` you read: a claim changed since answers 409."""
        claim = self.get_object()
        form = VerdictSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        version = data.pop("version", None)
        services.claim_verdict_submit(
            claim=claim, by=request.user, expected_version=version, **data
        )
        return Response(self._fresh(claim))

    @extend_schema(request=ReviewStepSerializer, responses={200: ClaimSerializer, 409: STALE})
    @action(detail=True, methods=["post"], filterset_class=None)
    def approve(self, request, pk=None):
        """Fact-checkers: approve the draft verdict another fact-checker wrote; it becomes
        the published verdict (and the claim's ClaimReview). Refused (400) for the one who
        wrote it, or when there is no draft."""
        return self._review_step(services.claim_verdict_approve)

    @extend_schema(request=ReviewStepSerializer, responses={200: ClaimSerializer, 409: STALE})
    @action(detail=True, methods=["post"], url_path="send-back", filterset_class=None)
    def send_back(self, request, pk=None):
        """Fact-checkers: send the draft verdict back to work, with a note saying why."""
        return self._review_step(services.claim_verdict_return)

    def _review_step(self, step):
        claim = self.get_object()
        form = ReviewStepSerializer(data=self.request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        version = data.pop("version", None)
        step(claim=claim, by=self.request.user, expected_version=version, **data)
        return Response(self._fresh(claim))

    @extend_schema(request=ClaimAssignSerializer, responses={200: ClaimSerializer})
    @action(detail=True, methods=["post"], filterset_class=None)
    def assign(self, request, pk=None):
        """Fact-checkers: give the claim to a fact-checker (null: nobody); recorded."""
        claim = self.get_object()
        form = ClaimAssignSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.claims_assign(claims=[claim], by=request.user, **form.validated_data)
        return Response(self._fresh(claim))

    @extend_schema(request=ClaimStatusSerializer, responses={200: ClaimSerializer})
    @action(detail=True, methods=["post"], filterset_class=None)
    def status(self, request, pk=None):
        """Fact-checkers: move the claim to new, in_progress or second_review; recorded."""
        claim = self.get_object()
        form = ClaimStatusSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.claims_status_set(claims=[claim], by=request.user, **form.validated_data)
        return Response(self._fresh(claim))

    @extend_schema(request=ClaimStatementSerializer, responses={200: ClaimSerializer, 409: STALE})
    @action(detail=True, methods=["post"], filterset_class=None)
    def statement(self, request, pk=None):
        """Fact-checkers: word the claim as one checkable sentence (its quotes keep their
        exact words), with a note; recorded. Send the `version` you read: a claim changed
        since answers 409."""
        claim = self.get_object()
        form = ClaimStatementSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        version = data.pop("version", None)
        services.claim_statement_set(claim=claim, by=request.user, expected_version=version, **data)
        return Response(self._fresh(claim))

    @extend_schema(responses=ClaimEventSerializer(many=True))
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def history(self, request, pk=None):
        """Every change of the claim, oldest first (who made it and why: see the fields)."""
        claim = self.get_object()
        internal = in_newsroom(request.user)
        events = ClaimEventSerializer(
            claim_events(claim=claim, internal=internal),
            many=True,
            context=self.get_serializer_context(),
        )
        return Response(events.data)

    @extend_schema(
        responses={
            (200, "application/ld+json"): OpenApiResponse(
                OpenApiTypes.OBJECT, description="schema.org ClaimReview"
            )
        }
    )
    @action(
        detail=True,
        methods=["get"],
        filterset_class=None,
        pagination_class=None,
        # JSON-LD by default and when asked for (or as application/json); a browser gets
        # the browsable page, as HTML
        renderer_classes=[JSONLDRenderer, JSONRenderer, BrowsableAPIRenderer],
    )
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
        return Response(review)


class ClaimEventViewSet(viewsets.ReadOnlyModelViewSet):
    """The review history of every claim, newest first."""

    lookup_value_regex = ID_PATTERN

    serializer_class = ClaimEventSerializer
    filterset_class = ClaimEventFilter

    def get_queryset(self):
        return claim_events(internal=in_newsroom(self.request.user))
