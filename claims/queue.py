"""Reads for the desk's review queue: claims by status and assignee, and the machine's
low-confidence statements waiting for an editor, each filtered and ordered in the database
from the row itself (a claim keeps its first appearance and check-worthiness), so that a
page of the queue costs the same few queries at 10,000 claims as at ten."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from api.permissions import EDITORS, FACT_CHECKERS
from articles.models import Article

from .models import Claim, Quote, Status
from .selectors import REVIEW_CONFIDENCE

OPEN = "open"
ANY = "any"
ME, NOBODY = "me", "none"
# a claim is open until its verdict is published
OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS, Status.SECOND_REVIEW)

# The queue's orders, by the name a column header sends; "-" before it: the other way.
# Nulls last either way: a claim no one dated or scored comes after the rest.
CLAIM_ORDERS = {
    "checkworthiness": (F("checkworthiness").desc(nulls_last=True), "created_at"),
    "age": ("created_at", "id"),
    "speaker": ("speaker__name", "created_at"),
    "outlet": ("outlet", "created_at"),
    "first_seen": (F("first_seen").asc(nulls_last=True), "created_at"),
    "verdict": ("verdict", "created_at"),
    "status": ("status", "created_at"),
    "assignee": (F("assignee__username").asc(nulls_last=True), "created_at"),
}
QUOTE_ORDERS = {
    "checkworthiness": (F("checkworthiness").desc(nulls_last=True), "id"),
    "confidence": ("confidence", "id"),
    "age": ("created_at", "id"),
    "speaker": (F("speaker__name").asc(nulls_last=True), "id"),
    "outlet": ("article__outlet", "id"),
    "first_seen": (F("published_on").asc(nulls_last=True), "id"),
    "assignee": (F("assignee__username").asc(nulls_last=True), "id"),
}
DEFAULT_ORDER = "checkworthiness"


@dataclass(frozen=True)
class QueueFilters:
    """What a queue page asks for; every field optional. ``assignee``: ``"me"``,
    ``"none"`` or a user id; ``status``: ``"open"`` (the default), ``"any"`` or one
    status; ``seen_from`` / ``seen_to``: the first appearance in that range (inclusive);
    ``older_than_days``: waiting at least that long; ``order``: a key of the orders above,
    ``-`` first to reverse it."""

    status: str = OPEN
    assignee: str = ""
    speaker_id: int | None = None
    outlet: str = ""
    verdict: str = ""
    seen_from: datetime.date | None = None
    seen_to: datetime.date | None = None
    older_than_days: int | None = None
    order: str = DEFAULT_ORDER


def claim_review_queue(*, filters: QueueFilters, user) -> QuerySet[Claim]:
    """Claims for the desk, with speaker and assignee, filtered and ordered."""
    claims = Claim.objects.select_related("speaker", "assignee", "drafted_by").only(*CLAIM_ROW_ONLY)
    if filters.status == OPEN:
        claims = claims.filter(status__in=OPEN_STATUSES)
    elif filters.status != ANY:
        claims = claims.filter(status=filters.status)
    if filters.verdict:
        claims = claims.filter(verdict=filters.verdict)
    if filters.outlet:
        claims = claims.filter(outlet=filters.outlet)
    if filters.speaker_id is not None:
        claims = claims.filter(speaker_id=filters.speaker_id)
    claims = claims.filter(_assigned(filters.assignee, user), _dated(filters, "first_seen"))
    return claims.order_by(*_order(CLAIM_ORDERS, filters.order))


CLAIM_ROW_ONLY = (
    "statement",
    "verdict",
    "status",
    "draft_verdict",
    "first_seen",
    "outlet",
    "checkworthiness",
    "created_at",
    "speaker__name",
    "speaker__slug",
    "assignee__username",
    "drafted_by__username",
)


def statement_review_queue(
    *, filters: QueueFilters, user, confidence_below: float = REVIEW_CONFIDENCE
) -> QuerySet[Quote]:
    """The machine's statements no editor has verified or rejected whose confidence is
    below ``confidence_below``, with speaker, article and assignee, filtered and ordered
    (``status`` and ``verdict`` do not apply to statements)."""
    quotes = (
        Quote.objects.filter(
            origin=Quote.Origin.EXTRACTOR,
            verified=False,
            rejected=False,
            confidence__lt=confidence_below,
        )
        .select_related("speaker", "article", "assignee")
        .only(
            "text",
            "kind",
            "confidence",
            "checkworthiness",
            "published_on",
            "created_at",
            "article_id",
            "speaker__name",
            "speaker__slug",
            "article__title",
            "article__outlet",
            "assignee__username",
        )
    )
    if filters.outlet:
        quotes = quotes.filter(article__outlet=filters.outlet)
    if filters.speaker_id is not None:
        quotes = quotes.filter(speaker_id=filters.speaker_id)
    quotes = quotes.filter(_assigned(filters.assignee, user), _dated(filters, "published_on"))
    return quotes.order_by(*_order(QUOTE_ORDERS, filters.order))


def newsroom_people(*, statements: bool = False) -> QuerySet:
    """The people work is given to, by user name: fact-checkers and admins (claims), and
    editors too (statements)."""
    roles = [FACT_CHECKERS, EDITORS] if statements else [FACT_CHECKERS]
    users = get_user_model().objects.filter(is_active=True)
    chosen = users.filter(Q(groups__name__in=roles) | Q(is_superuser=True))
    return users.filter(pk__in=chosen.values("pk")).order_by("username")


def queue_outlets(*, statements: bool = False) -> list[str]:
    """The outlets a queue's filter offers: those claims were first seen in, or (statements)
    those of the articles."""
    if statements:
        outlets = Article.objects.exclude(outlet="").values_list("outlet", flat=True)
    else:
        outlets = Claim.objects.exclude(outlet="").values_list("outlet", flat=True)
    return list(outlets.distinct().order_by("outlet"))


def _assigned(assignee: str, user) -> Q:
    if assignee == ME:
        return Q(assignee_id=user.pk)
    if assignee == NOBODY:
        return Q(assignee__isnull=True)
    if assignee.isascii() and assignee.isdigit():
        return Q(assignee_id=int(assignee))
    return Q()


def _dated(filters: QueueFilters, field: str) -> Q:
    """The first appearance (``field``) in the filters' range, and the age at least theirs."""
    q = Q()
    if filters.seen_from:
        q &= Q(**{f"{field}__gte": filters.seen_from})
    if filters.seen_to:
        q &= Q(**{f"{field}__lte": filters.seen_to})
    if filters.older_than_days:
        q &= Q(created_at__lte=timezone.now() - datetime.timedelta(days=filters.older_than_days))
    return q


def _order(orders: dict, order: str) -> tuple:
    reverse = order.startswith("-")
    terms = orders.get(order.lstrip("-")) or orders[DEFAULT_ORDER]
    if not reverse:
        return terms
    return tuple(_reversed(term) for term in terms)


def _reversed(term):
    if isinstance(term, str):
        return term[1:] if term.startswith("-") else f"-{term}"
    expression = term.expression
    return expression.asc(nulls_last=True) if term.descending else expression.desc(nulls_last=True)
