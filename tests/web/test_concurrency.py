"""Two editors on one page: a correction or verdict form filled in from an older version is
refused with a clear message, the current values and the editor's note; the forms change
only the fields the editor changed (issue 18, item 10)."""

import re

import pytest

from api.permissions import EDITORS, FACT_CHECKERS
from claims.models import Claim, ClaimEvent, Quote, QuoteEvent, Speaker
from claims.services import speaker_for_name
from tests.factories import QuoteFactory, SpeakerFactory, signed_in

pytestmark = pytest.mark.django_db


def form_of(page: str, action: str) -> dict[str, str]:
    """The values a browser would submit with the form posting to ``action`` (and a
    fragment after it: the part of the page the answer opens at)."""
    form = re.split(rf'action="{re.escape(action)}(?:#[^"]*)?"', page)[1].split("</form>")[0]
    values = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name:
            values[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        values[name] = re.search(r'<option value="([^"]*)"[^>]*selected', body).group(1)
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        values[name] = text.strip()
    values.pop("csrfmiddlewaretoken", None)
    return values


def test_a_stale_correction_is_refused_on_the_page_and_keeps_the_note(client):
    quote = QuoteFactory(kind="indirect", speaker=speaker_for_name(name="Wrong Person"))
    right = speaker_for_name(name="Ana Ruiz")
    page = f"/articles/{quote.article_id}/"
    action = f"/quotes/{quote.pk}/edit/"

    signed_in(client, EDITORS)  # bob opens the page
    bobs_form = form_of(client.get(page).content.decode(), action)
    assert bobs_form["version"] == "1"
    signed_in(client, EDITORS)  # alice opens it, gives the statement to Ana Ruiz
    alices_form = form_of(client.get(page).content.decode(), action)
    response = client.post(action, {**alices_form, "speaker": "Ana Ruiz"})
    assert response.status_code == 302

    signed_in(client, EDITORS)  # bob, from his page, changes the kind
    note = "a quotation: see the marks"
    response = client.post(action, {**bobs_form, "kind": "direct", "note": note})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Not saved: the statement changed since you opened it" in html
    assert "speaker: Wrong Person → Ana Ruiz" in html
    assert "Your change was: speaker “Wrong Person”, kind Direct" in html
    shown = form_of(html, action)
    assert shown["speaker"] == "Ana Ruiz" and shown["kind"] == "indirect"
    assert shown["version"] == "2" and shown["note"] == note

    quote.refresh_from_db()
    assert (quote.speaker, quote.kind, quote.version) == (right, "indirect", 2)
    assert [list(e.new) for e in QuoteEvent.objects.all()] == [["speaker"]]

    response = client.post(action, {**shown, "kind": "direct"})  # again, from the fresh form
    assert response.status_code == 302
    quote.refresh_from_db()
    assert (quote.speaker, quote.kind, quote.version) == (right, "direct", 3)


def test_a_stale_reject_is_refused_on_the_page(client):
    quote = QuoteFactory()
    signed_in(client, EDITORS)
    page = client.get(f"/articles/{quote.article_id}/").content.decode()
    reject = form_of(page, f"/quotes/{quote.pk}/reject/")
    client.post(
        f"/quotes/{quote.pk}/edit/",
        {**form_of(page, f"/quotes/{quote.pk}/edit/"), "kind": "direct"},
    )
    response = client.post(f"/quotes/{quote.pk}/reject/", reject)
    assert response.status_code == 409 and "kind: Indirect → Direct" in response.content.decode()
    assert not Quote.objects.get(pk=quote.pk).rejected


def test_the_correction_form_changes_only_what_the_editor_changed(client):
    # a speaker with no alias for its name: sending the name back would have created
    # another "Jane Roe" and given her the statement
    jane = SpeakerFactory(name="Jane Roe")
    quote = QuoteFactory(speaker=jane, kind="indirect")
    signed_in(client, EDITORS)
    action = f"/quotes/{quote.pk}/edit/"
    form = form_of(client.get(f"/articles/{quote.article_id}/").content.decode(), action)
    client.post(action, {**form, "kind": "partial", "note": "partly quoted"})
    quote.refresh_from_db()
    assert quote.speaker == jane and quote.kind == "partial"
    assert Speaker.objects.filter(name="Jane Roe").count() == 1
    events = [(list(e.new), e.note) for e in QuoteEvent.objects.all()]
    assert events == [(["kind"], "partly quoted")]


@pytest.mark.usefixtures("verdicts_published_at_once")
def test_a_stale_verdict_is_refused_on_the_page_and_keeps_the_note(client):
    claim = Claim.objects.create(speaker=SpeakerFactory(), statement="A claim")
    url, action = f"/claims/{claim.pk}/", f"/claims/{claim.pk}/verdict/"
    signed_in(client, FACT_CHECKERS)
    dans_form = form_of(client.get(url).content.decode(), action)
    assert dans_form["version"] == "1"
    signed_in(client, FACT_CHECKERS)
    carols_form = form_of(client.get(url).content.decode(), action)
    client.post(action, {**carols_form, "verdict": "false", "summary": "The figures say no."})

    signed_in(client, FACT_CHECKERS)
    response = client.post(
        action,
        {
            **dans_form,
            "verdict": "accurate",
            "evidence_links": "https://example.org/mine",
            "note": "my reading",
        },
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Not saved: the claim changed since you opened it" in html
    assert "verdict: Unreviewed → False" in html
    assert "You sent: verdict Accurate" in html and "https://example.org/mine" in html
    shown = form_of(html, action)
    assert shown["verdict"] == "false" and shown["summary"] == "The figures say no."
    assert shown["version"] == "2" and shown["note"] == "my reading"
    claim.refresh_from_db()
    assert (claim.verdict, claim.summary, claim.evidence_links) == (
        "false",
        "The figures say no.",
        [],
    )

    response = client.post(action, {**shown, "verdict": "mixed"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.verdict, claim.summary, claim.version) == ("mixed", "The figures say no.", 3)
    events = ClaimEvent.objects.filter(claim=claim).order_by("id")
    assert [e.version for e in events] == [2, 3]
