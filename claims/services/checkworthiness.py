"""Check-worthiness kept up to date: the score of statements stored before it existed, and
each claim's highest, so that the review queue sorts by it (``extraction.checkworthiness``
scores new statements as they are stored)."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.db.models import Max, OuterRef, Subquery

from extraction.checkworthiness import checkworthiness_many

from ..models import Claim, Quote

BATCH = 2000


def quotes_checkworthiness_fill(*, say: Callable[[str], None] = lambda _: None) -> int:
    """Score every statement without a score, in batches of ``BATCH`` (a batch is one
    transaction: an interrupted run keeps what it did), then each claim's highest. Returns
    the number of statements scored."""
    done, after = 0, 0
    while True:
        batch = list(
            Quote.objects.filter(checkworthiness=None, pk__gt=after)
            .order_by("pk")
            .only("pk", "text")[:BATCH]
        )
        if not batch:
            break
        for quote, score in zip(batch, checkworthiness_many(q.text for q in batch), strict=True):
            quote.checkworthiness = score
        with transaction.atomic():
            Quote.objects.bulk_update(batch, ["checkworthiness"])
        done, after = done + len(batch), batch[-1].pk
        say(f"{done:,} statements scored")
    claims_checkworthiness_update()
    return done


def claims_checkworthiness_update() -> int:
    """Each claim's check-worthiness set to the highest of its statements' (rejected ones
    left out), in one statement; returns the number of claims."""
    best = (
        Quote.objects.filter(claims=OuterRef("pk"), rejected=False)
        .values("claims")
        .annotate(best=Max("checkworthiness"))
        .values("best")
    )
    return Claim.objects.update(checkworthiness=Subquery(best[:1]))
