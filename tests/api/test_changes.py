"""The change feed of quotes (GET /api/v1/quotes/changes/, issue 14): a first pull gives
every live quote and a cursor; each later pull gives exactly what changed since, edits and
deletions included, oldest first, and never misses a change that commits late.

The feed gives only changes of finished transactions: a test's own writes must be committed,
so these tests run outside the per-test transaction (transaction=True)."""

import datetime as dt
import json
import time

import psycopg
import pytest
from django.db import connection

from articles.services import article_delete
from claims import services
from claims.changes import HORIZON_POSTGRESQL
from claims.models import Quote, QuoteDeletion
from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory, member

pytestmark = pytest.mark.django_db(transaction=True)

URL = "/api/v1/quotes/changes/"


def settled() -> None:
    """Wait until every transaction begun before now has finished, in the whole PostgreSQL
    cluster (the feed waits for them: another database's long write holds it back too)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint")
        (begun_before,) = cursor.fetchone()
        deadline = time.monotonic() + 60
        while True:
            cursor.execute(HORIZON_POSTGRESQL)
            if cursor.fetchone()[0] >= begun_before:
                return
            if time.monotonic() > deadline:
                pytest.fail("a transaction of the cluster stayed open for a minute")
            time.sleep(0.05)


def other_connection(**options) -> psycopg.Connection:
    """A second connection to the test database, beside Django's."""
    database = connection.settings_dict
    return psycopg.connect(
        dbname=database["NAME"],
        user=database["USER"],
        password=database["PASSWORD"] or None,
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        **options,
    )


def pull(client, cursor: str | None = None, *, settle: bool = True, **params) -> dict:
    if settle:
        settled()
    if cursor is not None:
        params["updated_after"] = cursor
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def walk(client, cursor: str | None = None, **params) -> tuple[list[dict], str, list[int]]:
    """Every change after ``cursor``, page after page: the changes, the last cursor and the
    size of each page."""
    changes, sizes = [], []
    while True:
        page = pull(client, cursor, **params)
        changes += page["results"]
        sizes.append(len(page["results"]))
        cursor = page["next_cursor"]
        if not page["more"]:
            return changes, cursor, sizes


def summary(changes: list[dict]) -> list[tuple[int, bool]]:
    return [(change["id"], change["deleted"]) for change in changes]


@pytest.fixture
def editor_user():
    return member("editors")


def test_a_first_pull_gives_every_live_quote_as_the_list_does_and_a_cursor(reader, editor_user):
    live = QuoteFactory.create_batch(3)
    rejected = QuoteFactory()
    services.quote_update(quote=rejected, by=editor_user, changes={"rejected": True})
    QuoteFactory().delete()

    page = pull(reader)

    assert summary(page["results"]) == [(quote.pk, False) for quote in live]
    assert page["more"] is False and page["next_cursor"]
    listed = reader.get(f"/api/v1/quotes/{live[0].pk}/").json()
    assert page["results"][0] == {**listed, "deleted": False}


def test_each_change_comes_once_in_the_next_pull_oldest_first(reader, editor_user):
    merged, kept = SpeakerFactory(), SpeakerFactory()
    said = ArticleFactory()
    moved = [QuoteFactory(article=said, speaker=merged, content_start=n) for n in (0, 4)]
    edited, to_reject, untouched = QuoteFactory.create_batch(3)
    doomed = ArticleFactory()
    deleted = [QuoteFactory(article=doomed, content_start=n) for n in (0, 4)]
    _, cursor, _ = walk(reader)

    services.quote_update(quote=edited, by=editor_user, changes={"kind": "direct"})
    services.speaker_merge(source=merged, target=kept, by=editor_user)
    services.quote_update(quote=to_reject, by=editor_user, changes={"rejected": True})
    article_delete(article=doomed)
    added = QuoteFactory.create_batch(2, article=ArticleFactory())

    page = pull(reader, cursor)

    assert summary(page["results"]) == [
        (edited.pk, False),
        *((quote.pk, False) for quote in moved),
        (to_reject.pk, True),
        *((quote.pk, True) for quote in deleted),
        *((quote.pk, False) for quote in added),
    ]
    assert untouched.pk not in {change["id"] for change in page["results"]}
    rows = {change["id"]: change for change in page["results"]}
    assert rows[edited.pk]["kind"] == "direct" and rows[edited.pk]["version"] == 2
    assert {rows[quote.pk]["speaker"]["slug"] for quote in moved} == {kept.slug}
    assert rows[to_reject.pk] == {"id": to_reject.pk, "deleted": True}
    assert page["more"] is False

    again = pull(reader, page["next_cursor"])
    assert again["results"] == [] and again["next_cursor"] == page["next_cursor"]
    assert again["more"] is False


def test_a_quote_restored_after_rejection_comes_back(reader, editor_user):
    quote = QuoteFactory()
    services.quote_update(quote=quote, by=editor_user, changes={"rejected": True})
    cursor = pull(reader)["next_cursor"]

    services.quote_update(quote=quote, by=editor_user, changes={"rejected": False})

    (change,) = pull(reader, cursor)["results"]
    assert change["id"] == quote.pk and change["deleted"] is False
    assert change["rejected"] is False and change["version"] == 3


def test_pages_of_two_walk_the_whole_feed_without_loss_or_duplicates(reader, editor_user):
    speaker, other = SpeakerFactory(), SpeakerFactory()
    quotes = QuoteFactory.create_batch(7, speaker=speaker)

    changes, cursor, sizes = walk(reader, page_size=2)

    assert summary(changes) == [(quote.pk, False) for quote in quotes]
    assert sizes == [2, 2, 2, 1]

    # five quotes changed by one transaction, two of them deleted in the next: pages of two
    # cut through one transaction's changes
    services.speaker_merge(source=speaker, target=other, by=editor_user)
    Quote.objects.filter(pk__in=[quotes[1].pk, quotes[4].pk]).delete()
    added = QuoteFactory()

    changes, _, sizes = walk(reader, cursor, page_size=2)

    alive = [quote for quote in quotes if quote.pk not in (quotes[1].pk, quotes[4].pk)]
    assert summary(changes) == [
        *((quote.pk, False) for quote in alive),
        (quotes[1].pk, True),
        (quotes[4].pk, True),
        (added.pk, False),
    ]
    assert sizes == [2, 2, 2, 2]


def test_a_quote_deleted_while_the_first_copy_is_taken_comes_as_deleted(reader, editor_user):
    first, second, third = QuoteFactory.create_batch(3)
    page = pull(reader, page_size=2)
    assert summary(page["results"]) == [(first.pk, False), (second.pk, False)]

    services.quote_update(quote=first, by=editor_user, changes={"rejected": True})
    Quote.objects.filter(pk=second.pk).delete()
    changes, _, _ = walk(reader, page["next_cursor"], page_size=2)

    assert summary(changes) == [(third.pk, False), (first.pk, True), (second.pk, True)]


def test_a_change_that_commits_late_is_not_missed(reader, editor_user, postgres):
    late, early = QuoteFactory.create_batch(2)
    cursor = pull(reader)["next_cursor"]
    with other_connection() as other:
        # begun first, committed last: its transaction id is below the other change's
        other.execute("UPDATE claims_quote SET kind = 'direct' WHERE id = %s", [late.pk])
        services.quote_update(quote=early, by=editor_user, changes={"kind": "partial"})

        waiting = pull(reader, cursor, settle=False)
        assert waiting["results"] == [] and waiting["next_cursor"] == cursor

        other.commit()

    page = pull(reader, cursor)
    assert summary(page["results"]) == [(late.pk, False), (early.pk, False)]
    assert [change["kind"] for change in page["results"]] == ["direct", "partial"]


def test_the_database_records_changes_whatever_writes_them():
    quote = QuoteFactory()
    stamps = Quote.objects.filter(pk=quote.pk).values_list("change_xid", flat=True)
    first = stamps.get()
    Quote.objects.filter(pk=quote.pk).update(confidence=0.5)  # no model, no auto_now
    second = stamps.get()
    Quote.objects.filter(pk=quote.pk).delete()

    assert first is not None and second > first
    (gone,) = QuoteDeletion.objects.all()
    assert gone.quote_id == quote.pk and gone.change_xid > second
    assert gone.deleted_at is not None


@pytest.mark.parametrize(
    "params",
    [
        {"updated_after": "nonsense!"},
        {"updated_after": "MTIz"},  # base64 of "123": not a position
        {"updated_after": "MS4yLjM\x00"},
        {"page_size": "0"},
        {"page_size": "1001"},
        {"since": "2025-01-01"},
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(reader, params):
    response = reader.get(URL, params)
    assert response.status_code == 400
    assert set(response.json()) == set(params)


def test_an_invalid_cursor_says_what_to_send(reader):
    response = reader.get(URL, {"updated_after": "MTIz"})
    assert "next_cursor of an earlier pull" in response.json()["updated_after"][0]


def test_the_feed_is_read_only_and_open_to_readers(anonymous, reader):
    assert anonymous.get(URL).status_code == 200
    assert reader.post(URL, {}).status_code == 405


def test_an_export_names_the_cursor_that_keeps_its_copy_in_sync(reader, editor_user):
    """A client copies everything with the export, then pulls the feed from the export's
    X-Changes-Cursor: what changed after the export, and only that."""
    edited, deleted, untouched = QuoteFactory.create_batch(3)
    settled()
    exported = reader.get("/api/v1/quotes/export.jsonl")
    copied = b"".join(exported.streaming_content).decode().removesuffix("\n").split("\n")
    assert len(copied) == 3
    cursor = exported["X-Changes-Cursor"]

    services.quote_update(quote=edited, by=editor_user, changes={"kind": "direct"})
    deleted_id = deleted.pk
    deleted.delete()

    page = pull(reader, cursor)
    assert summary(page["results"]) == [(edited.pk, False), (deleted_id, True)]
    assert untouched.pk not in {change["id"] for change in page["results"]}


def test_a_renamed_speaker_or_edited_article_reaches_the_copies(reader, editor_user):
    """A feed row shows its speaker's and its article's fields: editing them is a change of
    their quotes (migration 0022); an edit of another field is not."""
    speaker, article = SpeakerFactory(), ArticleFactory()
    by_speaker = QuoteFactory(speaker=speaker)
    in_article = QuoteFactory(article=article, speaker=None)
    untouched = QuoteFactory()
    _, cursor, _ = walk(reader)

    speaker.name = "Renamed Person"
    speaker.save()
    type(article).objects.filter(pk=article.pk).update(outlet="Other Gazette")
    type(article).objects.filter(pk=untouched.article_id).update(error="unrelated field")

    page = pull(reader, cursor)
    rows = {change["id"]: change for change in page["results"]}
    assert set(rows) == {by_speaker.pk, in_article.pk}
    assert rows[by_speaker.pk]["speaker"]["name"] == "Renamed Person"
    assert rows[in_article.pk]["outlet"] == "Other Gazette"


def test_a_statement_added_during_an_export_pushes_no_counted_row_out(reader, postgres):
    """A statement added between an export's count and its rows would have pushed a counted
    row out (rows are cut at the count), with its change below the cursor: the export holds
    the rows written before its cursor, and the feed from the cursor brings the newcomer."""
    old = QuoteFactory.create_batch(3, article=ArticleFactory(published_on=dt.date(2001, 1, 1)))
    settled()
    exported = reader.get("/api/v1/quotes/export.jsonl")  # counted; no row read yet
    # a newer article's statement, first in the export's order
    with other_connection(autocommit=True) as other:
        newest = ArticleFactory.build(published_on=dt.date(2030, 1, 1))
        other.execute(
            "INSERT INTO articles_article (title, outlet, raw_text, body, content_hash,"
            " language, status, error, extractor_version, created_at, updated_at, captions,"
            " leased_by, published_on) VALUES (%s, '', %s, %s, %s, 'en', 'done', '', '',"
            " now(), now(), '', '', %s) RETURNING id",
            [newest.title, newest.body, newest.body, newest.content_hash, newest.published_on],
        )
        (article_id,) = other.execute("SELECT max(id) FROM articles_article").fetchone()
        (added,) = other.execute(
            "INSERT INTO claims_quote (article_id, text, kind, content_start, content_end,"
            " mention, cue, confidence, origin, verified, rejected, version, created_at,"
            " updated_at) VALUES (%s, 'The', 'indirect', 0, 3, '', '', 1, 'extractor', false,"
            " false, 1, now(), now()) RETURNING id",
            [article_id],
        ).fetchone()
    lines = b"".join(exported.streaming_content).decode().removesuffix("\n").split("\n")
    assert sorted(json.loads(line)["id"] for line in lines) == sorted(q.pk for q in old)
    page = pull(reader, exported["X-Changes-Cursor"])
    assert summary(page["results"]) == [(added, False)]
