"""python manage.py feeds add URL | list | poll : register and poll RSS/Atom feeds."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles.models import Feed
from articles.services import feed_add, feed_poll, feeds_due


class Command(BaseCommand):
    help = "Register RSS/Atom feeds, list them, or poll them now (beat polls them anyway)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="register a feed")
        add.add_argument("url")
        add.add_argument("--outlet", default="", help="outlet recorded on its articles")
        sub.add_parser("list", help="the registered feeds")
        poll = sub.add_parser("poll", help="poll the feeds that are due (all with --all)")
        poll.add_argument("--all", action="store_true")

    def handle(self, *args, action, **options):
        if action == "add":
            try:
                feed = feed_add(url=options["url"], outlet=options["outlet"])
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
            self.stdout.write(f"Feed {feed.pk} added: {feed.url}")
        elif action == "list":
            for feed in Feed.objects.all():
                state = "active" if feed.active else "paused"
                polled = feed.polled_at.isoformat(timespec="seconds") if feed.polled_at else "never"
                problem = f"  error: {feed.error}" if feed.error else ""
                self.stdout.write(f"{feed.pk}\t{state}\t{polled}\t{feed.url}{problem}")
        else:
            ids = Feed.objects.filter(active=True).values_list("id", flat=True)
            feeds = Feed.objects.filter(pk__in=ids if options["all"] else feeds_due())
            for feed in feeds:
                created = feed_poll(feed=feed)
                feed.refresh_from_db()
                outcome = f"error: {feed.error}" if feed.error else f"{created} new article(s)"
                self.stdout.write(f"{feed.url}: {outcome}")
