"""The columns that lists of quotes read (see claims.selectors)."""

from .models import Quote

# What a list of quotes shows: the quote, its speaker's name, its article's heading.
QUOTE_LIST_FIELDS = [
    *(f.name for f in Quote._meta.concrete_fields),
    "speaker__name",
    "speaker__slug",
    "speaker__kind",
    "speaker__merged_into",
    "article__title",
    "article__outlet",
    "article__url",
    "article__published_on",
    "article__created_at",
]


# An API record that holds quotes (an article, a claim) embeds at most this many, with their
# number and the address of the paginated list of all of them.
EMBEDDED_QUOTES = 50


# A quote as an API row: its own columns and what lists show of its speaker and article.
QUOTE_ROW_FIELDS = [
    *(f.attname for f in Quote._meta.concrete_fields if f.name not in ("created_at", "updated_at")),
    "speaker__name",
    "speaker__slug",
    "speaker__kind",
    "article__title",
    "article__outlet",
    "article__published_on",
]


# The same as model fields (QuerySet.only), by name.
# (and the article's address: a claim's ClaimReview names where each statement appeared).
QUOTE_ROW_ONLY = [
    *(f.name for f in Quote._meta.concrete_fields if f.name not in ("created_at", "updated_at")),
    *("speaker__name", "speaker__slug", "speaker__kind"),
    *("article__title", "article__outlet", "article__published_on", "article__url"),
]
