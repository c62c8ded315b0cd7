import spacy

from extraction.engine import MODEL, load_pipeline
from extraction.lemmas import NAME

TEXTS = [
    "The senators said they had been misled. She says it's purely defensive, and he denied it.",
    "Mr Putin's aides were briefing reporters; the briefings went on. Better days are coming.",
    "They'd argued that the wolves ran faster than the dogs, which were running slowest.",
    "",
    "The senators said they had been misled again, and the aides kept briefing.",
]


def test_the_pipeline_lemmatizes_as_spacy_does_in_the_lemmatizers_place():
    ours = load_pipeline()
    stock = spacy.load(MODEL)
    names = ours.pipe_names
    assert "lemmatizer" not in names
    assert names.index(NAME) == stock.pipe_names.index("lemmatizer") + 1  # after paragraph_breaks
    for mine, theirs in zip(ours.pipe(TEXTS), stock.pipe(TEXTS), strict=True):
        assert [t.lemma_ for t in mine] == [t.lemma_ for t in theirs]
    doc = ours("The senators said they had been misled.")
    assert [t.lemma_ for t in doc][:6] == ["the", "senator", "say", "they", "have", "be"]
