"""Names as they are stored and compared.

Names come from the texts ingested and from editors. Look-alikes must meet: "Putin" written
in full-width letters, or with a zero-width space inside, is "Putin". Nothing taken from a
text may be longer than the column that stores it.
"""

import unicodedata

from extraction.speakers import normalise

# The columns of Speaker.name and SpeakerAlias.name / .normalised.
SPEAKER_NAME_MAX = 200
ALIAS_NAME_MAX = 300
# Format and control characters: invisible, and never part of a name.
INVISIBLE = frozenset({"Cf", "Cc"})


def name_clean(name: str, *, limit: int = SPEAKER_NAME_MAX) -> str:
    """``name`` as stored: NFKC-normalised (full-width and other compatibility forms become
    their plain letters), white space collapsed, format and control characters removed
    (Unicode categories Cf and Cc: zero-width spaces and joiners, direction marks, soft
    hyphens, NUL), at most ``limit`` characters."""
    text = unicodedata.normalize("NFKC", name)
    text = "".join(c for c in text if c.isspace() or unicodedata.category(c) not in INVISIBLE)
    return " ".join(text.split())[:limit].strip()


def name_key(name: str) -> str:
    """The form names are compared in (``SpeakerAlias.normalised``): the extractor's
    normalisation of the cleaned name, bounded like the column; "" when nothing is left."""
    return normalise(name_clean(name, limit=ALIAS_NAME_MAX))[:ALIAS_NAME_MAX].strip()
