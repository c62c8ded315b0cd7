"""The registry of known speakers: canonical names, aliases, kind, gender and Wikidata QIDs,
shared by every article resolved against it."""

from __future__ import annotations


class Registry:
    """Speakers known beyond one article (being built: see issue 11)."""
