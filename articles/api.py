from rest_framework import viewsets
from rest_framework.pagination import CursorPagination

from .selectors import article_list, article_with_quotes
from .serializers import ArticleDetailSerializer, ArticleListSerializer


class NewestFirst(CursorPagination):
    ordering = "-created_at"


class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    """Ingested articles with their extraction status; the detail carries the body and quotes."""

    pagination_class = NewestFirst

    def get_queryset(self):
        return article_with_quotes() if self.action == "retrieve" else article_list()

    def get_serializer_class(self):
        return ArticleDetailSerializer if self.action == "retrieve" else ArticleListSerializer
