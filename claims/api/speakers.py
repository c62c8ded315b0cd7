"""The speakers of the REST API: lists, records, aliases, merges and identities."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from api.idempotency import idempotent
from api.pagination import ByName, NewestFirst
from api.permissions import EDITORS

from .. import services
from ..counting import speaker_quote_count
from ..filters import QuoteFilter, SpeakerFilter
from ..models import Speaker
from ..selectors import (
    quote_rows_all,
    speaker_get,
    speaker_list,
)
from ..serializers import (
    AliasCreateSerializer,
    QuoteSerializer,
    SpeakerIdentitySerializer,
    SpeakerMergeSerializer,
    SpeakerSerializer,
    SpeakerUnmergeSerializer,
    UnmergedSerializer,
)


class SpeakerViewSet(viewsets.ReadOnlyModelViewSet):
    """Canonical speakers with their aliases and number of statements; `q` finds a speaker
    by any name. Editors add aliases, merge speakers and undo merges."""

    serializer_class = SpeakerSerializer
    pagination_class = ByName
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    filterset_class = SpeakerFilter
    write_roles = {"aliases": EDITORS, "merge": EDITORS, "unmerge": EDITORS, "identity": EDITORS}

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
        speaker.quote_count = speaker_quote_count(speaker)
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

    @extend_schema(request=SpeakerUnmergeSerializer, responses={200: UnmergedSerializer})
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    @idempotent
    def unmerge(self, request, slug=None):
        """Editors: undo the merge of `source` into this speaker. Its statements, names and
        claims that the merge moved come back to it, except what an editor changed since
        (listed in `kept`); recorded."""
        target = self.get_object()
        form = SpeakerUnmergeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        done = services.speaker_unmerge(target=target, by=request.user, **form.validated_data)
        speaker = speaker_list().prefetch_related("aliases").get(pk=done.speaker.pk)
        result = {
            "speaker": speaker,
            "quotes": done.quotes,
            "aliases": done.aliases,
            "claims": done.claims,
            "kept": done.kept,
        }
        return Response(UnmergedSerializer(result, context=self.get_serializer_context()).data)

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
