"""python manage.py api_token create USER NAME | list [USER] | revoke PREFIX"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from claims.models import ApiToken
from claims.services import api_token_create, api_token_revoke


class Command(BaseCommand):
    help = "Create, list and revoke API tokens (only their hashes are stored)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="a new token; prints its key once")
        create.add_argument("username")
        create.add_argument("name", help="what the token is for")
        listing = sub.add_parser("list", help="tokens, by prefix")
        listing.add_argument("username", nargs="?")
        revoke = sub.add_parser("revoke", help="revoke a token by its prefix")
        revoke.add_argument("prefix")

    def handle(self, *args, action, **options):
        if action == "create":
            user = get_user_model().objects.filter(username=options["username"]).first()
            if user is None:
                raise CommandError(f"No user named {options['username']!r}.")
            token, key = api_token_create(user=user, name=options["name"])
            self.stdout.write(key)
            self.stderr.write(f"Token {token.prefix}… created: the key above is not shown again.")
        elif action == "list":
            tokens = ApiToken.objects.select_related("user")
            if options["username"]:
                tokens = tokens.filter(user__username=options["username"])
            for token in tokens:
                state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "active"
                self.stdout.write(f"{token.prefix}\t{token.user.username}\t{state}\t{token.name}")
        else:
            tokens = list(ApiToken.objects.filter(prefix=options["prefix"]))
            if len(tokens) != 1:
                raise CommandError(f"{len(tokens)} tokens have the prefix {options['prefix']!r}.")
            api_token_revoke(token=tokens[0])
            self.stdout.write(f"Token {tokens[0].prefix}… revoked.")
