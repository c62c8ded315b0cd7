"""What editors teach the speakers changes how articles ingested afterwards are attributed:
the worker extracts against the database's registry (real extraction, fast mode)."""

import pytest

from articles.services import article_ingest
from claims.models import Quote, Speaker
from claims.services import speaker_alias_create, speaker_merge
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_mode(settings):
    settings.EXTRACTION_MODE = "fast"


def ingested(capture, text: str) -> list[Quote]:
    with capture(execute=True):
        article, _ = article_ingest(text=text)
    article.refresh_from_db()
    assert article.status == "done", article.error
    return list(article.quotes.select_related("speaker"))


def test_an_editors_merge_names_the_person_a_later_article_calls_by_surname(
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    (first,) = ingested(capture, "Walter Pembrook said on Monday that the budget was balanced.\n")
    (second,) = ingested(capture, "Wally Pembrook said on Tuesday that taxes would fall.\n")
    assert (first.speaker.name, second.speaker.name) == ("Walter Pembrook", "Wally Pembrook")
    # two people called Pembrook: a bare "Pembrook" is nobody known
    (before,) = ingested(capture, "Pembrook said on Wednesday that the port would reopen.\n")
    assert before.speaker.name == "Pembrook"
    assert before.mention == "Pembrook"

    speaker_merge(source=second.speaker, target=first.speaker, by=UserFactory())

    (after,) = ingested(capture, "Pembrook said on Thursday that the deal was done.\n")
    assert after.speaker_id == first.speaker_id
    assert after.mention == "Pembrook"
    assert after.confidence > before.confidence


def test_an_alias_an_editor_added_is_the_same_person_in_a_later_article(
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    (first,) = ingested(capture, "Tom Bradwell said on Monday that the harbour would reopen.\n")
    speaker_alias_create(speaker=first.speaker, name="Thomas Bradwell", by=UserFactory())

    (later,) = ingested(capture, "Thomas Bradwell said on Friday that the ferries would run.\n")

    assert later.speaker_id == first.speaker_id
    assert later.mention == "Thomas Bradwell"
    assert not Speaker.objects.filter(name="Thomas Bradwell").exists()


def test_a_qid_an_editor_set_links_a_later_article_to_the_same_speaker(
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    speaker = Speaker.objects.create(
        name="Donald Trump", slug="donald-trump", wikidata_qid="Q22686", gender="male"
    )
    # no alias row at all: only the registry's identity ties the name to the speaker
    (quote,) = ingested(capture, "Donald Trump said on Monday that the wall would be built.\n")
    assert quote.speaker_id == speaker.pk
