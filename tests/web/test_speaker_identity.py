"""Speakers' Wikidata identities on the page and in the API, set by editors; mentions and
confidence on the article page; low-confidence attributions listed for review."""

import pytest
from django.urls import reverse

from api.permissions import EDITORS
from claims.models import SpeakerEvent
from claims.selectors import REVIEW_CONFIDENCE
from tests.api.conftest import token_client
from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory, member, signed_in

pytestmark = pytest.mark.django_db

WIKIDATA = "https://www.wikidata.org/wiki/Q22686"


def test_the_qid_is_a_link_on_the_speaker_page_and_in_the_api(client):
    speaker = SpeakerFactory(name="Donald Trump", slug="donald-trump", wikidata_qid="Q22686")

    page = client.get(reverse("speaker-detail", args=[speaker.slug])).content.decode()
    data = client.get(f"/api/v1/speakers/{speaker.slug}/").json()

    assert f'<a href="{WIKIDATA}" rel="noopener">Q22686</a>' in page
    assert (data["wikidata_qid"], data["wikidata_url"]) == ("Q22686", WIKIDATA)
    listed = client.get("/api/v1/speakers/").json()["results"][0]
    assert listed["wikidata_url"] == WIKIDATA


def test_editors_set_the_identity_on_the_speaker_page_readers_cannot(client):
    speaker = SpeakerFactory(name="Walter Pembrook", slug="walter-pembrook")
    url = reverse("speaker-identity", args=[speaker.slug])
    form = {"wikidata_qid": "q4242", "gender": "male", "note": "checked"}

    signed_in(client)
    assert client.post(url, form).status_code == 403
    editor = signed_in(client, EDITORS)
    assert (
        'action="/speakers/walter-pembrook/identity/'
        in client.get(reverse("speaker-detail", args=[speaker.slug])).content.decode()
    )
    client.post(url, form)

    speaker.refresh_from_db()
    assert (speaker.wikidata_qid, speaker.gender) == ("Q4242", "male")
    event = SpeakerEvent.objects.get(speaker=speaker)
    assert (event.actor, event.action, event.note) == (editor, "identity", "checked")
    page = client.get(reverse("speaker-detail", args=[speaker.slug])).content.decode()
    assert "https://www.wikidata.org/wiki/Q4242" in page


def test_editors_set_the_identity_in_the_api():
    speaker = SpeakerFactory(name="Walter Pembrook", slug="walter-pembrook")
    SpeakerFactory(name="Someone Else", slug="someone-else", wikidata_qid="Q7")
    url = f"/api/v1/speakers/{speaker.slug}/identity/"

    assert token_client(member()).post(url, {"wikidata_qid": "Q42"}).status_code == 403
    editor = token_client(member(EDITORS))
    response = editor.post(url, {"wikidata_qid": "Q42", "gender": "male"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["wikidata_url"] == "https://www.wikidata.org/wiki/Q42"
    taken = editor.post(url, {"wikidata_qid": "Q7"}, format="json")
    assert taken.status_code == 400 and "merge" in taken.content.decode()
    assert editor.post(url, {"note": "nothing"}, format="json").status_code == 400


def test_the_article_page_shows_the_mention_the_speaker_and_the_confidence(client):
    body = "Jane Roe won. She said the count was fair."
    article = ArticleFactory(body=body, raw_text=body)
    speaker = SpeakerFactory(name="Jane Roe", slug="jane-roe")
    QuoteFactory(
        article=article,
        speaker=speaker,
        content_start=18,
        length=len(body) - 19,
        mention="She",
        mention_start=14,
        mention_end=17,
        confidence=0.27,
    )

    page = client.get(reverse("article-detail", args=[article.pk])).content.decode()

    assert "Jane Roe" in page and "as “She”" in page
    assert 'class="confidence low"' in page and "confidence 0.27" in page


def test_low_confidence_attributions_are_listed_for_review(client):
    unsure = QuoteFactory(confidence=REVIEW_CONFIDENCE - 0.1, mention="he")
    sure = QuoteFactory(confidence=0.9, mention="Jane Roe")
    checked = QuoteFactory(confidence=0.1, verified=True)

    page = client.get(reverse("speaker-review")).content.decode()
    assert f"#quote-{unsure.pk}" in page
    assert f"#quote-{sure.pk}" not in page and f"#quote-{checked.pk}" not in page
    wider = client.get(reverse("speaker-review"), {"confidence_below": "0.95"}).content.decode()
    assert f"#quote-{sure.pk}" in wider

    api = client.get("/api/v1/quotes/", {"confidence_below": REVIEW_CONFIDENCE}).json()
    assert {q["id"] for q in api["results"]} == {checked.pk, unsure.pk}
