"""The exports take the quote list's filters (issue 17, item 2: the pages' export buttons
send the filters of the list they show): each filter the pages use keeps the same rows in
the export, CSV and JSON Lines, as in the paginated list."""

import csv
import datetime as dt
import io
import json

import pytest

from claims.models import Claim, Verdict
from claims.services import quote_update
from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def quotes():
    speaker = SpeakerFactory(name="Anna Berg")
    made = []
    for day, kind in ((1, "direct"), (2, "indirect"), (3, "direct")):
        article = ArticleFactory(
            published_on=dt.date(2024, 3, day), body=f"The drills are defensive, day {day}."
        )
        made.append(QuoteFactory(article=article, speaker=speaker, kind=kind, length=24))
    made.append(QuoteFactory(article=ArticleFactory(body="Tariffs will fall next year.")))
    claim = Claim.objects.create(speaker=speaker, statement="Defensive.", verdict=Verdict.FALSE)
    claim.quotes.add(made[0], made[2])
    return made, claim


def exported(client, path: str, query: str) -> list[int]:
    response = client.get(f"/api/v1/quotes/{path}?{query}")
    assert response.status_code == 200, response.content
    body = b"".join(response.streaming_content).decode()
    if path.endswith(".csv"):
        return [int(row["id"]) for row in csv.DictReader(io.StringIO(body))]
    return [json.loads(line)["id"] for line in body.splitlines()]


def listed(client, query: str) -> list[int]:
    return [row["id"] for row in client.get(f"/api/v1/quotes/?{query}").json()["results"]]


@pytest.mark.parametrize("path", ["export.csv", "export.jsonl"])
def test_each_filter_of_the_pages_keeps_the_lists_rows(anonymous, quotes, path):
    made, claim = quotes
    speaker = made[0].speaker
    cases = {
        f"claim={claim.pk}": {made[0].pk, made[2].pk},
        f"speaker={speaker.pk}": {q.pk for q in made[:3]},
        f"speaker={speaker.slug}&kind=direct": {made[0].pk, made[2].pk},
        "q=defensive": {q.pk for q in made[:3]},
        "q=tariffs": {made[3].pk},
        f"speaker={speaker.pk}&published_after=2024-03-02&published_before=2024-03-03": {
            made[1].pk,
            made[2].pk,
        },
        f"speaker={speaker.pk}&verdict=false": {made[0].pk, made[2].pk},
    }
    for query, expected in cases.items():
        rows = exported(anonymous, path, query)
        assert set(rows) == expected, query
        assert rows == listed(anonymous, query), query  # in the list's order too


def test_the_claim_filter_leaves_out_a_rejected_statement_unless_asked(anonymous, quotes):
    made, claim = quotes
    quote_update(quote=made[0], by=UserFactory(), changes={"rejected": True})
    assert exported(anonymous, "export.jsonl", f"claim={claim.pk}") == [made[2].pk]
    both = exported(anonymous, "export.jsonl", f"claim={claim.pk}&rejected=true")
    assert both == [made[0].pk]  # rejected=true: the rejected ones only, as in the list
    assert listed(anonymous, f"claim={claim.pk}&rejected=true") == both
