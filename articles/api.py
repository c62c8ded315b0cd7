"""REST API of articles: reading them with their status and quotes, and ingesting new ones."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.idempotency import idempotent
from api.pagination import NewestFirst
from api.permissions import EDITORS
from api.validation import ID_PATTERN
from claims.filters import QuoteFilter
from claims.selectors import quote_list, quote_rows
from claims.serializers import QuoteSerializer

from .filters import ArticleFilter
from .models import Article
from .selectors import article_list, article_with_quotes
from .serializers import ArticleDetailSerializer, ArticleIngestSerializer, ArticleListSerializer
from .services import article_ingest
from .text import UndecodableText, upload_fields


class ArticleViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Ingested articles with their status (`fetching`, `cleaning`, `queued`, `extracting`,
    `done`, `failed` with the reason in `error`, `duplicate` with `duplicate_of`); the detail
    carries the body and the first 50 quotes in text order, with `quote_count` and
    `quotes_url`, the paginated list of all of them. Editors ingest articles: text, HTML, a
    file or a URL."""

    lookup_value_regex = ID_PATTERN

    filterset_class = ArticleFilter
    write_roles = {"create": EDITORS}

    def get_queryset(self):
        if self.action == "quotes":
            return quote_rows(quote_list(article_id=self.kwargs.get("pk"), rejected=None))
        return article_with_quotes() if self.action == "retrieve" else article_list()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return ArticleDetailSerializer
        return ArticleListSerializer

    @extend_schema(
        request={
            "application/json": ArticleIngestSerializer,
            "multipart/form-data": ArticleIngestSerializer,
        },
        responses={202: ArticleListSerializer, 200: ArticleListSerializer},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                description="Sending the same request again with this key creates nothing.",
            )
        ],
    )
    @idempotent
    def create(self, request, *args, **kwargs):
        """Ingest an article: the request stores it and queues the work (fetching a URL,
        cleaning HTML, extraction), and answers 202 with the article's address to poll; 200
        with the existing article when the same text or URL was ingested before. A page
        (HTML) is compared with the others once a worker has cleaned it: one whose text is
        already an article ends `duplicate`, with `duplicate_of`."""
        form = ArticleIngestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        fields = dict(form.validated_data)
        upload = fields.pop("file", None)
        if upload is not None:
            try:
                fields.update(upload_fields(upload.name, upload.read()))
            except UndecodableText as exc:
                raise ValidationError({"file": str(exc)}) from exc
        article, created = article_ingest(**fields)
        body = ArticleListSerializer(
            article_list().get(pk=article.pk), context=self.get_serializer_context()
        ).data
        return Response(
            body,
            status=status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK,
            headers={"Location": body["url"]},
        )

    @extend_schema(responses=QuoteSerializer(many=True), filters=True)
    @action(detail=True, methods=["get"], filterset_class=QuoteFilter, pagination_class=NewestFirst)
    def quotes(self, request, pk=None):
        """The article's statements (the quote filters apply)."""
        get_object_or_404(Article.objects.only("pk"), pk=pk)
        quotes = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(quotes)
        data = QuoteSerializer(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)
