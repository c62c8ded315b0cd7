"""Reads of statement groups and misquote alerts (the writes are in claims.services.groups)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Min, Q, QuerySet

from .models import GroupMember, MisquoteAlert, StatementGroup
from .selectors import quote_rows_all

# A group is shown once it holds this many statements (an editor's leftover of one is not).
MIN_MEMBERS = 2


def statement_group_list(
    *, speaker_id: int | None = None, min_members: int = MIN_MEMBERS
) -> QuerySet[StatementGroup]:
    """Groups of at least ``min_members`` statements (two: the lists'; 0 for a group's own
    record, which a decided alert may still link to after its statements left), newest
    first, with their number of statements, of outlets, their first appearance (date) and
    their open alerts."""
    groups = StatementGroup.objects.select_related("speaker").annotate(
        statement_count=Count("members", distinct=True),
        outlet_count=Count("members__quote__article__outlet", distinct=True),
        first_published_on=Min("members__quote__published_on"),
        open_alerts=Count(
            "alerts", filter=Q(alerts__status=MisquoteAlert.Status.OPEN), distinct=True
        ),
    )
    if speaker_id is not None:
        groups = groups.filter(speaker_id=speaker_id)
    return groups.filter(statement_count__gte=min_members).order_by("-id")


@dataclass
class GroupRecord:
    """A group as a page or the API shows it: its statements in order of appearance (rows of
    the quote list, each with ``by_editor`` and ``score``), the first of them, and its alerts."""

    group: StatementGroup
    members: list[dict[str, Any]]
    alerts: list[MisquoteAlert]

    @property
    def first(self) -> dict[str, Any] | None:
        return self.members[0] if self.members else None

    @property
    def outlets(self) -> list[str]:
        return sorted({m["article__outlet"] for m in self.members if m["article__outlet"]})


def statement_group_record(group: StatementGroup) -> GroupRecord:
    """``group`` with its statements, first appearance first, and its alerts."""
    joined = {
        member.quote_id: member
        for member in GroupMember.objects.filter(group=group).only("quote_id", "by_editor", "score")
    }
    rows = (
        quote_rows_all()
        .filter(pk__in=joined)
        .order_by(F("published_on").asc(nulls_last=True), "id")
    )
    members = [
        {**row, "by_editor": joined[row["id"]].by_editor, "score": joined[row["id"]].score}
        for row in rows
    ]
    return GroupRecord(group, members, list(misquote_alert_list(group=group, status=None)))


def misquote_alert_list(
    *, status: str | None = MisquoteAlert.Status.OPEN, group: StatementGroup | None = None
) -> QuerySet[MisquoteAlert]:
    """Misquote alerts, newest first: open ones by default (``status`` None: every one)."""
    alerts = MisquoteAlert.objects.select_related(
        "group__speaker",
        "earlier__article",
        "later__article",
        "earlier__speaker",
        "later__speaker",
        "reviewed_by",
    )
    if status is not None:
        alerts = alerts.filter(status=status)
    if group is not None:
        alerts = alerts.filter(group=group)
    return alerts.order_by("-created_at", "-id")
