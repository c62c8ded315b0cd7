"""The quote exports on PostgreSQL: the export's own query, written out by the database with
COPY (as JSON Lines or CSV) and streamed on as it comes, so an export runs at the database's
speed with flat memory. The rows are those of the Python export (``exports._export_rows``)
under the same column names; only the number formats differ where JSON and CSV allow
(``1`` for ``1.0``)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL

from ..models import Quote

# Export column, the quote's field path, and whether it holds text.
COLUMNS = [
    ("id", "id", False),
    ("text", "text", True),
    ("kind", "kind", True),
    ("speaker_id", "speaker_id", False),
    ("speaker", "speaker__name", True),
    ("speaker_slug", "speaker__slug", True),
    ("mention", "mention", True),
    ("cue", "cue", True),
    ("article_id", "article_id", False),
    ("article_title", "article__title", True),
    ("outlet", "article__outlet", True),
    ("published_on", "article__published_on", False),
    ("source_url", "article__url", True),
    ("content_start", "content_start", False),
    ("content_end", "content_end", False),
    ("confidence", "confidence", False),
    ("origin", "origin", True),
    ("verified", "verified", False),
]
# What a spreadsheet would run as a formula (exports.FORMULA_STARTS), as SQL literals.
FORMULA_STARTS_SQL = "('=', '+', '-', '@', E'\\t', E'\\r')"
# COPY sends each row as a message of its own: they are passed on in blocks of this size.
BLOCK_BYTES = 256 * 1024


def copied_export(quotes: QuerySet[Quote], count: int, export_format: str) -> Iterator[bytes]:
    """The first ``count`` of ``quotes`` as JSON Lines or CSV (``export_format``), written
    by PostgreSQL: COPY of the same query, in blocks of about BLOCK_BYTES."""
    if count == 0:
        if export_format == "csv":
            yield (",".join(name for name, _, _ in COLUMNS) + "\n").encode()
        return
    yield from _blocks(*copy_statement(quotes, count, export_format))


def copy_statement(quotes: QuerySet[Quote], count: int, export_format: str) -> tuple[str, tuple]:
    """COPY of ``quotes`` (the first ``count``) as export rows, and its parameters. The
    benchmark compares the export with COPY of the bare query (``copy_of_query``)."""
    sql, params = _export_query(quotes, count)
    if export_format == "csv":
        columns = ", ".join(
            f'{_csv_value(i, is_text, name)} AS "{name}"'
            for i, (name, _, is_text) in enumerate(COLUMNS)
        )
        # CSV that reads back as the csv module's rows (its bytes differ: lines end in "\n",
        # not "\r\n", and an empty text is "", not nothing)
        options = "FORMAT csv, HEADER true"
    else:
        rows, columns = json_statement_parts(quotes)
        sql, params = rows[:count].query.sql_with_params()
        # CSV without a quote or delimiter that JSON text can hold (it escapes control
        # characters): each line is the JSON as it is, where COPY's text format would
        # double its backslashes
        options = "FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02'"
    return f"COPY (SELECT {columns} FROM ({sql}) AS e) TO STDOUT WITH ({options})", params


def copy_of_query(quotes: QuerySet[Quote], count: int) -> tuple[str, tuple]:
    """COPY of the same rows as ``copy_statement``, in COPY's own text format: what the
    database itself takes to write them out."""
    sql, params = _export_query(quotes, count)
    return f"COPY ({sql}) TO STDOUT", params


# Text columns whose values need no JSON escaping: the database's check constraints hold them
# to a few plain words.
PLAIN_TEXT = {"kind", "origin"}


# On PostgreSQL, articles and speakers keep their part of an export row as JSON (migration
# 0021): the columns from "article_id" and from "speaker_id" on, in this order.
# Each with the field its table is joined through (a short one) and the columns it holds.
FRAGMENTS = {
    "speaker_id": (
        "claims_speaker",
        "speaker__slug",
        ["speaker_id", "speaker", "speaker_slug"],
    ),
    "article_id": (
        "articles_article",
        "article__outlet",
        ["article_id", "article_title", "outlet", "published_on", "source_url"],
    ),
}


def json_statement_parts(quotes: QuerySet[Quote]) -> tuple[QuerySet, str]:
    """The rows of ``quotes`` as the JSON export reads them, and the SQL of one row as a JSON
    object (the columns in export order, concatenated, without the spaces json_build_object
    writes): each text escaped by to_json, except the article's and the speaker's parts,
    which the database keeps written (migration 0021): 1.5 s for 300,000 rows at a million
    statements, against 2.2 s escaping seven texts a row and 2.6-3.1 s with
    json_build_object (PostgreSQL 15)."""
    selected, parts, skip = {}, [], set()
    for index, (name, path, is_text) in enumerate(COLUMNS):
        if name in skip:
            continue
        column = f"e.c{index}"
        separator = "{" if index == 0 else ","
        if name in FRAGMENTS:
            table, joined_by, names = FRAGMENTS[name]
            skip |= set(names)
            selected[f"j{index}"] = F(joined_by)  # the join the fragment is read through
            selected[f"c{index}"] = RawSQL(f'"{table}"."export_json"', [])
            missing = ",".join(f'"{n}":null' for n in names)
            parts.append(f"'{separator}' || coalesce({column}, '{missing}')")
            continue
        selected[f"c{index}"] = F(path)
        if name in PLAIN_TEXT:
            value = f"'\"' || {column} || '\"'"
        elif is_text:
            value = f"to_json({column})::text"
        elif name == "verified":
            value = f"CASE WHEN {column} THEN 'true' ELSE 'false' END"
        else:
            value = f"{column}::text"
        parts.append(f"'{separator}\"{name}\":' || coalesce({value}, 'null')")
    return quotes.values(**selected), " || ".join(parts) + " || '}'"


def _export_query(quotes: QuerySet[Quote], count: int) -> tuple[str, tuple]:
    """The SQL of the first ``count`` of ``quotes`` as export columns (``c0``, ``c1``...)."""
    inner = quotes.values(**{f"c{i}": F(path) for i, (_, path, _) in enumerate(COLUMNS)})
    return inner[:count].query.sql_with_params()


def _csv_value(index: int, is_text: bool, name: str) -> str:
    column = f"e.c{index}"
    if name == "verified":  # as Python writes a bool
        return f"CASE WHEN {column} THEN 'True' ELSE 'False' END"
    if name == "published_on":
        return f"to_char({column}, 'YYYY-MM-DD')"
    if is_text:  # exports._csv_cell: a leading single quote before a formula
        formula = f"left({column}, 1) IN {FORMULA_STARTS_SQL}"
        return f"CASE WHEN {formula} THEN '''' || {column} ELSE {column} END"
    if name == "confidence":  # as Python writes a float: 1.0, not 1
        whole = f"{column} = trunc({column})"
        return f"CASE WHEN {whole} THEN {column}::text || '.0' ELSE {column}::text END"
    return column


def _blocks(statement: str, params: tuple) -> Iterator[bytes]:
    buffer = bytearray()
    with connection.cursor() as cursor, cursor.copy(statement, params) as copy:
        for data in copy:
            buffer += data
            if len(buffer) >= BLOCK_BYTES:
                yield bytes(buffer)
                buffer.clear()
    if buffer:
        yield bytes(buffer)
