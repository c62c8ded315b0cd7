"""Ingest from web pages and scraped text: clean body, metadata, captions apart."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from articles.models import Article
from articles.services import article_ingest
from tests.conftest import REPO

pytestmark = pytest.mark.django_db
PAGE = REPO / "tests" / "fixtures" / "page.html"


def test_html_page_becomes_a_clean_article_with_metadata(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article, created = article_ingest(html=PAGE.read_text(encoding="utf-8"))
    article.refresh_from_db()
    assert created and article.status == Article.Status.DONE
    assert article.title == "Putin says drills are defensive"
    assert article.outlet == "The Daily Example"
    assert article.published_on == dt.date(2022, 2, 18)
    assert article.raw_text.startswith("<!doctype html>")
    for furniture in ("Home", "Copyright", "injected", "alert", "<", "Troops at a base"):
        assert furniture not in article.body
    assert article.captions == "Troops at a base - the US has warned Russia may invade"
    speakers = set(article.quotes.values_list("speaker__name", flat=True))
    assert {"Vladimir Putin", "Jens Stoltenberg"} <= speakers
    for quote in article.quotes.all():
        assert article.body[quote.content_start : quote.content_end] == quote.text


def test_scraped_page_furniture_is_removed_and_captions_kept_apart(bbc_seed_text):
    article, _ = article_ingest(text=bbc_seed_text)
    for furniture in (
        "ARTICLE AD BOX",
        "Image source, EPA",
        "Image caption",
        "Media caption",
        "More on this story",
        "Read Entire Article",
        "2 years ago 46",
    ):
        assert furniture not in article.body
    assert article.body.startswith("Ukraine crisis: US ignored Russia's security concerns")
    assert article.captions.splitlines() == [
        "Ukrainian troops at a base in the west of the country - the US has warned Russia may"
        " invade next month",
        "Watch: Ukrainian Marta Yuzkiv is preparing to defend her country but says she doesn't"
        " want war",
    ]


def test_a_page_without_article_text_cleaned_in_process_is_refused():
    with pytest.raises(ValidationError, match="no article text"):
        article_ingest(
            html="<html><head><title>Empty</title></head><body><script></script></body></html>",
            clean_now=True,
        )
    assert Article.objects.count() == 0


def test_ingest_command_takes_html_files(django_capture_on_commit_callbacks, capsys, tmp_path):
    (tmp_path / "page.html").write_bytes(PAGE.read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ingest", str(tmp_path))
    assert "1 new" in capsys.readouterr().out
    assert Article.objects.get().title == "Putin says drills are defensive"


def test_an_upload_is_html_by_its_name_and_text_otherwise_everywhere():
    from articles.text import upload_fields

    page = "<html><body><p>Hello</p></body></html>".encode("utf-16")  # with its byte-order mark
    assert upload_fields("Page.HTM", page) == {"html": "<html><body><p>Hello</p></body></html>"}
    assert upload_fields("notes.txt", b"caf\xe9") == {"text": "café"}  # Windows-1252
    assert upload_fields("page.html.txt", b"<p>x</p>") == {"text": "<p>x</p>"}
