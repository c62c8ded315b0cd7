"""The pages of issue 13: a statement group, the misquote queue, a speaker's timeline."""

import pytest

from api.permissions import EDITORS, FACT_CHECKERS
from claims.models import GroupMember, MisquoteAlert, StatementGroup
from tests.factories import signed_in

pytestmark = pytest.mark.django_db


def test_the_group_page_shows_every_outlet_and_the_changed_word(client, three_reports):
    group = StatementGroup.objects.get()
    page = client.get(f"/groups/{group.pk}/").content.decode()
    assert "Reported 3 times by 3 outlets (BBC, Daily Courier, Reuters)" in page
    assert "First appearance" in page
    assert '<del class="changed">purely</del>' in page
    assert '<ins class="changed">entirely</ins>' in page
    assert "Take out of this group" not in page  # for editors only
    assert "Confirm misquote" not in page  # for fact-checkers only


def test_an_editor_takes_a_statement_out_on_the_page(client, three_reports):
    signed_in(client, EDITORS)
    group = StatementGroup.objects.get()
    quote = three_reports.get(article__outlet="BBC")
    assert "Take out of this group" in client.get(f"/groups/{group.pk}/").content.decode()
    response = client.post(f"/quotes/{quote.pk}/ungroup/")
    assert response.status_code == 302 and response["Location"] == f"/groups/{group.pk}/"
    assert not GroupMember.objects.filter(quote=quote).exists()


def test_the_misquote_queue_for_fact_checkers(client, three_reports):
    assert client.get("/review/misquotes/").status_code == 302  # to sign in
    signed_in(client, FACT_CHECKERS)
    page = client.get("/review/misquotes/").content.decode()
    assert "Anna Berg: the whole group" in page and "Confirm misquote" in page
    alert = MisquoteAlert.objects.get()
    response = client.post(
        f"/review/misquotes/{alert.pk}/", {"status": "dismissed", "next": "https://evil.test/"}
    )
    assert response["Location"] == "/review/misquotes/"
    alert.refresh_from_db()
    assert alert.status == "dismissed"
    assert "No open alerts." in client.get("/review/misquotes/").content.decode()


def test_the_speaker_page_charts_statements_over_time_with_a_table(client, three_reports):
    speaker = three_reports.first().speaker
    page = client.get(f"/speakers/{speaker.slug}/").content.decode()
    assert "Statements over time" in page and "<svg" in page
    assert "Per week, stacked by kind" in page
    # each bar and each row of the table lists its week's statements
    assert "?published_after=2024-03-04&amp;published_before=2024-03-10#statements" in page
    assert "<caption" in page and "week of 4 Mar 2024" in page
    listed = client.get(
        f"/speakers/{speaker.slug}/?published_after=2024-03-05&published_before=2024-03-10"
    ).content.decode()
    assert "entirely defensive" in listed and "purely defensive" not in listed
    assert "as other outlets reported it" in listed


def test_a_claim_offers_matching_statements_attached_in_one_click(client):
    from claims import services
    from claims.models import Claim, ClaimEvent
    from claims.services import quote_embeddings_fill
    from tests.factories import ArticleFactory, QuoteFactory

    def quote(text):
        return QuoteFactory(article=ArticleFactory(body=text), length=len(text))

    checked = quote("These drills are purely defensive")
    same = quote("The military exercises are entirely defensive")
    other = quote("We will cut taxes for every family in the country")
    quote_embeddings_fill()
    checker = signed_in(client, FACT_CHECKERS)
    claim = services.claim_create(
        speaker=checked.speaker, statement="The drills are defensive.", quotes=[checked], by=checker
    )
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "Matching statements" in page
    assert f'id="match-{same.pk}"' in page and f'id="match-{other.pk}"' not in page
    response = client.post(f"/claims/{claim.pk}/attach/", {"quote": same.pk})
    assert response.status_code == 302
    assert set(Claim.objects.get().quotes.all()) == {checked, same}
    assert ClaimEvent.objects.filter(claim=claim, action="quotes_added").exists()
    assert client.post(f"/claims/{claim.pk}/attach/", {"quote": "x"}).status_code == 404
    client.logout()
    signed_in(client, EDITORS)
    assert client.post(f"/claims/{claim.pk}/attach/", {"quote": other.pk}).status_code == 403
