"""python manage.py load_speakers [FILE]"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.services import speakers_load
from extraction.registry import DEFAULT_PATH


class Command(BaseCommand):
    help = (
        "Load public figures (names, nicknames, kind, gender, Wikidata QIDs) into the speakers "
        "from the extractor's registry file; fills in only what is empty and never what an "
        "editor set. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            nargs="?",
            default=str(DEFAULT_PATH),
            help="a registry file (Registry.to_json); default: the one shipped with the extractor",
        )

    def handle(self, *args, file, **options):
        path = Path(file)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        source = data.get("metadata", {}).get("source") or path.name
        done = speakers_load(records=data.get("speakers", []), source=f"{path.name}: {source}")
        self.stdout.write(
            f"speakers: {done.created} created, {done.updated} filled in, "
            f"{done.unchanged} unchanged (from {path.name})"
        )
