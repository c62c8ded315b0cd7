"""Every form of the pages comes back as it was filled in when it is refused, with a message
in plain words at each field (issue 16, points 2, 5 and 8); a name nobody has creates nobody
unless the editor chooses to."""

import pytest

from api.permissions import EDITORS, FACT_CHECKERS
from claims.merging import speaker_suggestions
from claims.models import Claim, Quote, Speaker
from claims.names import name_key
from tests.factories import QuoteFactory, SpeakerFactory, signed_in


def named(name: str, quotes: int = 0, **fields) -> Speaker:
    speaker = SpeakerFactory(name=name, **fields)
    speaker.aliases.create(name=name, normalised=name_key(name))
    QuoteFactory.create_batch(quotes, speaker=speaker)
    return speaker


@pytest.fixture
def quote(db):
    return QuoteFactory()


def test_suggestions_are_fuzzy_then_most_quoted(db):
    newsom = named("Gavin Newsom", quotes=2)
    named("Gavin Williamson")
    hillary, bill = named("Hillary Clinton", quotes=3), named("Bill Clinton", quotes=1)
    assert [s.name for s in speaker_suggestions("Gavin Newsome")][0] == newsom.name
    assert [s.name for s in speaker_suggestions("Hilary")] == [hillary.name]
    found = speaker_suggestions("Clinton")
    assert [s.name for s in found] == [hillary.name, bill.name]
    assert (found[0].quote_count, found[0].kind) == (3, "person")
    assert [s.name for s in speaker_suggestions("Clinton", exclude=hillary)] == [bill.name]
    assert speaker_suggestions("zz") == [] and speaker_suggestions("") == []


def test_a_typo_in_a_correction_creates_nobody_and_says_who_it_may_mean(client, quote):
    newsom = named("Gavin Newsom", quotes=1)
    signed_in(client, EDITORS)
    before, speakers = quote.speaker, Speaker.objects.count()
    data = {"speaker": "Gavin Newsome", "kind": quote.kind, "note": "the governor"}
    response = client.post(f"/quotes/{quote.pk}/edit/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nobody is named “Gavin Newsome”." in page
    assert f'value="{newsom.name}"' in page and "1 statement" in page  # did you mean
    assert 'value="Gavin Newsome"' in page and 'value="the governor"' in page  # kept
    assert Speaker.objects.count() == speakers and Quote.objects.get(pk=quote.pk).speaker == before

    response = client.post(f"/quotes/{quote.pk}/edit/", {**data, "new_speaker": "on"})
    assert response.status_code == 302
    assert Quote.objects.get(pk=quote.pk).speaker.name == "Gavin Newsome"


def test_a_bad_span_keeps_the_form_open_with_the_message_at_the_field(client, quote):
    signed_in(client, EDITORS)
    name = quote.speaker.name
    data = {"speaker": name, "kind": quote.kind, "content_start": 5, "content_end": 3}
    page = client.post(f"/quotes/{quote.pk}/edit/", data)
    assert page.status_code == 400
    text = page.content.decode()
    assert f'id="end-{quote.pk}-error"' in text and "The end comes after the start." in text
    assert f'id="start-{quote.pk}" name="content_start" value="5"' in text
    assert "{'content_end'" not in text and '<details class="edit" open>' in text

    beyond = client.post(f"/quotes/{quote.pk}/edit/", {**data, "content_end": 10**6})
    assert beyond.status_code == 400
    assert "The span must lie within the article&#x27;s text." in beyond.content.decode()
    assert Quote.objects.get(pk=quote.pk).content_end == quote.content_end


def test_a_saved_correction_is_said_on_its_statement(client, quote):
    signed_in(client, EDITORS)
    data = {"speaker": quote.speaker.name, "kind": "direct", "version": quote.version}
    page = client.post(f"/quotes/{quote.pk}/edit/", data, follow=True).content.decode()
    card = page.split(f'id="quote-{quote.pk}"')[1].split("</li>")[0]
    assert 'class="notice success" role="status">Statement updated.' in card
    assert '<ul class="messages"' not in page


def test_an_addition_refused_keeps_the_selection_and_the_speaker(client, quote):
    signed_in(client, EDITORS)
    data = {"content_start": 4, "content_end": 12, "kind": "indirect", "speaker": "Nobody Yet"}
    response = client.post(f"/articles/{quote.article_id}/quotes/new/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nobody is named “Nobody Yet”." in page and 'name="new_speaker"' in page
    assert 'id="add-start" name="content_start" min="0" required value="4"' in page
    assert '<details class="edit" id="add-statement" open>' in page


def test_a_bad_evidence_link_keeps_the_verdict_summary_and_links(client, db):
    claim = Claim.objects.create(speaker=SpeakerFactory(), statement="It works.")
    signed_in(client, FACT_CHECKERS)
    data = {
        "verdict": "false",
        "summary": "Records show otherwise.",
        "evidence_links": "https://records.example/1\nhtp:/not-a-link",
        "version": claim.version,
    }
    response = client.post(f"/claims/{claim.pk}/verdict/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Line 2, “htp:/not-a-link”: Give a web address starting with http" in page
    assert '<option value="false" selected>' in page and "Records show otherwise." in page
    assert "https://records.example/1\nhtp:/not-a-link" in page
    assert "* evidence_links" not in page
    claim.refresh_from_db()
    assert claim.verdict == "unreviewed" and claim.summary == ""


def test_a_bad_identity_keeps_what_was_typed(client, db):
    speaker = SpeakerFactory()
    signed_in(client, EDITORS)
    response = client.post(f"/speakers/{speaker.slug}/identity/", {"wikidata_qid": "Z42"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "“Z42” is not a Wikidata QID (Q42)." in page and 'value="Z42"' in page
    assert '<details class="edit" id="edit" open>' in page


def test_speakers_with_no_statements_are_not_listed(client, quote):
    left = named("Left Alone")
    page = client.get("/speakers/").content.decode()
    assert quote.speaker.name in page and left.name not in page
    assert client.get(f"/speakers/{left.slug}/").status_code == 200


def test_speaker_fields_get_fuzzy_suggestions_as_an_editor_types(client, db):
    named("Gavin Newsom", quotes=2, wikidata_qid="Q461391")
    assert client.get("/speakers/suggestions/?q=Newsome").status_code in (302, 403)
    signed_in(client, EDITORS)
    found = client.get("/speakers/suggestions/?q=Gavin Newsome").json()["results"]
    assert found == [
        {
            "name": "Gavin Newsom",
            "slug": found[0]["slug"],
            "kind": "Person",
            "quote_count": 2,
            "wikidata_qid": "Q461391",
        }
    ]
    assert client.get("/speakers/suggestions/?q=%00").json() == {"results": []}
