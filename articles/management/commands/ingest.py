"""python manage.py ingest PATH... : ingest .txt and .html files, or those in folders."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.services import article_ingest
from articles.text import UndecodableText, text_decode

MAX_TITLE_CHARS = 200
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUFFIXES = HTML_SUFFIXES | {".txt"}


class Command(BaseCommand):
    help = "Ingest .txt and .html articles (files or folders); extraction is queued for each."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--outlet", default="", help="outlet to record on every article")

    def handle(self, *args, paths, outlet, **options):
        files = _text_files(paths)
        if not files:
            raise CommandError("No .txt or .html files found in the given paths.")
        counts = {"new": 0, "duplicate": 0, "failed": 0}
        progress = tqdm(files, unit="file", disable=len(files) < 2 or options["verbosity"] == 0)
        for path in progress:
            try:
                content = _read(path)
                if path.suffix.lower() in HTML_SUFFIXES:
                    _, created = article_ingest(html=content, outlet=outlet)
                else:
                    title = _title(content, path)
                    _, created = article_ingest(text=content, title=title, outlet=outlet)
            except (OSError, UndecodableText, ValidationError) as exc:
                counts["failed"] += 1
                self.stderr.write(f"{path}: {_reason(exc)}")
                continue
            counts["new" if created else "duplicate"] += 1
        summary = ", ".join(f"{n} {k}" for k, n in counts.items())
        self.stdout.write(f"Ingested {len(files)} file(s): {summary}.")
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} file(s) failed.")


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


def _read(path: Path) -> str:
    limit = settings.ARTICLE_MAX_CHARS * 4  # bytes: at most four per character in UTF-8
    if path.stat().st_size > limit:
        raise UndecodableText(f"larger than the limit of {limit:,} bytes")
    return text_decode(path.read_bytes())


def _title(text: str, path: Path) -> str:
    """The first line when it reads like a headline, else the file name."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first if 0 < len(first) <= MAX_TITLE_CHARS else path.stem


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return str(exc)
