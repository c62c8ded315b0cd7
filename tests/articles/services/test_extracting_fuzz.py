"""Generated texts and attributions through the store path: every article ends ``done`` (or
``failed`` with a reason), never stuck, and every stored string fits its column."""

import itertools
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import extraction
from articles.models import Article
from articles.services import article_extract, article_ingest, extracting
from claims.models import Quote, Speaker, SpeakerAlias
from extraction import Attribution, Kind, Span

FUZZ = settings(
    max_examples=80,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
serial = itertools.count()

# any character a text may hold (PostgreSQL's text takes no NUL: ingest replaces it)
ANY_CHAR = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
# pieces that make trouble: invisible, full-width, combining, expanding characters
TRICKY = st.sampled_from(
    ["A", "b", "Z", " ", "-", "'", "’", ".", "\u200b", "\u00ad", "\u202e", "\ufeff", "Ａ", "ｂ"]
    + ["é", "e\u0301", "ß", "ﷺ", "\t", "\n", "Mr", "the", "!", "“", "”"]
)
NAMES = st.one_of(
    st.text(ANY_CHAR, max_size=400),
    st.lists(TRICKY, max_size=150).map("".join),
    st.builds(
        lambda word, n: " ".join([word.capitalize()] * n),
        st.text(st.characters(categories=("Ll",)), min_size=1, max_size=300),
        st.integers(1, 8),
    ),
)


def check_stored() -> None:
    name_max = Speaker._meta.get_field("name").max_length
    alias_max = SpeakerAlias._meta.get_field("name").max_length
    for name in Speaker.objects.values_list("name", flat=True):
        assert 0 < len(name) <= name_max
        assert not any(unicodedata.category(c) in ("Cf", "Cc") for c in name)
    for name, key in SpeakerAlias.objects.values_list("name", "normalised"):
        assert 0 < len(name) <= alias_max and 0 < len(key) <= alias_max
    for mention, cue in Quote.objects.values_list("mention", "cue"):
        assert len(mention) <= 500 and len(cue) <= 200


@FUZZ
@given(
    names=st.lists(NAMES, min_size=1, max_size=4),
    kinds=st.lists(st.sampled_from([*Speaker.Kind.values, "", "emperor", None]), min_size=4),
    confidence=st.floats(allow_nan=True, allow_infinity=True),
)
def test_generated_attributions_are_stored_bounded(db, monkeypatch, names, kinds, confidence):
    """The store path alone: whatever names and kinds an extractor returns, the article is
    stored, with names cleaned and bounded."""
    # each name in the text, as the extractor would find it: "<name> said “it”."
    parts = [f"{name} said “it was {i}”." for i, name in enumerate(names)]
    body = f"Report {next(serial)}. " + " ".join(parts)
    attributions, at = [], body.index(". ") + 2
    for i, (name, part) in enumerate(zip(names, parts, strict=False)):
        start = at + len(name) + len(" said ")
        attributions.append(
            Attribution(
                content=[Span(start, start + len(f"“it was {i}”"))],
                kind=Kind.DIRECT,
                mention=Span(at, at + len(name)) if name else None,
                cue=Span(at + len(name) + 1, at + len(name) + 5),
                speaker=name,
                speaker_kind=kinds[i],
                confidence=confidence,
            )
        )
        at += len(part) + 1
    article = Article.objects.create(
        body=body, raw_text=body, content_hash=f"fuzz-{next(serial)}", language="en"
    )
    monkeypatch.setattr(extraction, "extract_many", lambda texts, **kw: [attributions])

    article = article_extract(article=article)

    assert article.status == Article.Status.DONE, article.error
    assert article.quotes.count() == len(attributions)
    check_stored()


TEMPLATES = [
    "{hon} {name} said on Monday that {content}. “{content},” {hon} {name} said.",
    "“{content},” said {name}, the {name} of {name}.\n\n{content}, {name} says",
    "{name}: {content}\n\nAccording to {hon} {name}, {content}.",
]


@FUZZ
@given(
    template=st.sampled_from(TEMPLATES),
    hon=st.sampled_from(["Mr", "Ms", "Dr", "President", "the", ""]),
    name=NAMES,
    content=st.one_of(st.text(ANY_CHAR, max_size=300), st.lists(TRICKY, max_size=100).map("".join)),
)
def test_generated_texts_through_the_extractor_never_jam_the_store(
    db, template, hon, name, content
):
    """Texts that make the real extractor return odd speakers: each article ends done, or
    failed with a reason; nothing is left extracting."""
    text = template.format(hon=hon, name=name, content=content) + f" ({next(serial)})"
    try:
        article, _ = article_ingest(text=text)
    except ValidationError:  # nothing left of the text once cleaned
        return
    article = article_extract(article=article)
    assert article.status in (Article.Status.DONE, Article.Status.FAILED)
    if article.status == Article.Status.FAILED:
        assert article.error and "Storing" not in article.error, article.error
    check_stored()


@pytest.fixture(autouse=True)
def _fast_retries(monkeypatch):
    monkeypatch.setattr(extracting, "STORE_RETRY_SECONDS", 0)
