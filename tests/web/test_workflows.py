"""The pages editors and fact-checkers work with: dashboard, queue, speakers, search."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.permissions import EDITORS
from claims.models import Claim, SpeakerEvent
from extraction.speakers import normalise
from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory, signed_in

pytestmark = pytest.mark.django_db


def test_dashboard_shows_status_queue_and_the_weeks_speakers(client):
    fresh = QuoteFactory(article=ArticleFactory(published_on=dt.date.today()))
    QuoteFactory(article=ArticleFactory(published_on=dt.date.today() - dt.timedelta(days=30)))
    Claim.objects.create(speaker=fresh.speaker, statement="Waiting claim", verdict="disputed")
    Claim.objects.create(speaker=fresh.speaker, statement="Settled claim", verdict="accurate")
    html = client.get("/").content.decode()
    assert "Waiting claim" in html and "Settled claim" not in html
    week = html.split("Most quoted this week")[1]
    assert fresh.speaker.name in week and week.count("/speakers/") == 2  # one row + "All"
    assert 'class="status status-done"' in html


def test_claims_queue_and_verdict_filter(client):
    speaker = SpeakerFactory()
    Claim.objects.create(speaker=speaker, statement="Unreviewed one")
    Claim.objects.create(speaker=speaker, statement="False one", verdict="false")
    queue = client.get("/claims/?verdict=queue").content.decode()
    assert "Unreviewed one" in queue and "False one" not in queue
    false = client.get("/claims/?verdict=false").content.decode()
    assert "False one" in false and "Unreviewed one" not in false


def test_speakers_are_found_by_any_alias_and_statements_filtered(client):
    putin = SpeakerFactory(name="Vladimir Putin", slug="vladimir-putin")
    putin.aliases.create(name="Mr Putin", normalised=normalise("Mr Putin"))
    QuoteFactory(speaker=SpeakerFactory(name="Someone Else"))
    old = QuoteFactory(
        speaker=putin, kind="direct", article=ArticleFactory(published_on=dt.date(2020, 1, 1))
    )
    new = QuoteFactory(
        speaker=putin, kind="indirect", article=ArticleFactory(published_on=dt.date(2022, 1, 1))
    )
    found = client.get("/speakers/?q=Mr Putin").content.decode()
    assert "Vladimir Putin" in found and "Someone Else" not in found

    claim = Claim.objects.create(speaker=putin, statement="x", verdict="false")
    claim.quotes.add(new)
    page = client.get("/speakers/vladimir-putin/?kind=direct").content.decode()
    assert f"#quote-{old.pk}" in page and f"#quote-{new.pk}" not in page
    page = client.get("/speakers/vladimir-putin/?published_after=2021-01-01").content.decode()
    assert f"#quote-{new.pk}" in page and f"#quote-{old.pk}" not in page
    page = client.get("/speakers/vladimir-putin/?verdict=false").content.decode()
    assert f"#quote-{new.pk}" in page and "verdict-false" in page


def test_editors_add_aliases_and_merge_speakers_readers_cannot(client):
    target, source = SpeakerFactory(name="Jens Stoltenberg"), SpeakerFactory(name="J Stoltenberg")
    QuoteFactory(speaker=source)
    signed_in(client)
    assert (
        client.post(f"/speakers/{target.slug}/aliases/", {"name": "Mr Stoltenberg"}).status_code
        == 403
    )
    assert b"Edit names or merge" not in client.get(f"/speakers/{target.slug}/").content
    signed_in(client, EDITORS)
    assert b"Edit names or merge" in client.get(f"/speakers/{target.slug}/").content
    client.post(f"/speakers/{target.slug}/aliases/", {"name": "Mr Stoltenberg"})
    merge = {"source": source.pk, "note": "same", "confirm": "yes"}
    client.post(f"/speakers/{target.slug}/merge/", merge)
    page = client.get(f"/speakers/{target.slug}/").content.decode()
    assert "Mr Stoltenberg" in page and "J Stoltenberg merged into Jens Stoltenberg" in page
    assert client.get(f"/speakers/{source.slug}/").status_code == 301
    actions = set(SpeakerEvent.objects.values_list("action", flat=True))
    assert actions == {"alias_added", "merged"}


def test_search_highlights_escaped_matches(client):
    article = ArticleFactory(
        title="Drills <b>near</b> the border", body="The drills are defensive <script>x</script>."
    )
    QuoteFactory(article=article, content_start=0, length=len(article.body))
    html = client.get("/search/?q=drills").content.decode()
    assert "The <mark>drills</mark> are defensive &lt;script&gt;x&lt;/script&gt;." in html
    assert "<mark>Drills</mark> &lt;b&gt;near&lt;/b&gt; the border" in html
    assert "<script>x</script>" not in html
    assert "No speakers match." in html


def test_error_pages_are_clear(client):
    assert b"Nothing here" in client.get("/articles/123456/").content
    signed_in(client)
    denied = client.get("/ingest/")
    assert denied.status_code == 403 and b"You may not do that" in denied.content


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/articles/",
        "/speakers/",
        "/speakers/{slug}/",
        "/claims/",
        "/claims/{claim}/",
        "/articles/{article}/",
        "/search/?q=minister",
    ],
)
def test_every_page_has_a_bounded_number_of_queries(client, url):
    def build(n):
        speaker = SpeakerFactory()
        article = ArticleFactory()
        quotes = [QuoteFactory(speaker=speaker, article=article, content_start=i) for i in range(n)]
        claim = Claim.objects.create(
            speaker=speaker, statement="The minister said", verdict="disputed"
        )
        claim.quotes.add(*quotes)
        return url.format(slug=speaker.slug, claim=claim.pk, article=article.pk)

    def count(target):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(target).status_code == 200
        return len(captured)

    signed_in(client, EDITORS)
    small = count(build(2))
    large = count(build(12))
    assert large == small, (small, large)


def test_editors_remove_a_wrong_alias_but_not_the_name(client):
    speaker = SpeakerFactory(name="Boris Johnson", slug="boris-johnson")
    own = speaker.aliases.create(name="Boris Johnson", normalised=normalise("Boris Johnson"))
    wrong = speaker.aliases.create(name="Mr Trump", normalised=normalise("Mr Trump"))
    signed_in(client, EDITORS)
    client.post(f"/speakers/boris-johnson/aliases/{wrong.pk}/remove/")
    client.post(f"/speakers/boris-johnson/aliases/{own.pk}/remove/")
    assert list(speaker.aliases.values_list("name", flat=True)) == ["Boris Johnson"]
    event = SpeakerEvent.objects.get(action="alias_removed")
    assert (event.old, event.new) == ({"alias": "Mr Trump"}, {})


def test_a_claim_shows_its_statements_in_context(client):
    article = ArticleFactory(
        body="Before the vote, the mayor said taxes would fall. Then she left."
    )
    start = article.body.index("taxes")
    quote = QuoteFactory(article=article, content_start=start, length=len("taxes would fall"))
    claim = Claim.objects.create(speaker=quote.speaker, statement="Taxes will fall")
    claim.quotes.add(quote)
    html = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "…Before the vote, the mayor said </span><mark" in html
    assert '>taxes would fall</mark><span class="meta">. Then she left.…' in html


def test_ingest_form_takes_several_files_and_refuses_nothing_given(
    client, bbc_seed_text, seed_text
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles.models import Article

    signed_in(client, EDITORS)
    assert client.get("/ingest/").status_code == 200
    empty = client.post("/ingest/", {"title": "x"})
    assert (
        empty.status_code == 400
        and b"Paste the text, choose files, or give a URL." in empty.content
    )
    files = [
        SimpleUploadedFile("a.txt", seed_text.encode("utf-8")),
        SimpleUploadedFile("b.txt", bbc_seed_text.encode("utf-16")),
    ]
    response = client.post(
        "/ingest/", {"files": files, "outlet": "BBC", "published_on": "2022-02-18"}
    )
    # several files: the page reports each (issue 16, item 7)
    assert response.status_code == 200 and response.content.decode().count(">New</span>") == 2
    assert Article.objects.filter(outlet="BBC", published_on="2022-02-18").count() == 2
    one = client.post("/ingest/", {"text": "The mayor said the bridge would reopen on Monday."})
    assert one.status_code == 302 and one["Location"].startswith("/articles/")


def test_a_speaker_named_with_a_nul_to_merge_is_nobody_not_a_server_error(client):
    """Issue 19, item 7: control characters in what the pages look up never reach the
    database."""
    target = SpeakerFactory(name="Jens Stoltenberg")
    signed_in(client, EDITORS)
    response = client.post(f"/speakers/{target.slug}/merge/", {"source": "J\x00S"}, follow=True)
    assert response.status_code == 200
    assert "No speaker named" in response.content.decode()


def test_an_uploaded_page_waits_on_its_article_page_until_a_worker_has_cleaned_it(
    client, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles.models import Article
    from tests.conftest import REPO

    signed_in(client, EDITORS)
    page = (REPO / "tests" / "fixtures" / "page.html").read_bytes()
    with django_capture_on_commit_callbacks() as queued:
        response = client.post("/ingest/", {"files": [SimpleUploadedFile("page.html", page)]})
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/articles/{article.pk}/"
    waiting = client.get(response["Location"]).content.decode()
    assert 'data-status="cleaning"' in waiting and 'http-equiv="refresh"' in waiting

    with django_capture_on_commit_callbacks(execute=True):
        queued[0]()  # the cleaning task, then the extraction (in-process here)
    done = client.get(response["Location"]).content.decode()
    assert 'data-status="done"' in done and 'http-equiv="refresh"' not in done
    assert "Putin says drills are defensive" in done


@pytest.mark.parametrize(
    "query",
    [
        "kind=direct",
        "kind=indirect",
        "published_after=2021-01-01",
        "published_before=2021-01-01",
        "verdict=false",
        "verdict=accurate",
        "kind=indirect&verdict=false",
    ],
)
def test_the_speaker_page_and_the_api_filter_a_speakers_statements_alike(client, query):
    putin = SpeakerFactory(name="Vladimir Putin", slug="vladimir-putin")
    quotes = [
        QuoteFactory(speaker=putin, kind=kind, article=ArticleFactory(published_on=day))
        for kind, day in [
            ("direct", dt.date(2020, 1, 1)),
            ("indirect", dt.date(2022, 1, 1)),
            ("indirect", dt.date(2019, 6, 1)),
        ]
    ]
    claim = Claim.objects.create(speaker=putin, statement="x", verdict="false")
    claim.quotes.add(quotes[1])
    page = client.get(f"/speakers/vladimir-putin/?{query}").content.decode()
    on_page = {q.pk for q in quotes if f"#quote-{q.pk}" in page}
    api = client.get(f"/api/v1/quotes/?speaker=vladimir-putin&{query}").json()["results"]
    assert on_page == {row["id"] for row in api}
