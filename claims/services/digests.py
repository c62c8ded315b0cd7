"""The daily digest of watchlists: one email per user with every statement their
watchlists matched since the last digest. Each statement is sent once: a watchlist's
``digest_through`` mark moves in the same transaction that sends the email."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

from ..models import Quote, Watchlist
from ..searches import statements_ceiling, watchlist_new_statements, watchlists_of

# The statements a digest lists of each watchlist (the others are counted, and linked).
DIGEST_ITEMS = 20


@dataclass(frozen=True)
class DigestSection:
    watchlist: Watchlist
    count: int
    quotes: list[Quote]


def digest_sections(*, owner, through: int, lock: bool = False) -> list[DigestSection]:
    """``owner``'s watchlists with statements after their digest mark, up to ``through``
    (``lock``: their rows locked until the transaction ends)."""
    watchlists = watchlists_of(owner).filter(digest_through__lt=through)
    if lock:
        watchlists = watchlists.select_for_update()
    sections = []
    for watchlist in watchlists:
        new = watchlist_new_statements(watchlist, after=watchlist.digest_through, through=through)
        count = new.count()
        if count:
            sections.append(DigestSection(watchlist, count, list(new[:DIGEST_ITEMS])))
    return sections


def digest_message(*, owner, sections: list[DigestSection]) -> EmailMultiAlternatives:
    """The digest email: plain text, with an HTML alternative."""
    context = {"owner": owner, "sections": sections, "site_url": settings.SITE_URL.rstrip("/")}
    total = sum(section.count for section in sections)
    subject = f"OnRecord: {total} new statement{'s' if total != 1 else ''} on your watchlists"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("claims/watchlist_digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[owner.email],
    )
    html = render_to_string("claims/watchlist_digest.html", context)
    message.attach_alternative(html, "text/html")
    return message


def digest_send(*, owner, through: int) -> bool:
    """Sends ``owner`` their digest of the statements up to ``through``, if any are new,
    and moves their watchlists' marks to ``through`` in the same transaction (an email that
    fails to send moves nothing: the retry sends it; a second run finds nothing new).
    Whether an email was sent."""
    with transaction.atomic():
        sections = digest_sections(owner=owner, through=through, lock=True)
        if sections:
            digest_message(owner=owner, sections=sections).send()
        Watchlist.objects.filter(owner=owner, digest_through__lt=through).update(
            digest_through=through
        )
    return bool(sections)


def watchlist_digests_send() -> int:
    """Every user's digest (those with an email address and a watchlist); the number of
    emails sent."""
    through = statements_ceiling()
    owners = (
        get_user_model()
        .objects.filter(is_active=True, watchlists__digest_through__lt=through)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    return sum(digest_send(owner=owner, through=through) for owner in owners)
