"""schema.org ClaimReview for a reviewed claim (https://schema.org/ClaimReview), as
fact-check aggregators read it."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from .models import Claim, ClaimEvent, Speaker, Verdict

# The rating scale: 1 (false) to 5 (accurate); alternateName carries the verdict's words.
RATINGS = {
    Verdict.FALSE: 1,
    Verdict.MISLEADING: 2,
    Verdict.DISPUTED: 2,
    Verdict.MIXED: 3,
    Verdict.UNVERIFIABLE: 3,
    Verdict.MOSTLY_ACCURATE: 4,
    Verdict.ACCURATE: 5,
}
BEST, WORST = 5, 1


def claim_review(*, claim: Claim, url: str, article_url: callable) -> dict[str, Any] | None:
    """The ClaimReview of ``claim`` (its page at ``url``; ``article_url(article)`` gives the
    address of an article on this site), or None while it is unreviewed."""
    if claim.verdict == Verdict.UNREVIEWED:
        return None
    reviewed = (
        ClaimEvent.objects.filter(claim=claim, action=ClaimEvent.Action.VERDICT)
        .order_by("-created_at", "-id")
        .values_list("created_at", flat=True)
        .first()
    ) or claim.updated_at
    appearances = []
    for quote in claim.quotes.all():
        if quote.rejected:  # found not to be a statement: no appearance of the claim
            continue
        article = quote.article
        appearance = {
            "@type": "CreativeWork",
            "url": article.url or article_url(article),
            "headline": article.title,
        }
        if article.published_on:
            appearance["datePublished"] = article.published_on.isoformat()
        if article.outlet:
            appearance["publisher"] = {"@type": "Organization", "name": article.outlet}
        if appearance not in appearances:
            appearances.append(appearance)
    dates = sorted(a["datePublished"] for a in appearances if "datePublished" in a)
    item: dict[str, Any] = {"@type": "Claim", "author": _author(claim.speaker)}
    if dates:
        item["datePublished"] = dates[0]
    if appearances:
        item["appearance"] = appearances
        item["firstAppearance"] = appearances[0]
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim.statement,
        "datePublished": reviewed.date().isoformat(),
        "author": {"@type": "Organization", "name": settings.CLAIMREVIEW_AUTHOR},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATINGS[claim.verdict],
            "bestRating": BEST,
            "worstRating": WORST,
            "alternateName": claim.get_verdict_display(),
        },
        "itemReviewed": item,
    }


def _author(speaker: Speaker) -> dict[str, Any]:
    kind = "Person" if speaker.kind == Speaker.Kind.PERSON else "Organization"
    author: dict[str, Any] = {"@type": kind, "name": speaker.name}
    if speaker.wikidata_qid:
        author["sameAs"] = f"https://www.wikidata.org/wiki/{speaker.wikidata_qid}"
    return author
