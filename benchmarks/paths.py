"""The request kinds of the load benchmark, each a list of paths sent in turn: different
speakers, dates, words and claims, drawn from the benchmark's data as API clients would ask."""

from __future__ import annotations

import random
import urllib.parse
from dataclasses import dataclass

from django.db.models import Count
from django.test import Client

from claims.models import Claim, Quote, Speaker

SEARCHES = [
    "economy",
    "immigration reform",
    "health care",
    "taxes",
    '"border wall"',
    "email server",
    "Russia",
    "jobs",
    "election fraud",
    '"Supreme Court"',
    "climate change",
    "trade deal",
    "terrorism",
    "Iran nuclear",
    "debate",
    "poll numbers",
    "campaign finance",
    "Congress budget",
    "police -protest",
    "refugees or migrants",
]
PAGE = 50
DEEP_PAGE = 200
BIG_SPEAKER = 50_000  # statements: "the speaker page stays fast" for such a speaker


@dataclass
class Kind:
    name: str
    paths: list[str]


def request_kinds(client: Client) -> list[Kind]:
    rng = random.Random(11)
    ranked = list(
        Quote.objects.filter(rejected=False)
        .values("speaker_id")
        .annotate(n=Count("id"))
        .order_by("-n")[:50]
    )
    slugs = dict(
        Speaker.objects.filter(pk__in=[r["speaker_id"] for r in ranked]).values_list("pk", "slug")
    )
    top = [slugs[r["speaker_id"]] for r in ranked]
    big = [slugs[r["speaker_id"]] for r in ranked if r["n"] >= BIG_SPEAKER] or top[:1]
    ranges = []
    for slug in top[:20]:
        for _ in range(2):
            year = rng.randrange(2010, 2026)
            ranges.append(
                f"/api/v1/quotes/?speaker={slug}&published_after={year}-01-01"
                f"&published_before={year + rng.randrange(1, 3)}-06-30&page_size={PAGE}"
            )
    claims = list(
        Claim.objects.annotate(n=Count("quotes")).order_by("-n").values_list("pk", flat=True)[:20]
    ) + list(Claim.objects.order_by("?").values_list("pk", flat=True)[:80])
    return [
        Kind("quote list", [f"/api/v1/quotes/?page_size={PAGE}"]),
        Kind("speaker + date range", ranges),
        Kind(
            "full-text search",
            [f"/api/v1/quotes/?q={urllib.parse.quote(q)}&page_size={PAGE}" for q in SEARCHES],
        ),
        Kind(
            "speaker's statements", [f"/api/v1/speakers/{s}/quotes/?page_size={PAGE}" for s in top]
        ),
        Kind("claim with statements", [f"/api/v1/claims/{pk}/" for pk in claims]),
        Kind(
            f"deep cursor page ({DEEP_PAGE})",
            [
                deep_page(client, f"/api/v1/quotes/?page_size={PAGE}"),
                deep_page(client, f"/api/v1/speakers/{top[0]}/quotes/?page_size={PAGE}"),
            ],
        ),
        Kind(f"speaker page ({BIG_SPEAKER:,}+)", [f"/api/v1/speakers/{s}/" for s in big]),
    ]


def other_lists(kinds: list[Kind]) -> list[str]:
    """Lists and filters that get their query plans checked, not a load of their own."""
    slug = kinds[3].paths[0].split("/")[4]  # the most quoted speaker's
    surname = Speaker.objects.get(slug=slug).name.split()[-1]
    return [
        f"/api/v1/speakers/?page_size={PAGE}",
        f"/api/v1/speakers/?q={urllib.parse.quote(surname)}&page_size={PAGE}",
        f"/api/v1/claims/?page_size={PAGE}",
        f"/api/v1/articles/?page_size={PAGE}",
        f"/api/v1/quotes/?kind=direct&page_size={PAGE}",
        f"/api/v1/quotes/?outlet=Reuters&page_size={PAGE}",
        f"/api/v1/quotes/?verdict=false&page_size={PAGE}",
        f"/api/v1/quotes/?verified=true&page_size={PAGE}",
        f"/api/v1/quotes/?published_after=2025-01-01&page_size={PAGE}",
        f"/api/v1/quotes/?published_after=2015-01-01&published_before=2015-12-31&page_size={PAGE}",
        "/api/v1/quotes/changes/?page_size=100",
    ]


def deep_page(client: Client, path: str) -> str:
    """The path of page DEEP_PAGE of a list, reached by its next links."""
    for _ in range(DEEP_PAGE - 1):
        answer = client.get(path)
        if answer.status_code != 200 or not answer.json().get("next"):
            raise RuntimeError(f"{path}: no page {DEEP_PAGE}")
        parts = urllib.parse.urlsplit(answer.json()["next"])
        path = f"{parts.path}?{parts.query}"
    return path
