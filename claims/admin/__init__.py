"""The admin of speakers, quotes, claims, their history and API tokens: every change an admin
makes goes through the services and is recorded. Importing the modules registers them."""

from . import claims, quotes, speakers, tokens  # noqa: F401
