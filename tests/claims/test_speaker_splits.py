"""Issue 11's product measure: speakers with statements that split a person."""

from claims.management.commands.speaker_splits import name_splits
from extraction.registry import Registry


def test_bare_surnames_and_added_initials_split_a_person():
    speakers = [
        ("Barack Obama", "person", 10),
        ("Obama", "person", 3),
        ("Trump", "organisation", 1),
        ("Donald Trump", "person", 4),
        ("Donald J. Trump", "person", 2),
        ("George W. Bush", "person", 1),
        ("Tapper", "person", 0),
        ("Jake Tapper", "person", 2),
    ]
    found = dict(name_splits(speakers, Registry.default()))
    assert set(found) == {"Obama", "Trump", "Donald J. Trump"}
    assert found["Trump"].startswith("bare surname (organisation")


def test_a_historical_figure_with_no_statements_splits_no_one():
    registry = Registry.default()
    assert registry.get("Henry Wallace").historical
    # the loaded Henry Wallace (vice president until 1945) is not who a 2016 "Wallace" is
    assert name_splits([("Wallace", "person", 3), ("Henry Wallace", "person", 0)], registry) == []
    # once he has statements of his own, a bare "Wallace" beside him is a split again
    assert name_splits([("Wallace", "person", 3), ("Henry Wallace", "person", 1)], registry) == [
        ("Wallace", "bare surname (person, 3 statements)")
    ]
