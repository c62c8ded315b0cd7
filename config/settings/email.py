"""Email (the watchlists' daily digest) and the site's address in links sent out."""

from .environment import env

# consolemail:// prints each email (the default); smtp+tls://user:password@host:587 sends it
_email = env.email_url("EMAIL_URL", default="consolemail://")
globals().update({name: value for name, value in _email.items() if value is not None})
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="OnRecord <onrecord@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where emails link to (no request to take it from): the site as its readers reach it.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# The hour (TIME_ZONE, UTC by default) at which Celery beat sends the watchlists' digest.
WATCHLIST_DIGEST_HOUR = env.int("WATCHLIST_DIGEST_HOUR", default=7)
