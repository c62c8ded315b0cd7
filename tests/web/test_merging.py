"""Merging speakers on the pages (issue 16, item 1): a typed name finds candidates and never
merges; a preview says what moves; only the confirmed POST merges; an editor undoes it.
And a name another speaker has (item 3) is refused naming them, with a link."""

import pytest

from api.permissions import EDITORS
from claims.models import Quote, Speaker, SpeakerEvent
from claims.services import speaker_alias_create, speaker_for_name, speaker_merge
from tests.factories import QuoteFactory, UserFactory, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def clintons():
    bill = speaker_for_name(name="Bill Clinton")
    hillary = speaker_for_name(name="Hillary Clinton")
    QuoteFactory.create_batch(3, speaker=hillary)
    QuoteFactory(speaker=bill)
    return bill, hillary


def test_a_typed_name_lists_candidates_and_merges_nothing(client, clintons):
    bill, hillary = clintons
    editor = signed_in(client, EDITORS)
    speaker_alias_create(speaker=hillary, name="Clinton", by=editor)
    page = client.get(f"/speakers/{bill.slug}/merge/", {"q": "Clinton"}).content.decode()
    assert "Hillary Clinton" in page and f"?source={hillary.slug}" in page
    assert "See what merging Bill Clinton" not in page  # not itself
    # the old form's request (a name, no confirmation) leads to the preview, not a merge
    response = client.post(f"/speakers/{bill.slug}/merge/", {"source": "Clinton"})
    assert response.status_code == 302 and "?source=" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "Merge Hillary Clinton into Bill Clinton?" in page
    assert Speaker.objects.get(pk=hillary.pk).merged_into is None
    assert not SpeakerEvent.objects.filter(action="merged").exists()


def test_suggestions_as_json_are_fuzzy_and_say_who_each_is(client, clintons):
    bill, hillary = clintons
    Speaker.objects.filter(pk=hillary.pk).update(wikidata_qid="Q6294")
    url = "/speakers/suggestions/"
    assert client.get(url, {"q": "Hilary", "exclude": bill.slug}).status_code in (302, 403)
    signed_in(client, EDITORS)
    rows = client.get(url, {"q": "Hilary", "exclude": bill.slug}).json()["results"]
    assert rows[0] == {
        "name": "Hillary Clinton",
        "slug": hillary.slug,
        "kind": "Person",
        "quote_count": 3,
        "wikidata_qid": "Q6294",
    }
    assert bill.slug not in [row["slug"] for row in rows]


def test_the_preview_says_what_moves_and_only_the_confirmed_post_merges(client, clintons):
    bill, hillary = clintons
    editor = signed_in(client, EDITORS)
    speaker_alias_create(speaker=hillary, name="Mrs. Clinton", by=editor)
    page = client.get(f"/speakers/{bill.slug}/merge/", {"q": hillary.slug}).content.decode()
    assert "Merge Hillary Clinton into Bill Clinton?" in page
    assert "3 statements" in page and "Hillary Clinton, Mrs. Clinton" in page
    assert Speaker.objects.get(pk=hillary.pk).merged_into is None

    data = {"source": hillary.pk, "confirm": "yes", "note": "same person?"}
    page = client.post(f"/speakers/{bill.slug}/merge/", data, follow=True).content.decode()
    assert "Hillary Clinton merged into Bill Clinton." in page
    assert Speaker.objects.get(pk=hillary.pk).merged_into == bill
    assert "Undo the merge of Hillary Clinton" in page


def test_an_editor_undoes_a_merge_from_the_page(client, clintons):
    bill, hillary = clintons
    speaker_merge(source=hillary, target=bill, by=UserFactory())
    signed_in(client, EDITORS)
    page = client.post(
        f"/speakers/{bill.slug}/unmerge/", {"source": hillary.pk}, follow=True
    ).content.decode()
    assert "Hillary Clinton is a speaker of their own again: 3 statement(s)" in page
    assert client.get(f"/speakers/{hillary.slug}/").status_code == 200
    assert Quote.objects.filter(speaker=hillary).count() == 3
    assert SpeakerEvent.objects.filter(speaker=bill, action="unmerged").exists()


def test_a_reader_cannot_merge_nor_undo(client, clintons):
    bill, hillary = clintons
    signed_in(client)
    data = {"source": hillary.pk, "confirm": "yes"}
    assert client.post(f"/speakers/{bill.slug}/merge/", data).status_code == 403
    assert client.post(f"/speakers/{bill.slug}/unmerge/", {"source": hillary.pk}).status_code == 403
    assert client.get(f"/speakers/{bill.slug}/merge/", {"q": "Clinton"}).status_code == 403


def test_a_name_someone_else_has_is_refused_with_a_link_to_them(client):
    stephen = speaker_for_name(name="Stephen Lynch")
    loretta = speaker_for_name(name="Loretta Lynch")
    editor = signed_in(client, EDITORS)
    speaker_alias_create(speaker=stephen, name="Lynch", by=editor)
    page = client.post(
        f"/speakers/{loretta.slug}/aliases/", {"name": "Lynch"}, follow=True
    ).content.decode()
    link = f'<a href="/speakers/{stephen.slug}/">Stephen Lynch</a>'
    assert f"Not added: “Lynch” is already a name of {link}" in page
    assert "merge them" not in page
    assert speaker_for_name(name="Lynch") == stephen


def test_an_unmerge_of_a_source_that_is_not_an_id_is_a_404(client, clintons):
    bill, _ = clintons
    signed_in(client, EDITORS)
    response = client.post(f"/speakers/{bill.slug}/unmerge/", {"source": "hillary"})
    assert response.status_code == 404
