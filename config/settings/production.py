"""Production: strict. Refuses to start without a real SECRET_KEY."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=False)
# The key itself, or a file that holds it (the compose stack generates one into a volume).
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY and env("SECRET_KEY_FILE", default=""):
    with open(env("SECRET_KEY_FILE"), encoding="utf-8") as key_file:
        SECRET_KEY = key_file.read().strip()
# Keys that were published (in this repository, its compose file and image, Django's
# templates) sign anyone's session cookies and password resets: they are refused.
PUBLISHED_KEY_MARKS = ("onrecord-local-only", "change-me", "changeme", "insecure", "not-a-runtime")
if (
    len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or any(mark in SECRET_KEY.lower() for mark in PUBLISHED_KEY_MARKS)
):
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a random string of at least 50 characters, not a published default: "
        'python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

# Gunicorn serves the static files itself, compressed and with far-future cache headers.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# X-Forwarded-Proto is a client's word unless a proxy of ours sets it (NUM_PROXIES > 0)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if NUM_PROXIES else None  # noqa: F405
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# The health check is probed over plain HTTP from inside the container network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Plain-HTTP stacks (the local docker compose) turn these off; behind TLS keep them on.
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
