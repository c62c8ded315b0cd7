"""Statement groups and misquote alerts in the REST API."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.permissions import FACT_CHECKERS
from api.validation import ID_PATTERN

from .. import services
from ..filters import MisquoteAlertFilter, StatementGroupFilter
from ..grouping import misquote_alert_list, statement_group_list, statement_group_record
from ..serializers import (
    MisquoteAlertSerializer,
    MisquoteReviewSerializer,
    StatementGroupDetailSerializer,
    StatementGroupSerializer,
)


class StatementGroupViewSet(viewsets.ReadOnlyModelViewSet):
    """Statement groups: one statement of one speaker as several articles reported it, in
    their own words or in quotation marks, newest first. A group's record gives
    its first appearance, every outlet and date that carried it, how each worded it, and its
    misquote alerts. The worker groups statements as articles arrive; editors move statements
    in and out (`POST /api/v1/quotes/{id}/group/` and `.../ungroup/`)."""

    lookup_value_regex = ID_PATTERN
    filterset_class = StatementGroupFilter

    def get_queryset(self):
        return statement_group_list(min_members=0 if self.action == "retrieve" else 2)

    def get_serializer_class(self):
        return (
            StatementGroupDetailSerializer
            if self.action == "retrieve"
            else StatementGroupSerializer
        )

    @extend_schema(responses={200: StatementGroupDetailSerializer})
    def retrieve(self, request, *args, **kwargs):
        group = self.get_object()
        context = {**self.get_serializer_context(), "record": statement_group_record(group)}
        return Response(StatementGroupDetailSerializer(group, context=context).data)


class MisquoteAlertViewSet(viewsets.ReadOnlyModelViewSet):
    """Possible misquotes, newest first: two quotations (direct or partial) in one statement
    group whose quoted words differ beyond punctuation, case and marked omissions, with each
    change and the earlier report. Open ones unless `status` says otherwise; fact-checkers
    confirm or dismiss each (`POST .../review/`), once."""

    lookup_value_regex = ID_PATTERN
    serializer_class = MisquoteAlertSerializer
    filterset_class = MisquoteAlertFilter
    write_roles = {"review": FACT_CHECKERS}

    def get_queryset(self):
        if self.action == "list" and not self.request.query_params.get("status"):
            return misquote_alert_list()  # the open ones
        return misquote_alert_list(status=None)

    @extend_schema(request=MisquoteReviewSerializer, responses={200: MisquoteAlertSerializer})
    @action(detail=True, methods=["post"], filterset_class=None)
    def review(self, request, pk=None):
        """Fact-checkers: `confirmed` (a misquote) or `dismissed` (not one), with a note."""
        alert = get_object_or_404(misquote_alert_list(status=None), pk=pk)
        form = MisquoteReviewSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.misquote_alert_review(alert=alert, by=request.user, **form.validated_data)
        fresh = misquote_alert_list(status=None).get(pk=alert.pk)
        return Response(self.get_serializer(fresh).data)
