"""The REST API and the limits it shares with the pages: authentication, roles, throttles,
export budgets, search limits, body size, the schema, ClaimReview."""

from .environment import env

# Reverse proxies of our own in front of the app (nginx, a load balancer): the number of
# X-Forwarded-For addresses they append, and whether X-Forwarded-Proto can be believed.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.ReadOrRole"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.NewestFirst",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["api.filtering.FilterBackend"],
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.LimitedJSONParser",
        "api.parsers.LimitedFormParser",
        "api.parsers.LimitedMultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "api.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonRateThrottle",
        "api.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", default="120/minute"),
        "user": env("API_THROTTLE_USER", default="1200/minute"),
    },
    "EXCEPTION_HANDLER": "api.errors.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Rate limits count clients by address: X-Forwarded-For is believed only for as many
    # addresses as there are proxies of our own in front (0: the connection's address only,
    # so a client cannot pick its own address, nor someone else's, with that header).
    "NUM_PROXIES": NUM_PROXIES,
}
# The site's pages are throttled like the API, per address for anonymous visitors and per
# user when signed in (api.throttling.PageThrottleMiddleware; /healthz and static files
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
# api.authentication). Counted in the cache, like the throttles.
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
# history stay the newsroom's either way (api.permissions).
REVIEWERS_PUBLIC = env.bool("REVIEWERS_PUBLIC", default=False)
# A verdict is a draft until a second fact-checker, not the one who wrote it, approves it;
# only approved verdicts are published (ClaimReview, the public pages, the API's verdict).
# Off: a fact-checker's verdict is published at once.
VERDICT_APPROVAL = env.bool("VERDICT_APPROVAL", default=True)

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
    "SERVE_PERMISSIONS": ["api.permissions.ReadOrRole"],
    "SWAGGER_UI_DIST": "SIDECAR",
    # no deep links: Swagger UI puts them inside its buttons (nested interactive controls)
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.document_errors",
    ],
    "ENUM_NAME_OVERRIDES": {
        "VerdictEnum": "claims.models.Verdict",
        "QuoteKindEnum": "claims.models.Quote.Kind",
        "SpeakerKindEnum": "claims.models.Speaker.Kind",
        "ArticleStatusEnum": "articles.models.Article.Status",
    },
}
