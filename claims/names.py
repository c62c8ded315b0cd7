"""Names as they are stored and compared.

Names come from the texts ingested and from editors. Look-alikes must meet: "Putin" written
in full-width letters, or with a zero-width space inside, is "Putin". Nothing taken from a
text may be longer than the column that stores it.
"""

import unicodedata

from django.core.exceptions import ValidationError

from extraction.speakers import normalise

# The columns of Speaker.name and SpeakerAlias.name / .normalised.
SPEAKER_NAME_MAX = 200
ALIAS_NAME_MAX = 300
# Format and control characters: invisible, and never part of a name.
INVISIBLE = frozenset({"Cf", "Cc"})


def name_clean(name: str, *, limit: int | None = SPEAKER_NAME_MAX) -> str:
    """``name`` as stored: NFKC-normalised (full-width and other compatibility forms become
    their plain letters), white space collapsed, format and control characters removed
    (Unicode categories Cf and Cc: zero-width spaces and joiners, direction marks, soft
    hyphens, NUL), at most ``limit`` characters (None: uncut)."""
    text = unicodedata.normalize("NFKC", name)
    text = "".join(c for c in text if c.isspace() or unicodedata.category(c) not in INVISIBLE)
    return " ".join(text.split())[:limit].strip()


def name_key(name: str) -> str:
    """The form names are compared in (``SpeakerAlias.normalised``): the extractor's
    normalisation of the cleaned name, bounded like the column; "" when nothing is left."""
    return normalise(name_clean(name, limit=ALIAS_NAME_MAX))[:ALIAS_NAME_MAX].strip()


def alias_name_key(name: str) -> tuple[str, str]:
    """An editor's alias as stored and as compared: ``(name_clean(name), name_key(name))``,
    neither cut. Refused (ValidationError on ``name``, saying why) when it has nothing left
    or either is longer than the column: the compared form can be longer than the name
    ("ß" is compared as "ss"), and a cut key would make two different names one."""
    cleaned = name_clean(name, limit=None)
    key = normalise(cleaned).strip()
    if not key:
        raise ValidationError({"name": "An alias needs a name."})
    if len(cleaned) > ALIAS_NAME_MAX:
        raise ValidationError(
            {
                "name": f"An alias takes at most {ALIAS_NAME_MAX} characters; this one has"
                f" {len(cleaned)}."
            }
        )
    if len(key) > ALIAS_NAME_MAX:
        raise ValidationError(
            {
                "name": f"An alias is compared in lower case without punctuation (“ß” as"
                f" “ss”), and that form takes at most {ALIAS_NAME_MAX} characters: this one"
                f" takes {len(key)}. Shorten it."
            }
        )
    return cleaned, key


def trigrams(text: str) -> set[str]:
    """The trigrams of ``text`` as PostgreSQL's pg_trgm counts them: each word (a run of
    letters and digits), in lower case, padded with two spaces before and one after."""
    found: set[str] = set()
    for word in "".join(c if c.isalnum() else " " for c in text.lower()).split():
        padded = f"  {word} "
        found.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return found


def trigram_similarity(a: str, b: str) -> float:
    """pg_trgm's ``similarity(a, b)``, computed in Python (for SQLite, which has none):
    the trigrams the two share over the trigrams of either, 0 to 1."""
    mine, theirs = trigrams(a), trigrams(b)
    union = mine | theirs
    return len(mine & theirs) / len(union) if union else 0.0
