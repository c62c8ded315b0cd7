"""RSS and Atom feeds: registered by an editor, polled by beat, each item ingested once."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from articles.models import Article, Feed
from articles.services import feed_add, feed_poll
from articles.tasks import feeds_poll_task
from tests.conftest import REPO

pytestmark = pytest.mark.django_db

PAGE = (REPO / "tests" / "fixtures" / "page.html").read_text(encoding="utf-8")


def story(title: str, speaker: str) -> str:
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{speaker} said: “We will publish the report on Friday, as we promised "
        f"the voters of this district.”</p><p>{speaker} added that the committee "
        "had met twice this week to prepare the findings.</p></article></body></html>"
    )


def rss(site, *paths: str) -> str:
    items = "".join(
        f"<item><title>Story {path}</title><link>{site.url(path)}</link>"
        "<pubDate>Mon, 14 Feb 2022 10:00:00 GMT</pubDate></item>"
        for path in paths
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Example News</title>'
        f"<link>{site.url('/')}</link><description>News</description>{items}</channel></rss>"
    )


def poll(capture, feed: Feed) -> int:
    with capture(execute=True):
        created = feed_poll(feed=feed)
    feed.refresh_from_db()
    return created


def test_new_items_are_ingested_once(site, django_capture_on_commit_callbacks):
    site.page("/a.html", story("Council report", "Mayor Jane Holt"))
    site.page("/b.html", story("Budget vote", "Senator Tom Reyes"))
    feed_xml = rss(site, "/a.html", "/b.html", "/a.html#comments")
    feed = feed_add(url=site.page("/feed.xml", feed_xml, Content_Type="application/rss+xml"))

    assert poll(django_capture_on_commit_callbacks, feed) == 2
    assert feed.title == "Example News" and feed.error == "" and feed.polled_at
    articles = Article.objects.order_by("url")
    assert [a.status for a in articles] == ["done", "done"]
    a = articles[0]
    assert a.url == site.url("/a.html") and a.outlet == "Example News"
    assert str(a.published_on) == "2022-02-14"
    assert a.quotes.filter(speaker__name="Jane Holt").exists()

    # polled again: the same items are not fetched again
    assert poll(django_capture_on_commit_callbacks, feed) == 0
    assert site.paths().count("/a.html") == 1 and Article.objects.count() == 2


def test_an_unchanged_feed_answers_304_and_a_changed_one_brings_its_new_items(
    site, django_capture_on_commit_callbacks
):
    site.page("/a.html", story("Council report", "Mayor Jane Holt"))
    site.page("/c.html", story("Council report", "Mayor Jane Holt"))  # syndicated copy
    url = site.page("/feed.xml", rss(site, "/a.html"), ETag='"1"')
    feed = feed_add(url=url, outlet="Example Gazette")
    assert poll(django_capture_on_commit_callbacks, feed) == 1
    assert feed.etag == '"1"'

    assert poll(django_capture_on_commit_callbacks, feed) == 0
    assert site.requests[-1][1]["If-None-Match"] == '"1"'
    assert feed.fetches.order_by("id").last().status_code == 304

    site.page("/feed.xml", rss(site, "/c.html", "/a.html"), ETag='"2"')
    assert poll(django_capture_on_commit_callbacks, feed) == 1
    copy = Article.objects.get(url=site.url("/c.html"))
    assert copy.status == Article.Status.DUPLICATE
    assert copy.duplicate_of == Article.objects.get(url=site.url("/a.html"))
    assert copy.outlet == "Example Gazette"


def test_atom_feeds_are_read(site, django_capture_on_commit_callbacks):
    site.page("/x.html", story("Port strike", "Union leader Ana Ruiz"))
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Atom News</title><id>urn:feed</id><updated>2022-02-15T09:00:00Z</updated>"
        f'<entry><title>Port strike</title><link href="{site.url("/x.html")}"/>'
        "<id>urn:x</id><updated>2022-02-15T09:00:00Z</updated></entry></feed>"
    )
    feed = feed_add(url=site.page("/atom.xml", atom, Content_Type="application/atom+xml"))
    assert poll(django_capture_on_commit_callbacks, feed) == 1
    article = Article.objects.get()
    assert article.status == "done" and str(article.published_on) == "2022-02-15"


def test_a_page_that_is_not_a_feed_or_cannot_be_fetched_records_why(
    site, django_capture_on_commit_callbacks
):
    feed = feed_add(url=site.page("/page.html", PAGE))
    assert poll(django_capture_on_commit_callbacks, feed) == 0
    assert "not an RSS or Atom feed" in feed.error

    gone = feed_add(url=site.url("/gone.xml"))
    assert poll(django_capture_on_commit_callbacks, gone) == 0
    assert "HTTP 404" in gone.error and not Article.objects.exists()


def test_feeds_on_private_addresses_are_refused(site, settings):
    with pytest.raises(ValidationError, match="only http and https"):
        feed_add(url="file:///etc/passwd")
    settings.FETCH_ALLOWED_HOSTS = []
    feed = feed_add(url=site.url("/feed.xml"))
    feed_poll(feed=feed)
    feed.refresh_from_db()
    assert "private, loopback or link-local" in feed.error and site.requests == []


def test_beat_polls_the_feeds_that_are_due(site, settings, django_capture_on_commit_callbacks):
    site.page("/a.html", story("Council report", "Mayor Jane Holt"))
    feed = feed_add(url=site.page("/feed.xml", rss(site, "/a.html")))
    paused = feed_add(url=site.page("/paused.xml", rss(site, "/a.html")))
    Feed.objects.filter(pk=paused.pk).update(active=False)

    with django_capture_on_commit_callbacks(execute=True):
        assert feeds_poll_task() == 1  # the paused feed is not polled
    assert Article.objects.get().status == "done"
    with django_capture_on_commit_callbacks(execute=True):
        assert feeds_poll_task() == 0  # polled a moment ago: not due
    settings.FEED_POLL_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True):
        assert feeds_poll_task() == 1
    assert site.paths().count("/feed.xml") == 2
    feed.refresh_from_db()
    assert feed.polled_at


def test_feeds_command(site, capsys, django_capture_on_commit_callbacks):
    site.page("/a.html", story("Council report", "Mayor Jane Holt"))
    url = site.page("/feed.xml", rss(site, "/a.html"))
    call_command("feeds", "add", url, "--outlet", "Example")
    assert "Feed 1 added" in capsys.readouterr().out.replace(str(Feed.objects.get().pk), "1")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("feeds", "poll")
    assert "1 new article(s)" in capsys.readouterr().out
    call_command("feeds", "list")
    assert url in capsys.readouterr().out
    with pytest.raises(Exception, match="only http and https"):
        call_command("feeds", "add", "ftp://example.com/feed")
