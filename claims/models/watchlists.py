"""Watchlists: a user's saved statement search, and how far they and their digest have read."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from .claims import Verdict
from .quotes import Quote
from .speakers import Speaker

# A saved search names at most this many speakers or outlets.
MAX_CHOICES = 20
MAX_OUTLET_CHARS = 200


def feed_token_new() -> str:
    """A new secret for a watchlist's feed address (256 random bits)."""
    return secrets.token_urlsafe(32)


def _choices_valid(value, choices: set[str], what: str) -> None:
    if not isinstance(value, list) or any(item not in choices for item in value):
        raise ValidationError(f"Give {what} from: {', '.join(sorted(choices))}.")
    if len(set(value)) != len(value):
        raise ValidationError(f"Give each of the {what} once.")


def kinds_valid(value) -> None:
    """A list of statement kinds, each once."""
    _choices_valid(value, set(Quote.Kind.values), "kinds")


def verdicts_valid(value) -> None:
    """A list of verdicts, each once."""
    _choices_valid(value, set(Verdict.values), "verdicts")


def outlets_valid(value) -> None:
    """A list of outlet names, each once, not blank, at most MAX_OUTLET_CHARS characters."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError("Give the outlets as a list of names.")
    if len(value) > MAX_CHOICES:
        raise ValidationError(f"A watchlist names at most {MAX_CHOICES} outlets.")
    if any(not item.strip() or len(item) > MAX_OUTLET_CHARS for item in value):
        raise ValidationError(f"An outlet's name has 1 to {MAX_OUTLET_CHARS} characters.")
    if len({item.casefold() for item in value}) != len(value):
        raise ValidationError("Give each outlet once.")


class Watchlist(models.Model):
    """A statement search saved by its owner (``words``, ``speakers``, ``outlets``,
    ``kinds``, ``verdicts``: every criterion given must hold; within one, any value), the
    secret of its Atom feed, and two marks over statement ids: the newest its owner has seen
    (the dashboard counts what came after) and the newest its daily digest has sent."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watchlists"
    )
    name = models.CharField(max_length=100)
    words = models.CharField(
        max_length=200, blank=True, help_text="Full-text search, as the search page reads it."
    )
    speakers = models.ManyToManyField(Speaker, blank=True, related_name="+")
    outlets = models.JSONField(default=list, blank=True, validators=[outlets_valid])
    kinds = models.JSONField(default=list, blank=True, validators=[kinds_valid])
    verdicts = models.JSONField(
        default=list,
        blank=True,
        validators=[verdicts_valid],
        help_text="Published verdicts of a claim the statement is in.",
    )
    feed_token = models.CharField(
        max_length=64, unique=True, default=feed_token_new, editable=False
    )
    seen_through = models.BigIntegerField(
        default=0, editable=False, help_text="The newest statement id its owner has seen."
    )
    visited_at = models.DateTimeField(null=True, blank=True, editable=False)
    digest_through = models.BigIntegerField(
        default=0, editable=False, help_text="The newest statement id its digest has covered."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "name"],
                name="watchlist_name_per_owner",
                violation_error_message="You have a watchlist of this name already.",
            )
        ]

    def __str__(self) -> str:
        return self.name
