"""python manage.py bench_paste : how long an editor waits for the ingest page to answer when
pasting a long text (87,000 characters by default), and how long until the article is done.
Meant for the local defaults (no CELERY_BROKER_URL: tasks run in the web process)."""

import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.test import Client

from api.permissions import EDITORS
from articles.models import Article
from benchmarks.database import bench_database

SEEDS = Path(settings.BASE_DIR) / "seeds"
WAIT_SECONDS = 600
FINISHED = (Article.Status.DONE, Article.Status.FAILED, Article.Status.DUPLICATE)


def long_text(chars: int) -> str:
    """A headline, then the seed articles' paragraphs over and over (each round numbered, so
    that the text reads as one long report) up to ``chars`` characters."""
    paragraphs = [
        p.strip()
        for path in sorted(SEEDS.glob("*.txt"))
        for p in path.read_text(encoding="utf-8").split("\n\n")
        if p.strip()
    ]
    parts, size, n = ["A long report on the drills in Belarus"], 0, 0
    while size < chars:
        paragraph = f"Update {n // len(paragraphs) + 1}. {paragraphs[n % len(paragraphs)]}"
        parts.append(paragraph)
        size += len(paragraph) + 2
        n += 1
    return "\n\n".join(parts)[:chars]


class Command(BaseCommand):
    help = (
        "Paste a long text on /ingest/ as an editor, in a database of its own, and print the"
        " seconds to the response and to the article's extraction being done."
    )

    def add_arguments(self, parser):
        parser.add_argument("--chars", type=int, default=87_000)

    def handle(self, *args, chars, **options):
        text = long_text(chars)
        eager = "in-process (no broker)" if settings.CELERY_TASK_ALWAYS_EAGER else "a broker"
        self.stdout.write(f"{len(text):,} characters, tasks: {eager}")
        with bench_database("_bench_paste", any_vendor=True):
            editor = User.objects.create_user("bench-editor")
            editor.groups.add(Group.objects.get_or_create(name=EDITORS)[0])
            client = Client()
            client.force_login(editor)
            started = time.perf_counter()
            response = client.post("/ingest/", {"text": text})
            answered = time.perf_counter() - started
            article = Article.objects.get()
            while article.status not in FINISHED and time.perf_counter() - started < WAIT_SECONDS:
                time.sleep(0.1)
                article.refresh_from_db()
            done = time.perf_counter() - started
            self.stdout.write(
                f"response {response.status_code} in {answered:.2f} s;"
                f" article {article.status} ({article.quotes.count()} statements)"
                f" after {done:.2f} s"
            )
