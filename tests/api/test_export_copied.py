"""On PostgreSQL the exports are written by the database (COPY of the export's query): the
same rows, column for column, as the Python export writes them, tricky text included."""

import csv
import datetime as dt
import io
import json

import pytest

from claims.api.exports import _csv_lines, _export_rows
from claims.selectors import quote_list
from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory

TRICKY = [
    'He said "no",\tthen\\left; a line\r\nbreak',
    "=1+1 looks like a formula",
    "Ünïcode — “curly” \u2028 and a NUL-free \x01 control",
    "-minus first",
    "plain",
]


@pytest.fixture
def tricky_quotes(postgres):
    speaker = SpeakerFactory(name="@Handle, Esq.", slug="handle")
    quotes = []
    for number, text in enumerate(TRICKY):
        article = ArticleFactory(
            body=text,
            title=f"+Title {number}, with a comma",
            outlet="Gazette\\Daily",
            url=f"https://example.org/{number}",
            published_on=dt.date(2016, 1, 1 + number) if number % 2 else None,
        )
        quotes.append(
            QuoteFactory(
                article=article,
                speaker=None if number == 3 else speaker,
                length=len(text),
                mention="" if number == 2 else "\ta tab",
                cue="said",
                confidence=[1.0, 0.35, 0.123456789, 0.0, 1 / 3][number],
                verified=number == 1,
            )
        )
    return quotes


def python_rows():
    quotes = quote_list(rejected=False)
    return list(_export_rows(quotes, quotes.count()))


def test_the_json_lines_export_is_the_python_one(anonymous, tricky_quotes):
    exported = anonymous.get("/api/v1/quotes/export.jsonl")
    # JSON Lines are split at "\n" only (str.splitlines would split at U+2028 too)
    lines = b"".join(exported.streaming_content).decode().removesuffix("\n").split("\n")
    assert [json.loads(line) for line in lines] == python_rows()


def test_the_csv_export_is_the_python_one(anonymous, tricky_quotes):
    exported = anonymous.get("/api/v1/quotes/export.csv")
    copied = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode())))
    written = list(csv.reader(io.StringIO("".join(_csv_lines(iter(python_rows()))))))
    assert copied == written
    assert len(copied) == len(TRICKY) + 1


def test_an_export_with_no_rows_is_its_header(anonymous, postgres):
    exported = anonymous.get("/api/v1/quotes/export.csv")
    (header,) = csv.reader(io.StringIO(b"".join(exported.streaming_content).decode()))
    assert header[:3] == ["id", "text", "kind"]
    assert b"".join(anonymous.get("/api/v1/quotes/export.jsonl").streaming_content) == b""


def test_a_renamed_speaker_or_edited_article_is_exported_as_it_is_now(anonymous, tricky_quotes):
    """On PostgreSQL the article's and the speaker's parts of a row are kept written by the
    database (migration 0021): a change to either reaches the next export."""
    quote = tricky_quotes[0]
    speaker, article = quote.speaker, quote.article
    speaker.name, speaker.slug = 'Renamed "Quoted" \\ Person', "renamed"
    speaker.save()
    type(article).objects.filter(pk=article.pk).update(
        title="New\ttitle", outlet="Other", url=None, published_on=dt.date(2020, 2, 29)
    )
    exported = anonymous.get("/api/v1/quotes/export.jsonl")
    lines = b"".join(exported.streaming_content).decode().removesuffix("\n").split("\n")
    rows = [json.loads(line) for line in lines]
    assert rows == python_rows()
    (row,) = [r for r in rows if r["id"] == quote.pk]
    assert (row["speaker"], row["speaker_slug"]) == ('Renamed "Quoted" \\ Person', "renamed")
    assert (row["article_title"], row["source_url"], row["published_on"]) == (
        "New\ttitle",
        None,
        "2020-02-29",
    )
