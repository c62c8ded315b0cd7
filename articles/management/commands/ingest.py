"""python manage.py ingest PATH-OR-URL... : ingest .txt, .html and .jsonl files, or those in
folders (PolNeAR's BRAT layout included: its text/*.txt files are the articles, their outlet,
date and title read from its metadata.tsv and file names), and web pages by URL (a worker
fetches them). HTML is cleaned in this process, not by a worker; without a broker the
extraction runs here too, within the progress bar."""

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.brat import brat_fields
from articles.services import article_ingest, tasks_in_foreground
from articles.text import HTML_SUFFIXES, UndecodableText, text_decode, text_title, upload_fields

SUFFIXES = {*HTML_SUFFIXES, ".txt", ".jsonl"}


class Command(BaseCommand):
    help = (
        "Ingest .txt, .html and .jsonl articles (files or folders) and web pages by URL;"
        " fetching and extraction are queued."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH-OR-URL")
        parser.add_argument("--outlet", default="", help="outlet to record on every article")

    def handle(self, *args, paths, outlet, **options):
        with tasks_in_foreground():
            self._ingest(paths, outlet, options["verbosity"])

    def _ingest(self, paths: list[str], outlet: str, verbosity: int) -> None:
        urls = [p for p in paths if p.lower().startswith(("http://", "https://"))]
        files = _text_files([Path(p) for p in paths if p not in urls])
        if not files and not urls:
            raise CommandError("No .txt, .html or .jsonl files found in the given paths.")
        counts = {"new": 0, "duplicate": 0, "failed": 0}
        for url in urls:
            try:
                _, created = article_ingest(url=url, outlet=outlet)
                counts["new" if created else "duplicate"] += 1
            except ValidationError as exc:
                counts["failed"] += 1
                self.stderr.write(f"{url}: {_reason(exc)}")
        progress = tqdm(files, unit="file", disable=len(files) < 2 or verbosity == 0)
        for path in progress:
            try:
                articles = list(_articles_in(path, outlet))
            except (OSError, UndecodableText) as exc:
                articles = [(str(path), exc)]
            for label, fields in articles:
                try:
                    if isinstance(fields, Exception):
                        raise fields
                    # pages cleaned here, so that the summary is right when it is printed
                    _, created = article_ingest(**fields, clean_now=True)
                    counts["new" if created else "duplicate"] += 1
                except (UndecodableText, ValidationError) as exc:
                    counts["failed"] += 1
                    self.stderr.write(f"{label}: {_reason(exc)}")
        summary = ", ".join(f"{n} {k}" for k, n in counts.items())
        sources = f"{len(files)} file(s)" + (f" and {len(urls)} URL(s)" if urls else "")
        self.stdout.write(f"Ingested {sources}: {summary}.")
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} article(s) failed.")


def _articles_in(path: Path, outlet: str) -> Iterator[tuple[str, dict[str, Any] | Exception]]:
    """The ingest arguments of each article in a file: one per .txt or .html file (a PolNeAR
    BRAT file with its outlet, date and title), one per line of a .jsonl file ({"text" or
    "html", "title", "url", "outlet", "published_on"})."""
    if path.suffix.lower() == ".jsonl":
        for number, line in enumerate(text_decode(_bytes(path)).splitlines(), start=1):
            if line.strip():
                yield f"{path}:{number}", _jsonl_fields(line, outlet)
        return
    fields = {**upload_fields(path.name, _bytes(path)), **brat_fields(path)}
    if "text" in fields and not fields.get("title"):
        fields["title"] = _title(fields["text"], path)
    yield str(path), {**fields, "outlet": outlet or fields.get("outlet", "")}


def _jsonl_fields(line: str, outlet: str) -> dict[str, Any] | Exception:
    try:
        record = json.loads(line)
        published = record.get("published_on")
        fields = {
            "text": record.get("text") or "",
            "html": record.get("html") or "",
            "title": record.get("title") or "",
            "url": record.get("url") or None,
            "outlet": record.get("outlet") or outlet,
            "published_on": dt.date.fromisoformat(published) if published else None,
        }
    except (ValueError, TypeError, AttributeError) as exc:
        return UndecodableText(f"not a JSON article record ({exc})")
    if not fields["title"] and fields["text"]:
        fields["title"] = _title(fields["text"], Path(str(record.get("id") or "")))
    return fields


def _text_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            )
        elif path.exists():
            files.append(path)
        else:
            raise CommandError(f"{path}: no such file or folder.")
    return files


def _bytes(path: Path) -> bytes:
    limit = settings.ARTICLE_MAX_CHARS * 4  # bytes: at most four per character in UTF-8
    if path.stat().st_size > limit:
        raise UndecodableText(f"larger than the limit of {limit:,} bytes")
    return path.read_bytes()


def _title(text: str, path: Path) -> str:
    """The first line when it reads like a headline, else the file name."""
    return text_title(text) or path.stem


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return str(exc)
