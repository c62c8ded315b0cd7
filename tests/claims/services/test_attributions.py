"""attributions_store: the machine's quotes replaced, what people decided on kept."""

import pytest

from claims.models import Quote, Speaker
from claims.services import attributions_store, claim_create, quote_update
from extraction import Attribution, Kind
from extraction.types import Span
from tests.factories import ArticleFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db
BODY = 'Mr Jones said the plan works. "It is ready," said Ann Lee. Officials said it was late.'


def said(body: str, content: str, speaker: str | None, mention: str = "", **extra) -> Attribution:
    start = body.index(content)
    at = body.index(mention) if mention else None
    return Attribution(
        content=[Span(start, start + len(content))],
        kind=extra.pop("kind", Kind.INDIRECT),
        mention=Span(at, at + len(mention)) if mention else None,
        speaker=speaker,
        confidence=0.8,
        **extra,
    )


@pytest.fixture
def article():
    return ArticleFactory(body=BODY)


def attributions():
    return [
        said(BODY, "the plan works", "David Jones", "Mr Jones"),
        said(BODY, "It is ready,", "Ann Lee", "Ann Lee", kind=Kind.DIRECT),
        said(BODY, "it was late", None, "Officials"),
    ]


def rows(article):
    return sorted(article.quotes.values_list("text", "kind", "speaker__name", "origin"))


def test_stores_the_quotes_with_their_speakers_and_name_forms(article):
    stored = attributions_store(article=article, attributions=attributions())
    assert len(stored) == 3
    assert rows(article) == [
        ("It is ready,", "direct", "Ann Lee", "extractor"),
        ("it was late", "indirect", None, "extractor"),
        ("the plan works", "indirect", "David Jones", "extractor"),
    ]
    jones = Speaker.objects.get(name="David Jones")
    assert set(jones.aliases.values_list("name", flat=True)) == {"David Jones", "Mr Jones"}


def test_storing_twice_leaves_the_same_rows(article):
    attributions_store(article=article, attributions=attributions())
    first = rows(article)
    attributions_store(article=article, attributions=attributions())
    assert rows(article) == first and Speaker.objects.count() == 2


def test_a_speaker_is_found_by_qid_before_name(article):
    known = SpeakerFactory(name="David Jones MP", wikidata_qid="Q42")
    attributions_store(
        article=article,
        attributions=[said(BODY, "the plan works", "David Jones", "Mr Jones", speaker_qid="Q42")],
    )
    assert article.quotes.get().speaker == known


def test_what_people_decided_on_is_never_replaced(article):
    editor = UserFactory()
    stored = attributions_store(article=article, attributions=attributions())
    ready, late, works = sorted(stored, key=lambda q: q.text)
    other = SpeakerFactory(name="Someone Else")
    quote_update(quote=works, by=editor, changes={"speaker": other})
    quote_update(quote=late, by=editor, changes={"rejected": True})
    claim_create(speaker=ready.speaker, statement="It is ready.", quotes=[ready], by=editor)

    again = attributions_store(article=article, attributions=attributions())

    assert again == [] and article.quotes.count() == 3
    assert article.quotes.get(pk=works.pk).speaker == other
    assert article.quotes.get(pk=late.pk).rejected
    assert article.quotes.get(pk=ready.pk).claims.exists()


def test_the_machines_quotes_that_are_no_longer_found_go(article):
    attributions_store(article=article, attributions=attributions())
    attributions_store(article=article, attributions=attributions()[:1])
    assert list(article.quotes.values_list("text", flat=True)) == ["the plan works"]
    assert Quote.objects.count() == 1
