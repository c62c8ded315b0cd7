"""The query plans of a request: each statement it runs, explained by PostgreSQL, with the
sequential scans of big tables found (what stops holding as the data grows)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

# A table with more rows than this is big: a sequential scan of it grows with the data.
BIG_TABLE_ROWS = 20_000


@dataclass
class Plan:
    sql: str
    milliseconds: float
    nodes: list[str] = field(default_factory=list)  # "Index Scan on claims_quote", ...
    big_scans: list[str] = field(default_factory=list)  # the big tables read whole

    @property
    def summary(self) -> str:
        return ", ".join(dict.fromkeys(self.nodes))


def request_plans(client: Client, url: str) -> list[Plan]:
    """Run ``url`` once and explain (with ANALYZE: real times and rows) every statement it
    sent to the database."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    big = _big_tables()
    plans = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            found = cursor.fetchone()[0]
            tree = (json.loads(found) if isinstance(found, str) else found)[0]
            plan = Plan(sql=sql, milliseconds=tree["Execution Time"])
            _walk(tree["Plan"], plan, big)
            plans.append(plan)
    return plans


def _walk(node: dict, plan: Plan, big: set[str]) -> None:
    kind = node["Node Type"]
    relation = node.get("Relation Name")
    plan.nodes.append(f"{kind} on {relation}" if relation else kind)
    if kind == "Seq Scan" and relation in big:
        plan.big_scans.append(relation)
    for child in node.get("Plans", []):
        _walk(child, plan, big)


def _big_tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples > %s",
            [BIG_TABLE_ROWS],
        )
        return {name for (name,) in cursor.fetchall()}
