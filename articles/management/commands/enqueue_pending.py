"""python manage.py enqueue_pending : send queued articles the broker never received."""

from django.core.management.base import BaseCommand

from articles.services import articles_enqueue_pending


class Command(BaseCommand):
    help = "Send the queued articles the broker never received (beat does it every minute)."

    def handle(self, *args, **options):
        sent = articles_enqueue_pending()
        self.stdout.write(f"{sent} article(s) sent to the broker.")
