"""Statement groups and misquote alerts in the API (issue 13)."""

import pytest

from claims.models import GroupMember, MisquoteAlert, Quote, QuoteEvent, StatementGroup
from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def test_groups_list_and_record(anonymous, three_reports):
    (row,) = anonymous.get("/api/v1/groups/").json()["results"]
    assert row["speaker"]["name"] == "Anna Berg"
    assert (row["statement_count"], row["outlet_count"], row["open_alerts"]) == (3, 3, 1)
    assert row["first_published_on"] == "2024-03-04"
    record = anonymous.get(row["url"]).json()
    assert record["outlets"] == ["BBC", "Daily Courier", "Reuters"]
    statements = record["statements"]
    # first appearance first: the two reports of 4 March, then the one of 5 March
    assert [s["published_on"] for s in statements] == ["2024-03-04", "2024-03-04", "2024-03-05"]
    assert {s["kind"] for s in statements} == {"direct", "indirect"}
    assert all("by_editor" in s and "text" in s for s in statements)
    (alert,) = record["alerts"]
    assert alert["changes"] == [{"before": ["purely"], "after": ["entirely"]}]
    by_speaker = anonymous.get("/api/v1/groups/", {"speaker": row["speaker"]["slug"]}).json()
    assert len(by_speaker["results"]) == 1
    assert anonymous.get("/api/v1/groups/", {"speaker": "nobody"}).json()["results"] == []


def test_misquote_queue_and_review_by_fact_checkers_only(
    anonymous, editor, fact_checker, three_reports
):
    (alert,) = anonymous.get("/api/v1/misquotes/").json()["results"]
    assert alert["earlier"]["outlet"] == "Reuters" and alert["status"] == "open"
    url = f"{alert['url']}review/"
    assert editor.post(url, {"status": "confirmed"}, format="json").status_code == 403
    answer = fact_checker.post(url, {"status": "confirmed", "note": "checked"}, format="json")
    assert answer.status_code == 200 and answer.json()["status"] == "confirmed"
    assert anonymous.get("/api/v1/misquotes/").json()["results"] == []
    confirmed = anonymous.get("/api/v1/misquotes/", {"status": "confirmed"}).json()["results"]
    # who decided and their note are the newsroom's
    assert "reviewed_by" not in confirmed[0] and "note" not in confirmed[0]
    inside = fact_checker.get("/api/v1/misquotes/", {"status": "confirmed"}).json()["results"]
    assert (inside[0]["reviewed_by"], inside[0]["note"]) == (fact_checker.user.username, "checked")
    again = fact_checker.post(url, {"status": "dismissed"}, format="json")
    assert again.status_code == 400
    assert MisquoteAlert.objects.get().status == "confirmed"


def test_editors_move_statements_in_and_out(editor, reader):
    speaker = SpeakerFactory()
    first = QuoteFactory(speaker=speaker, article=ArticleFactory(body="We will build it."))
    second = QuoteFactory(speaker=speaker, article=ArticleFactory(body="It will be built."))
    url = f"/api/v1/quotes/{second.pk}/group/"
    assert reader.post(url, {"with_quote": first.pk}, format="json").status_code == 403
    assert editor.post(url, {"with_quote": first.pk}, format="json").status_code == 200
    group = StatementGroup.objects.get()
    assert set(GroupMember.objects.values_list("quote_id", flat=True)) == {first.pk, second.pk}
    out = editor.post(f"/api/v1/quotes/{second.pk}/ungroup/", {"note": "no"}, format="json")
    assert out.status_code == 200
    assert not GroupMember.objects.filter(quote=second).exists()
    actions = QuoteEvent.objects.filter(quote=second).values_list("new", flat=True)
    assert list(actions.order_by("id")) == [{"group": group.pk}, {"group": None}]
    again = editor.post(f"/api/v1/quotes/{second.pk}/ungroup/", {}, format="json")
    assert again.status_code == 400
    other = QuoteFactory()  # another speaker
    refused = editor.post(url, {"with_quote": other.pk}, format="json")
    assert refused.status_code == 400
    assert editor.post(url, {"with_quote": 10**9}, format="json").status_code == 404
    assert Quote.objects.filter(pk=second.pk).exists()


def test_a_group_left_with_one_statement_is_listed_no_more_but_keeps_its_record(
    anonymous, editor, three_reports
):
    group = StatementGroup.objects.get()
    for quote in three_reports.exclude(article__outlet="Reuters"):
        editor.post(f"/api/v1/quotes/{quote.pk}/ungroup/", {}, format="json")
    assert anonymous.get("/api/v1/groups/").json()["results"] == []
    record = anonymous.get(f"/api/v1/groups/{group.pk}/").json()
    assert record["statement_count"] == 1 and record["outlets"] == ["Reuters"]
