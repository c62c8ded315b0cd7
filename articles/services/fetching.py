"""Fetching a page in the worker, each fetch recorded."""

from __future__ import annotations

import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import ValidationError

from ..fetch import FetchError, Response, fetch
from ..models import Article, Fetch
from .extracting import article_mark_failed
from .ingest import _article_fields, _article_found

logger = logging.getLogger(__name__)


FETCH_STOPPED = "the fetch was stopped by the task's time limit"


def _fetch_recorded(url: str, *, headers: dict | None = None, **owner) -> Response:
    """:func:`fetch`, with the request kept as a :class:`Fetch` of ``owner`` (article or feed)
    whether it succeeded or not."""
    try:
        response = fetch(url, headers=headers)
    except FetchError as exc:
        Fetch.objects.create(url=url, error=str(exc), **owner)
        raise
    except SoftTimeLimitExceeded:
        Fetch.objects.create(url=url, error=FETCH_STOPPED, **owner)
        raise
    Fetch.objects.create(
        url=url,
        final_url=response.final_url,
        status_code=response.status,
        headers=response.headers,
        content=response.content,
        seconds=round(response.elapsed, 3),
        **owner,
    )
    return response


def article_fetch(*, article_id: int) -> str:
    """Fetch the page of an article ingested by URL (in a worker), keep the response for
    provenance, and queue its extraction; a page whose text is already an article makes
    this one a duplicate of it. Returns the article's status."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return "missing"
    if article.status != Article.Status.FETCHING:
        return f"already {article.status}"
    try:
        response = _fetch_recorded(article.url, article=article)
    except FetchError as exc:
        return article_mark_failed(article=article, reason=f"Fetch failed: {exc}").status
    try:
        page = response.text()
        as_html = response.content_type != "text/plain"
        fields = _article_fields(
            text="" if as_html else page,
            html=page if as_html else "",
            title=article.title,
            outlet=article.outlet,
            published_on=article.published_on,
        )
    except (FetchError, ValidationError) as exc:
        reason = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        return article_mark_failed(article=article, reason=f"Fetch failed: {reason}").status
    return _article_found(article=article, fields=fields, step=Article.Status.FETCHING)
