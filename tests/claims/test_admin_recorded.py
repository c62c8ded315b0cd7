"""Admin writes go through the services: recorded with the admin as actor, an admin's
correction is the editor's (re-extraction keeps it), evidence links are http(s) only, and a
form opened before someone else's change is refused (issue 18, item 9)."""

import json

import pytest

from claims.models import Claim, ClaimEvent, Quote, QuoteEvent
from claims.services import attributions_store, claim_verdict_set, quote_update
from extraction import Attribution, Kind, Span
from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db

BAD_LINKS = ["javascript:alert(document.cookie)", "data:text/html,<script>x</script>"]


@pytest.fixture
def root(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def claim_change(client, claim: Claim, **fields):
    """POST the admin's change form of ``claim`` with its current values and ``fields``.
    The speaker and statement are sent too: an admin that let them be changed saves them."""
    data = {
        "speaker": claim.speaker_id,
        "statement": claim.statement,
        "quotes": ",".join(str(q.pk) for q in claim.quotes.all()),
        "verdict": claim.verdict,
        "summary": claim.summary,
        "evidence_links": json.dumps(claim.evidence_links),
        "initial-evidence_links": json.dumps(claim.evidence_links),  # as the admin renders it
        "note": "",
        "opened_version": claim.version,
        "_save": "Save",
    }
    return client.post(f"/admin/claims/claim/{claim.pk}/change/", {**data, **fields})


def quote_change(client, quote: Quote, **fields):
    """POST the admin's change form of ``quote`` with its current values and ``fields``
    (the extractor's fields too: an admin that let them be changed saves them)."""
    data = {
        "speaker": quote.speaker_id or "",
        "kind": quote.kind,
        "mention": quote.mention,
        "cue": quote.cue,
        "confidence": quote.confidence,
        "origin": quote.origin,
        "note": "",
        "opened_version": quote.version,
        "_save": "Save",
    }
    data.update({"verified": "on"} if quote.verified else {})
    return client.post(f"/admin/claims/quote/{quote.pk}/change/", {**data, **fields})


def test_the_admin_refuses_links_that_are_not_http(client, root):
    claim = Claim.objects.create(speaker=SpeakerFactory(), statement="A claim")
    for bad in BAD_LINKS:
        response = claim_change(client, claim, evidence_links=json.dumps([bad]), verdict="false")
        assert response.status_code == 200  # the form again, with the error
        assert "http:// or https://" in response.content.decode()
        claim.refresh_from_db()
        assert claim.evidence_links == [] and claim.verdict == "unreviewed"
    assert not ClaimEvent.objects.filter(claim=claim).exists()


def test_an_admins_verdict_and_links_are_recorded_with_the_admin_as_actor(client, root):
    claim = Claim.objects.create(speaker=SpeakerFactory(), statement="A claim")
    response = claim_change(
        client,
        claim,
        verdict="false",
        summary="The figures say otherwise.",
        evidence_links=json.dumps(["https://example.org/figures"]),
        note="checked the figures",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    claim.refresh_from_db()
    assert claim.verdict == "false" and claim.evidence_links == ["https://example.org/figures"]
    event = ClaimEvent.objects.get(claim=claim)
    assert (event.actor, event.action, event.old_verdict, event.new_verdict) == (
        root,
        "verdict",
        "unreviewed",
        "false",
    )
    assert event.note == "checked the figures" and event.version == claim.version == 2


def test_an_admin_attaching_a_statement_is_recorded_and_the_statement_stays_as_claimed(
    client, root
):
    claim = Claim.objects.create(speaker=SpeakerFactory(), statement="A claim")
    quote = QuoteFactory(speaker=claim.speaker)
    response = claim_change(client, claim, quotes=str(quote.pk), statement="Rewritten")
    assert response.status_code == 302
    claim.refresh_from_db()
    assert list(claim.quotes.all()) == [quote] and claim.statement == "A claim"
    event = ClaimEvent.objects.get(claim=claim)
    assert event.action == "quotes_added" and event.quote_ids == [quote.pk]
    assert event.actor == root


def test_an_admins_speaker_correction_is_recorded_and_survives_re_extraction(client, root):
    article = ArticleFactory()
    said = article.body.index("the plan")
    attributions = [
        Attribution(
            content=[Span(said, said + len("the plan would work"))],
            kind=Kind.INDIRECT,
            mention=Span(4, 12),
            speaker="The Minister",
        )
    ]
    (quote,) = attributions_store(article=article, attributions=attributions)
    assert quote.origin == Quote.Origin.EXTRACTOR
    right = SpeakerFactory(name="Ana Ruiz")

    response = quote_change(client, quote, speaker=right.pk, note="the minister is Ana Ruiz")
    assert response.status_code == 302, response.content.decode()[:2000]
    quote.refresh_from_db()
    assert quote.speaker == right and quote.origin == Quote.Origin.EDITOR and quote.version == 2
    event = QuoteEvent.objects.get(quote=quote)
    assert (event.action, event.new["speaker"], event.actor) == ("edited", right.pk, root)
    assert event.note == "the minister is Ana Ruiz" and event.version == 2

    attributions_store(article=article, attributions=attributions)  # re-extraction
    kept = article.quotes.get()
    assert kept.pk == quote.pk and kept.speaker == right


def test_the_admin_does_not_change_what_the_extractor_found(client, root):
    quote = QuoteFactory()
    response = quote_change(client, quote, origin="editor", confidence="0.01", cue="lied")
    assert response.status_code == 302
    quote.refresh_from_db()
    assert (quote.origin, quote.confidence, quote.cue) == ("extractor", 1.0, "")
    assert not QuoteEvent.objects.exists()  # nothing the services record changed


def test_the_admin_refuses_a_form_opened_before_someone_elses_change(client, root):
    quote = QuoteFactory()
    opened = Quote.objects.get(pk=quote.pk)
    editor, right = UserFactory(username="alice"), SpeakerFactory(name="Ana Ruiz")
    quote_update(quote=quote, by=editor, changes={"speaker": right})
    response = quote_change(client, opened, kind="direct")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone changed this since you opened it" in page and "Ana Ruiz" in page
    quote.refresh_from_db()
    assert quote.speaker == right and quote.kind == "indirect"

    claim = Claim.objects.create(speaker=right, statement="A claim")
    opened = Claim.objects.get(pk=claim.pk)
    claim_verdict_set(claim=claim, verdict="accurate", by=editor)
    response = claim_change(client, opened, verdict="false")
    assert response.status_code == 200 and "Someone changed this" in response.content.decode()
    claim.refresh_from_db()
    assert claim.verdict == "accurate"


def test_an_admin_creating_a_claim_is_recorded_and_the_forms_carry_their_version(client, root):
    quote = QuoteFactory()
    assert client.get("/admin/claims/claim/add/").status_code == 200
    response = client.post(
        "/admin/claims/claim/add/",
        {
            "speaker": quote.speaker_id,
            "statement": "The plan would work",
            "quotes": str(quote.pk),
            "note": "from the minister's interview",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert claim.created_by == root and list(claim.quotes.all()) == [quote]
    event = ClaimEvent.objects.get(claim=claim)
    assert (event.action, event.actor, event.note) == (
        "created",
        root,
        "from the minister's interview",
    )
    for url in (
        f"/admin/claims/claim/{claim.pk}/change/",
        f"/admin/claims/quote/{quote.pk}/change/",
    ):
        page = client.get(url).content.decode()
        assert 'name="opened_version" value="1"' in page
    assert client.get("/admin/claims/quote/add/").status_code == 403
