"""The admin of speakers, quotes, claims, and their history: every change an admin
makes goes through the services and is recorded. Importing the modules registers them."""

from . import claims, quotes, speakers  # noqa: F401
