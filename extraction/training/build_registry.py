"""Build ``extraction/data/registry.json``, the public figures every registry starts from.

    python -m extraction.training.build_registry ../shared/kb -o extraction/data/registry.json

The facts (names, nicknames, gender, Wikidata QIDs of the members of Congress and of the US
presidents and vice presidents) come from the ``unitedstates/congress-legislators`` project,
dedicated to the public domain under CC0 1.0; the file cites it in its metadata.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

import yaml

from ..registry import FEMALE, MALE, Registry

SOURCE = (
    "unitedstates/congress-legislators (https://github.com/unitedstates/congress-legislators), "
    "legislators-current.yaml and executive.yaml, commit dfa9622 (2026-06-15)"
)
LICENSE = "CC0-1.0 (public domain dedication)"
GENDERS = {"M": MALE, "F": FEMALE}
# Prominence a public figure starts with: a president is named more often than a member of
# the House, and one article naming someone in full counts 1 (see Registry.learn).
PROMINENCE = {"prez": 2.0, "viceprez": 1.5, "sen": 1.0, "rep": 0.5}
# A figure out of office since before this date is rarely the bare "Wallace" of today's
# news: marked historical, found by full name only (see Registry.pick).
HISTORICAL_BEFORE = "1977-01-20"


def person_record(person: dict[str, Any]) -> dict[str, Any]:
    """One KB person as the keyword arguments of :meth:`Registry.add`."""
    name = person["name"]
    first, last = name["first"], name["last"]
    middle, suffix = name.get("middle", ""), name.get("suffix", "")
    nickname = name.get("nickname")
    # Wikipedia's title is the name the person is known by ("Joe Biden", "George W. Bush")
    common = re.sub(r"\s*\(.*\)$", "", person["id"].get("wikipedia", "")) or name.get(
        "official_full", f"{nickname or first} {last}"
    )
    initial = f"{middle[0]}." if middle else ""
    aliases = set()
    for given in filter(None, (first, nickname)):
        for mid in filter(None, ("", initial, middle)):
            aliases.add(" ".join(filter(None, (given, mid, last))))
        aliases.add(f"{given} {last}")
        if suffix:
            aliases.update(f"{a} {suffix}" for a in list(aliases) if a.startswith(given))
    if name.get("official_full"):
        aliases.add(name["official_full"])
    terms = person.get("terms", [])
    types = {term["type"] for term in terms}
    historical = bool(terms) and all(term.get("end", "9999") < HISTORICAL_BEFORE for term in terms)
    return {
        "name": common,
        "kind": "person",
        "aliases": sorted(aliases - {common}),
        "gender": GENDERS.get(person.get("bio", {}).get("gender")),
        "qid": person["id"].get("wikidata"),
        "prominence": max((PROMINENCE.get(t, 0.5) for t in types), default=0.5),
        "historical": historical,
    }


def build(kb: Path) -> Registry:
    """The registry of the people in the KB directory ``kb``, with the first names' genders."""
    registry = Registry()
    votes: dict[str, set[str]] = {}
    for filename in ("executive.yaml", "legislators-current.yaml"):
        for person in yaml.safe_load((kb / filename).read_text(encoding="utf-8")):
            record = person_record(person)
            registry.add(**record)
            if record["gender"]:
                for given in filter(
                    None, (person["name"]["first"], person["name"].get("nickname"))
                ):
                    if "." not in given:
                        votes.setdefault(given.casefold(), set()).add(record["gender"])
    # a first name borne by both men and women tells nothing
    registry.first_names = {n: g.pop() for n, g in sorted(votes.items()) if len(g) == 1}
    return registry


def main(argv: list[str] | None = None) -> None:
    """Entry point: read the KB directory, write the registry file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kb", type=Path, help="the shared/kb directory")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    registry = build(args.kb)
    metadata = {
        "source": SOURCE,
        "license": LICENSE,
        "built_by": "extraction.training.build_registry",
    }
    data = registry.to_json(metadata)
    lines = ",\n".join(json.dumps(s, ensure_ascii=False) for s in data["speakers"])
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(
        "{"
        f'"metadata": {json.dumps(metadata)},\n'
        f'"first_names": {json.dumps(data["first_names"], ensure_ascii=False)},\n'
        f'"speakers": [\n{lines}\n]}}\n',
        encoding="utf-8",
    )
    print(f"{len(registry)} speakers, {len(registry.first_names)} first names -> {args.output}")


if __name__ == "__main__":
    main()
