"""python manage.py api_token create USER NAME [--expires-in DAYS] | list [USER] | revoke PREFIX"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from api.models import ApiToken
from api.services import api_token_create, api_token_revoke


class Command(BaseCommand):
    help = "Create, list and revoke API tokens (only their hashes are stored)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="a new token; prints its key once")
        create.add_argument("username")
        create.add_argument("name", help="what the token is for")
        create.add_argument(
            "--expires-in",
            type=int,
            metavar="DAYS",
            help="days until the token expires (default and longest: API_TOKEN_MAX_DAYS)",
        )
        listing = sub.add_parser("list", help="tokens, by prefix")
        listing.add_argument("username", nargs="?")
        revoke = sub.add_parser("revoke", help="revoke a token by its prefix")
        revoke.add_argument("prefix")

    def handle(self, *args, action, **options):
        if action == "create":
            self.create(options["username"], options["name"], options["expires_in"])
        elif action == "list":
            tokens = ApiToken.objects.select_related("user")
            if options["username"]:
                tokens = tokens.filter(user__username=options["username"])
            now = timezone.now()
            for token in tokens:
                if token.revoked_at:
                    state = f"revoked {token.revoked_at:%Y-%m-%d}"
                elif token.has_expired(now):
                    state = "expired"
                else:
                    state = "active"
                expiry = f"expires {token.expires_at:%Y-%m-%d}" if token.expires_at else "no expiry"
                self.stdout.write(
                    f"{token.prefix}\t{token.user.username}\t{state}\t{expiry}\t{token.name}"
                )
        else:
            tokens = list(ApiToken.objects.filter(prefix=options["prefix"]))
            if len(tokens) != 1:
                raise CommandError(f"{len(tokens)} tokens have the prefix {options['prefix']!r}.")
            api_token_revoke(token=tokens[0])
            self.stdout.write(f"Token {tokens[0].prefix}… revoked.")

    def create(self, username: str, name: str, expires_in: int | None) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        expires_at = None if expires_in is None else timezone.now() + timedelta(days=expires_in)
        try:
            token, key = api_token_create(user=user, name=name, expires_at=expires_at)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(key)
        until = f"expires {token.expires_at:%Y-%m-%d}" if token.expires_at else "no expiry"
        self.stderr.write(
            f"Token {token.prefix}… created ({until}): the key above is not shown again."
        )
