import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from articles.models import Article
from articles.services import (
    article_extract,
    article_ingest,
    article_requeue,
    articles_enqueue_pending,
)
from articles.tasks import article_extract_task
from claims.models import Quote, Speaker
from claims.services import quote_update
from tests.conftest import SEEDS
from tests.factories import SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db


def ingest(capture, **kwargs):
    with capture(execute=True):
        return article_ingest(**kwargs)


def test_ingest_stores_cleans_and_extracts(django_capture_on_commit_callbacks, seed_text):
    article, created = ingest(
        django_capture_on_commit_callbacks,
        text=seed_text.replace("\n", "\r\n") + "\x00  ",
        title="Drills",
    )
    article.refresh_from_db()
    assert created
    assert article.raw_text.startswith("Russian military drills") and "\r\n" in article.raw_text
    assert "\r" not in article.body and "\x00" not in article.body
    assert article.raw_text.endswith("\ufffd  ")
    assert article.status == Article.Status.DONE and article.language == "en"
    assert article.extractor_version
    quotes = list(article.quotes.select_related("speaker"))
    assert len(quotes) >= 10
    for quote in quotes:
        assert article.body[quote.content_start : quote.content_end] == quote.text
    putin = Speaker.objects.get(slug="vladimir-putin")
    assert putin.quotes.filter(
        text__startswith="“These military exercises, drills are purely defensive"
    ).exists()
    assert {"Mr Putin", "Vladimir Putin"} <= set(putin.aliases.values_list("name", flat=True))


def test_the_same_text_twice_is_one_article(django_capture_on_commit_callbacks, seed_text):
    first, created = ingest(django_capture_on_commit_callbacks, text=seed_text)
    again, created_again = ingest(django_capture_on_commit_callbacks, text=seed_text + "\n\n")
    assert created and not created_again and first.pk == again.pk
    assert Article.objects.count() == 1


def test_the_same_url_twice_is_one_article(django_capture_on_commit_callbacks):
    url = "https://news.example/story"
    first, _ = ingest(django_capture_on_commit_callbacks, text="One version, he said.", url=url)
    again, created = ingest(
        django_capture_on_commit_callbacks, text="An updated version, he said.", url=url
    )
    assert not created and again.pk == first.pk


def test_empty_text_is_refused_with_a_clear_error():
    with pytest.raises(ValidationError, match="no text"):
        article_ingest(text=" \n\x00 ")
    assert Article.objects.count() == 0


def test_a_failing_extraction_keeps_the_text_records_why_and_can_be_requeued(
    django_capture_on_commit_callbacks, monkeypatch, seed_text
):
    def broken(texts, **options):
        raise RuntimeError("parser exploded")

    monkeypatch.setattr("extraction.extract_many", broken)
    article, _ = ingest(django_capture_on_commit_callbacks, text=seed_text)
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert "RuntimeError: parser exploded" in article.error
    assert article.body.startswith("Russian military drills")

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        article_requeue(article=article)
    article.refresh_from_db()
    assert article.status == Article.Status.DONE and article.error == ""
    assert article.quotes.exists()


def test_non_english_text_fails_with_the_reason(django_capture_on_commit_callbacks):
    article, _ = ingest(
        django_capture_on_commit_callbacks,
        text="Der Minister sagte am Montag, dass die Regierung keine neuen Schulden machen werde.",
    )
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    # issue 16, item 7: the reason in words, not the detector's "detected: und"
    assert article.error == (
        "Extraction failed: the text is not in English (the extractor reads English only)"
    )
    assert article.body.startswith("Der Minister")  # the text is kept


def test_a_text_given_without_a_title_is_titled_by_its_first_line(
    django_capture_on_commit_callbacks,
):
    """Issue 16, item 7: as ``manage.py ingest`` does; a first line too long to be a headline
    gives no title, and a title given is kept."""
    headline = "Mayor promises the bridge will reopen"
    article, _ = ingest(
        django_capture_on_commit_callbacks,
        text=f"\n  {headline}  \n\nThe mayor said on Monday that the bridge would reopen.",
    )
    assert article.title == headline
    paragraph = "The council said " + "the works would take longer than planned, " * 10
    untitled, _ = ingest(django_capture_on_commit_callbacks, text=paragraph)
    assert untitled.title == ""
    given, _ = ingest(
        django_capture_on_commit_callbacks, text="Other news\n\nThe council met.", title="Mine"
    )
    assert given.title == "Mine"


def test_reextraction_is_idempotent_and_never_touches_editor_work(
    django_capture_on_commit_callbacks, seed_text
):
    article, _ = ingest(django_capture_on_commit_callbacks, text=seed_text)
    before = sorted(
        Quote.objects.values_list("content_start", "content_end", "speaker__name", "kind")
    )
    editor = UserFactory()
    moved = article.quotes.get(text__startswith="“These military exercises")
    other = SpeakerFactory(name="Alexander Lukashenko Jr")
    quote_update(quote=moved, by=editor, changes={"speaker": other}, note="checked the video")
    verified = article.quotes.exclude(pk=moved.pk).first()
    Quote.objects.filter(pk=verified.pk).update(verified=True)

    article_extract_task.delay(article.pk)
    article_extract(article=article)

    after = sorted(
        Quote.objects.values_list("content_start", "content_end", "speaker__name", "kind")
    )
    assert len(after) == len(before)
    moved.refresh_from_db()
    assert moved.speaker == other and moved.origin == Quote.Origin.EDITOR
    assert Quote.objects.filter(pk=verified.pk, verified=True).exists()
    assert moved.events.get().note == "checked the video"


def test_ingest_command_reports_new_and_duplicate(capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ingest", str(SEEDS))
    assert "2 new, 0 duplicate, 0 failed" in capsys.readouterr().out
    call_command("ingest", str(SEEDS / "000_e22fc656f51a6888.txt"))
    assert "0 new, 1 duplicate" in capsys.readouterr().out
    assert Article.objects.filter(status=Article.Status.DONE).count() == 2


def test_ingest_command_reads_other_encodings(django_capture_on_commit_callbacks, capsys, tmp_path):
    (tmp_path / "latin1.txt").write_bytes("Le ministre a déclaré lundi.".encode("latin-1"))
    (tmp_path / "utf16.txt").write_bytes("The minister said the plan was ready.".encode("utf-16"))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ingest", str(tmp_path))
    assert "2 new" in capsys.readouterr().out
    bodies = set(Article.objects.values_list("body", flat=True))
    assert bodies == {"Le ministre a déclaré lundi.", "The minister said the plan was ready."}


def test_ingest_command_refuses_bad_files_and_says_why(capsys, settings, tmp_path):
    settings.ARTICLE_MAX_CHARS = 1000
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "huge.txt").write_text("The minister said so. " * 300)
    with pytest.raises(CommandError, match="3 article"):
        call_command("ingest", str(tmp_path))
    errors = capsys.readouterr().err
    assert "empty.txt: The article has no text." in errors
    assert "binary.txt: binary data, not text" in errors
    assert "huge.txt: larger than the limit of 4,000 bytes" in errors
    assert Article.objects.count() == 0
    with pytest.raises(CommandError, match="no such file"):
        call_command("ingest", str(tmp_path / "missing.txt"))


def test_an_article_ingested_while_the_broker_is_down_is_kept_and_sent_later(
    django_capture_on_commit_callbacks, broker_down, seed_text
):
    from config.celery import app

    with django_capture_on_commit_callbacks(execute=True):
        article, created = article_ingest(text=seed_text)
    article.refresh_from_db()
    assert created and article.status == Article.Status.QUEUED and article.enqueued_at is None
    assert articles_enqueue_pending() == 0  # still down: nothing sent, nothing lost

    app.conf.task_always_eager = True  # the broker is back (tasks run in-process here)
    assert articles_enqueue_pending() == 1
    article.refresh_from_db()
    assert article.status == Article.Status.DONE and article.quotes.exists()
    assert articles_enqueue_pending() == 0


def test_an_oversized_text_is_refused_with_a_clear_error(settings):
    settings.ARTICLE_MAX_CHARS = 100
    with pytest.raises(ValidationError, match="longer than the limit of 100 characters"):
        article_ingest(text="The minister said so. " * 10)
    assert Article.objects.count() == 0


def test_ingest_command_reads_jsonl_lines(django_capture_on_commit_callbacks, capsys, tmp_path):
    lines = [
        '{"id": "a", "text": "The minister said the plan was ready.", "url": "https://n.example/a"}',
        "not json",
        '{"id": "c", "text": ""}',
        '{"id": "d", "title": "D", "text": "The mayor said the road was closed.", '
        '"published_on": "2016-09-12"}',
    ]
    (tmp_path / "articles.jsonl").write_text("\n".join(lines), encoding="utf-8")
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(CommandError, match="2 article"),
    ):
        call_command("ingest", str(tmp_path))
    out, err = capsys.readouterr()
    assert "2 new, 0 duplicate, 2 failed" in out
    assert "articles.jsonl:2: not a JSON article record" in err
    assert "articles.jsonl:3: The article has no text." in err
    d = Article.objects.get(title="D")
    assert d.published_on.isoformat() == "2016-09-12" and d.status == Article.Status.DONE
    assert Article.objects.filter(url="https://n.example/a").exists()
