"""python manage.py speaker_splits [--ingest PATH] : speakers with statements whose name splits
a person in two, in the configured database (issue 11's product measure)."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db.models import Count, Q

from claims.models import Speaker
from extraction.registry import Registry, normalise, surname_of

POLNEAR_DEV = Path(settings.BASE_DIR).parent / "shared" / "polnear" / "brat" / "dev"


def name_splits(speakers: list[tuple[str, str, int]], registry: Registry) -> list[tuple[str, str]]:
    """Of ``speakers`` (name, kind, number of statements), those with statements that split
    a person: a bare surname of a person named in full ("Obama" beside "Barack Obama", of any
    kind: "Trump" typed as an organisation too), and a name with a middle initial added
    ("Donald J. Trump") unless it is the form the registry knows the person by ("George W.
    Bush"). A public figure out of office for decades (the registry's historical mark) that
    has no statements does not count as named in full: a bare "Wallace" beside the loaded
    "Henry Wallace" is nobody's split, as the resolver never gives him a bare surname.
    Returns (name, why) pairs."""
    in_full = {
        surname_of(name)
        for name, kind, statements in speakers
        if kind == Speaker.Kind.PERSON
        and len(normalise(name).split()) > 1
        and (statements or not _historical(name, registry))
    }
    found = []
    for name, kind, statements in speakers:
        words = normalise(name).split()
        if not statements or not words:
            continue
        if len(words) == 1 and words[0] in in_full:
            found.append((name, f"bare surname ({kind}, {statements} statements)"))
        elif kind == Speaker.Kind.PERSON and any(_is_initial(w) for w in name.split()[1:-1]):
            known = registry.get(name)
            if known is None or known.name != name:
                found.append((name, f"middle initial ({statements} statements)"))
    return found


def _historical(name: str, registry: Registry) -> bool:
    known = registry.get(name)
    return known is not None and known.historical


def _is_initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1 and word[:1].isupper()


class Command(BaseCommand):
    help = (
        "Count the speakers with statements that are a bare surname of a person also named in "
        "full, or a name with a middle initial added. With --ingest, ingest PATH first (run it "
        "on a fresh, throwaway database: see `make check-speakers`)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--ingest",
            type=Path,
            nargs="?",
            const=POLNEAR_DEV,
            help=f"ingest this folder or file first (default: {POLNEAR_DEV})",
        )

    def handle(self, *args, ingest, **options):
        if ingest is not None:
            if not ingest.exists():
                self.stdout.write(f"{ingest} not found (PolNeAR is read from ../shared/): skipped")
                return
            call_command("ingest", str(ingest), verbosity=0)
        rows = (
            Speaker.objects.filter(merged_into__isnull=True)
            .annotate(statements=Count("quotes", filter=Q(quotes__rejected=False)))
            .values_list("name", "kind", "statements")
        )
        speakers = list(rows)
        found = name_splits(speakers, Registry.default())
        for name, why in sorted(found):
            self.stdout.write(f"  {name}: {why}")
        quoted = sum(1 for _, _, n in speakers if n)
        self.stdout.write(f"speakers with statements: {quoted}; splitting a person: {len(found)}")
