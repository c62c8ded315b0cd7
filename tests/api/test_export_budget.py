"""Exports are weighed by their rows (api.throttling.RowBudget): each client has a budget
of rows per window, an export that does not fit in what is left is refused whole (429 with
Retry-After), one larger than the whole budget is refused with 400, and refused exports
spend nothing."""

import csv
import io
import json

import pytest

from tests.api.test_throttling import Clock
from tests.factories import QuoteFactory

# the tests count requests and rows in windows: none may straddle the start of one
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_of_window_edges")]

JSONL, CSV = "/api/v1/quotes/export.jsonl", "/api/v1/quotes/export.csv"


def rows(response) -> list:
    assert response.status_code == 200, response.content
    content = b"".join(response.streaming_content).decode()
    if response["Content-Type"] == "text/csv":
        return list(csv.DictReader(io.StringIO(content)))
    return [json.loads(line) for line in content.splitlines()]


def test_exports_spend_rows_from_the_budget_of_the_address(anonymous, redis_cache, settings):
    settings.EXPORT_ROWS_ANON = 10
    QuoteFactory.create_batch(3, kind="direct")
    QuoteFactory(kind="indirect")
    assert len(rows(anonymous.get(JSONL))) == 4
    assert len(rows(anonymous.get(CSV))) == 4
    refused = anonymous.get(JSONL)  # 8 spent: 4 more do not fit in 10
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 2 * settings.EXPORT_ROWS_WINDOW
    assert (
        "This export has 4 rows; of your 10 rows per hour, not that many are left"
        in (refused.json()["detail"])
    )
    assert len(rows(anonymous.get(f"{CSV}?kind=indirect"))) == 1  # a smaller one fits
    assert anonymous.get(f"{CSV}?kind=direct").status_code == 429
    # another address has a budget of its own
    assert len(rows(anonymous.get(JSONL, REMOTE_ADDR="192.0.2.7"))) == 4
    spent = {k: int(redis_cache.get(k)) for k in redis_cache.keys("*budget_export_anon*")}
    assert sorted(spent.values()) == [4, 9]  # refused exports spent nothing


def test_an_export_larger_than_the_whole_budget_is_refused_and_spends_nothing(
    anonymous, redis_cache, settings
):
    settings.EXPORT_ROWS_ANON = 3
    QuoteFactory.create_batch(3, kind="direct")
    QuoteFactory(kind="indirect")
    refused = anonymous.get(JSONL)
    assert refused.status_code == 400
    detail = refused.json()["detail"]
    assert "This export has 4 rows, more than the 3 rows a client may export per hour" in detail
    assert "narrow it with the filters" in detail and "API token" in detail
    assert len(rows(anonymous.get(f"{JSONL}?kind=direct"))) == 3


def test_signed_in_clients_have_a_budget_each(anonymous, reader, editor, redis_cache, settings):
    settings.EXPORT_ROWS_USER = 6
    settings.EXPORT_ROWS_ANON = 4
    QuoteFactory.create_batch(4)
    assert len(rows(reader.get(JSONL))) == 4
    assert reader.get(JSONL).status_code == 429
    assert len(rows(editor.get(CSV))) == 4  # another user, from the same address
    assert len(rows(anonymous.get(CSV))) == 4  # anonymous, the address's budget
    assert len(redis_cache.keys("*budget_export_user*")) == 2


def test_with_the_cache_down_exports_are_served_unweighed(
    anonymous, dead_redis_cache, settings, caplog
):
    settings.EXPORT_ROWS_ANON = 5
    QuoteFactory.create_batch(4)
    with caplog.at_level("WARNING", logger="api.throttling"):
        assert [len(rows(anonymous.get(JSONL))) for _ in range(3)] == [4, 4, 4]
    assert "row budget: the cache is unreachable" in caplog.text


@pytest.mark.parametrize("backend", ["redis_cache", "locmem_cache"])
def test_row_budgets_count_in_sliding_windows(backend, request):
    from api.throttling import RowBudget

    request.getfixturevalue(backend)
    clock = Clock(6000.0)  # the start of a minute (window 100)
    budget = RowBudget("test", limit=10, window=60, timer=clock)
    assert budget.spend("a", 6) == (True, 0)
    # 5 more do not fit; in the next window 6 × (1 − x) + 5 ≤ 10 once x ≥ 1/6: in 70 s
    assert budget.spend("a", 5) == (False, pytest.approx(70))
    assert budget.spend("a", 4) == (True, 0)  # the refused 5 were not spent
    assert budget.spend("b", 10) == (True, 0)  # another client
    assert budget.spend("a", 0) == (True, 0)
    clock.now = 6000.0 + 60 + 30  # halfway through the next window: 10 × 0.5 counted
    assert budget.spend("a", 5) == (True, 0)
    # 5 + 5 counted: one more fits once 10 × (1 − x) + 6 ≤ 10, x ≥ 0.6, in 6 s
    assert budget.spend("a", 1) == (False, pytest.approx(6))
    clock.now += 6.5  # a little after that
    assert budget.spend("a", 1) == (True, 0)
