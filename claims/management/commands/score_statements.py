"""python manage.py score_statements : give every stored statement its check-worthiness
score (what the review queue sorts by first), for statements stored before the score existed
or after the model changed (``--all`` scores every statement again)."""

from django.core.management.base import BaseCommand

from claims.models import Quote
from claims.services import quotes_checkworthiness_fill


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="score every statement again")

    def handle(self, *args, all, **options):
        if all:
            Quote.objects.update(checkworthiness=None)
        scored = quotes_checkworthiness_fill(say=self.stdout.write)
        self.stdout.write(f"{scored:,} statements scored; claims updated.")
