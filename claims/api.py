from rest_framework import viewsets
from rest_framework.pagination import CursorPagination

from .selectors import quote_list, speaker_list
from .serializers import QuoteSerializer, SpeakerSerializer


class ByName(CursorPagination):
    ordering = ("name", "id")


class NewestFirst(CursorPagination):
    ordering = "-id"


class SpeakerViewSet(viewsets.ReadOnlyModelViewSet):
    """Canonical speakers with their aliases and number of statements."""

    serializer_class = SpeakerSerializer
    pagination_class = ByName
    lookup_field = "slug"

    def get_queryset(self):
        return speaker_list().prefetch_related("aliases")


class QuoteViewSet(viewsets.ReadOnlyModelViewSet):
    """Attributed statements, newest first."""

    serializer_class = QuoteSerializer
    pagination_class = NewestFirst

    def get_queryset(self):
        return quote_list()
