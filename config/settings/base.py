"""Settings shared by every environment; each value can be set from the environment.

Local defaults need nothing installed: SQLite in the project folder and, with no
CELERY_BROKER_URL, Celery tasks run in-process. See README.md for the variables.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="onrecord-local-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "articles",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.security_headers.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.throttling.PageThrottleMiddleware",
    "claims.permissions.PrivateInstanceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "claims.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections (checked before reuse): a worker does not reconnect for every task.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # a database that does not answer costs a request 5 s at most, then a 503 (config.views);
    # ?connect_timeout=N in DATABASE_URL changes it
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The cache (the API's throttle counters live there): Redis when several processes serve the
# API, with Django's backend keeping one Redis client per pool (config.cache).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://onrecord")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "config.cache.RedisCache"
    # a Redis that does not answer costs a request a second at most: the throttle then
    # lets the request through (config.throttling)
    CACHES["default"].setdefault("OPTIONS", {}).update(socket_connect_timeout=1, socket_timeout=1)

# Reverse proxies of our own in front of the app (nginx, a load balancer): the number of
# X-Forwarded-For addresses they append, and whether X-Forwarded-Proto can be believed.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "claims.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["claims.permissions.ReadOrRole"],
    "DEFAULT_PAGINATION_CLASS": "config.api.NewestFirst",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["config.filtering.FilterBackend"],
    "DEFAULT_PARSER_CLASSES": [
        "config.api.LimitedJSONParser",
        "config.api.LimitedFormParser",
        "config.api.LimitedMultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "config.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "config.throttling.AnonRateThrottle",
        "config.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", default="120/minute"),
        "user": env("API_THROTTLE_USER", default="1200/minute"),
    },
    "EXCEPTION_HANDLER": "config.api.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Rate limits count clients by address: X-Forwarded-For is believed only for as many
    # addresses as there are proxies of our own in front (0: the connection's address only,
    # so a client cannot pick its own address, nor someone else's, with that header).
    "NUM_PROXIES": NUM_PROXIES,
}
# The site's pages are throttled like the API, per address for anonymous visitors and per
# user when signed in (config.throttling.PageThrottleMiddleware; /healthz and static files
# never are).
PAGE_THROTTLE_ANON = env("PAGE_THROTTLE_ANON", default="60/minute")
PAGE_THROTTLE_USER = env("PAGE_THROTTLE_USER", default="600/minute")
# Exports are weighed by their rows: each client (address, or user when signed in) may
# export this many rows per window, in sliding windows like the throttles'; an export that
# does not fit in what is left is refused whole (429), one larger than the whole budget too
# (400: narrow it).
EXPORT_ROWS_ANON = env.int("EXPORT_ROWS_ANON", default=10_000)
EXPORT_ROWS_USER = env.int("EXPORT_ROWS_USER", default=250_000)
EXPORT_ROWS_WINDOW = env.int("EXPORT_ROWS_WINDOW", default=3600)
# Searches (the search page, the API's q): at most this many words and characters; each
# word costs the full-text query, the fuzzy name match and the highlighting.
SEARCH_MAX_TERMS = env.int("SEARCH_MAX_TERMS", default=20)
SEARCH_MAX_CHARS = env.int("SEARCH_MAX_CHARS", default=200)
# Against guessing: a user name or an address with this many failed sign-ins (the site's or
# the admin's) within the window is refused, right password or not, until they age out; an
# address with this many invalid API tokens gets 429 for further ones (claims.signin,
# claims.authentication). Counted in the cache, like the throttles.
AUTH_FAILURE_LIMIT = env.int("AUTH_FAILURE_LIMIT", default=10)
AUTH_FAILURE_WINDOW = env.int("AUTH_FAILURE_WINDOW", default=900)
# API tokens expire: a new token lives at most this many days (its expiry, when none is
# given); 0: no longest lifetime, and a token created without an expiry never expires.
API_TOKEN_MAX_DAYS = env.int("API_TOKEN_MAX_DAYS", default=365)
# Anyone may read (quotes are public record); off: the instance is private, every page, the
# API, its schema and docs need a signed-in user (or an API token); login and /healthz stay open.
API_ANONYMOUS_READS = env.bool("API_ANONYMOUS_READS", default=True)
# Largest API request body (JSON, form or upload), in bytes.
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_BYTES", default=12_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = API_MAX_BODY_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Who reviews claims, in ClaimReview JSON-LD.
CLAIMREVIEW_AUTHOR = env("CLAIMREVIEW_AUTHOR", default="OnRecord")
# Who reviewed a claim (the user names of its history and its creator) is shown to the
# newsroom only (editors, fact-checkers, Django staff); on, to every reader. The notes of a
# history stay the newsroom's either way (claims.permissions).
REVIEWERS_PUBLIC = env.bool("REVIEWERS_PUBLIC", default=False)

SPECTACULAR_SETTINGS = {
    "TITLE": "OnRecord API",
    "DESCRIPTION": (
        "Who said what in the news: articles, speakers, attributed statements (quotes) and "
        "fact-checked claims. Reads are open (or need a token, as configured); writes need "
        "a token (`Authorization: Token <key>`) or a session, and the role of the action: "
        "editors correct quotes and speakers and ingest articles, fact-checkers review claims."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # the schema and docs are read like the API (private with API_ANONYMOUS_READS off), and
    # answer a method they do not offer with 405
    "SERVE_PERMISSIONS": ["claims.permissions.ReadOrRole"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.schema.document_errors",
    ],
    "ENUM_NAME_OVERRIDES": {
        "VerdictEnum": "claims.models.Verdict",
        "QuoteKindEnum": "claims.models.Quote.Kind",
        "SpeakerKindEnum": "claims.models.Speaker.Kind",
        "ArticleStatusEnum": "articles.models.Article.Status",
    },
}

# Celery. With no broker configured, tasks run in-process (eagerly) so that the first run
# needs no Redis; with one, a worker picks them up.
CELERY_TASK_ALWAYS_EAGER = not env("CELERY_BROKER_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="") or "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="onrecord")
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
# A task whose worker process dies is redelivered, not dropped (the task is idempotent).
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Larger texts are refused at ingest with a clear error (characters after decoding).
ARTICLE_MAX_CHARS = env.int("ARTICLE_MAX_CHARS", default=10_000_000)

# The extractor stops itself after this long (checked between paragraph windows) and the
# article is marked failed; Celery's limits are the backstop for anything else. They are
# the limits of the worker that runs a task: messages carry none (config.celery.Task).
EXTRACTION_TIME_LIMIT = env.float("EXTRACTION_TIME_LIMIT", default=200)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
# Fetching pages and feeds: seconds per network wait, largest body, and "host:port" entries
# exempt from the guard against private addresses (for a feed on your own network).
FETCH_TIMEOUT = env.float("FETCH_TIMEOUT", default=10)
# Seconds for a whole fetch, redirects, status line, headers and body: every read waits only
# for what is left of it.
FETCH_DEADLINE = env.float("FETCH_DEADLINE", default=30)
FETCH_MAX_BYTES = env.int("FETCH_MAX_BYTES", default=5_000_000)
FETCH_ALLOWED_HOSTS = env.list("FETCH_ALLOWED_HOSTS", default=[])
FEED_POLL_SECONDS = env.int("FEED_POLL_SECONDS", default=900)

# A worker that finds more articles waiting extracts several at once (one spaCy pipe call):
# up to this many, and this many characters in all.
EXTRACTION_BATCH_SIZE = env.int("EXTRACTION_BATCH_SIZE", default=32)
EXTRACTION_BATCH_CHARS = env.int("EXTRACTION_BATCH_CHARS", default=200_000)
# An article claimed by a task that died is free again after this long (and the sweep
# queues it again).
EXTRACTION_LEASE_SECONDS = env.int("EXTRACTION_LEASE_SECONDS", default=CELERY_TASK_TIME_LIMIT + 60)
# "accurate": the trained statement tagger (the default); "fast": cue rules over the parse
# alone, at the parser's speed, for bulk back-fills.
EXTRACTION_MODE = env.str("EXTRACTION_MODE", default="fast")
# Worker processes load the spaCy pipeline when they start, not on their first article.
EXTRACTION_PRELOAD = env.bool("EXTRACTION_PRELOAD", default=True)
# A pool process tells the worker it is up only once it has loaded them; Celery's default
# wait, 4 s, kills replacement processes on a loaded machine (and then their replacements).
CELERY_WORKER_PROC_ALIVE_TIMEOUT = env.float("CELERY_WORKER_PROC_ALIVE_TIMEOUT", default=60.0)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Ingest must not hang when Redis is down: give up publishing quickly, the sweep sends later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
CELERY_BEAT_SCHEDULE = {
    "enqueue-pending-articles": {
        "task": "articles.tasks.articles_enqueue_pending_task",
        "schedule": env.int("SWEEP_SECONDS", default=60),
    },
    "poll-feeds": {
        "task": "articles.tasks.feeds_poll_task",
        "schedule": 60,  # each feed is polled once FEED_POLL_SECONDS have passed
    },
}
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT * 4}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
