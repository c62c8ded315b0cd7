"""Query-string filters of the API's lists (django-filter)."""

import re

import django_filters
from django.conf import settings
from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Exists, F, Lookup, OuterRef, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

from api.filtering import BooleanFilter, FilterSet, IdFilter
from api.validation import CONTROL_CHARACTERS, CONTROL_CHARACTERS_MESSAGE

from .models import (
    Claim,
    ClaimEvent,
    MisquoteAlert,
    Quote,
    Speaker,
    SpeakerAlias,
    StatementGroup,
    Verdict,
)
from .names import name_key, trigram_similarity
from .selectors import speaker_resolve
from .similarity import MIN_SCORE, quotes_nearest, text_vector

SEARCH_CONFIG = "english"
# On PostgreSQL: the text's search vector (SEARCH_CONFIG), stored with the quote and GIN-indexed
# (migration 0018); a column the model does not declare (SQLite has no such type).
STORED_VECTOR = RawSQL(
    f'"{Quote._meta.db_table}"."search_vector"', [], output_field=SearchVectorField()
)
# Trigram similarity above which a name matches a fuzzy speaker search.
FUZZY_THRESHOLD = 0.3


def quote_search(quotes: QuerySet[Quote], q: str) -> QuerySet[Quote]:
    """Full-text search over quote text with PostgreSQL's websearch syntax ("exact phrase",
    -word, or): on the GIN-indexed vector, stemmed; on SQLite, as substrings (see
    :func:`websearch_terms`)."""
    if connection.vendor == "postgresql":
        query = SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)
        return quotes.alias(search=STORED_VECTOR).filter(search=query)
    matches = Q()
    for group in websearch_terms(q):
        wanted = Q()
        for term, excluded in group:
            wanted &= ~Q(text__icontains=term) if excluded else Q(text__icontains=term)
        matches |= wanted
    return quotes.filter(matches)


WEBSEARCH_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')


def websearch_terms(q: str) -> list[list[tuple[str, bool]]]:
    """``q`` read as PostgreSQL's websearch_to_tsquery reads it, without stemming: groups
    separated by ``or``, each a list of (word or phrase, excluded) that must all hold.
    An unclosed quote runs to the end; a lone ``-`` or empty phrase is ignored."""
    groups: list[list[tuple[str, bool]]] = [[]]
    for match in WEBSEARCH_TOKEN.finditer(q):
        phrase_minus, phrase, word_minus, word = match.groups()
        if word is not None and word.lower() == "or" and not word_minus:
            if groups[-1]:
                groups.append([])
            continue
        term = " ".join((phrase if word is None else word).split()).strip("-")
        if term:
            groups[-1].append((term, bool(phrase_minus or word_minus)))
    return [group for group in groups if group]


def search_check(q: str) -> None:
    """Refuses (ValidationError, saying why) a search with a control character (NUL would
    reach the database), or of more than SEARCH_MAX_CHARS characters or SEARCH_MAX_TERMS
    words: each word costs the full-text query, the fuzzy name match and the highlighting
    of the results. Words are counted as the search reads them: each word of a phrase
    counts, ``or`` does not."""
    if CONTROL_CHARACTERS.search(q):
        raise ValidationError(CONTROL_CHARACTERS_MESSAGE)
    if len(q) > settings.SEARCH_MAX_CHARS:
        raise ValidationError(
            f"A search takes at most {settings.SEARCH_MAX_CHARS} characters; this one has {len(q)}."
        )
    words = sum(len(term.split()) for group in websearch_terms(q) for term, _ in group)
    if words > settings.SEARCH_MAX_TERMS:
        raise ValidationError(
            f"A search takes at most {settings.SEARCH_MAX_TERMS} words; this one has {words}."
            " Leave some out."
        )


class ILikeContains(Lookup):
    """PostgreSQL: the text contains the value, whatever the case, as ILIKE (which pg_trgm's
    GIN indexes serve; Django's icontains compares UPPER() of both, which they do not)."""

    lookup_name = "ilike_contains"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        pattern = [f"%{connection.ops.prep_for_like_query(p)}%" for p in rhs_params]
        return f"{lhs}::text ILIKE {rhs}", [*lhs_params, *pattern]


def speakers_named(q: str) -> QuerySet[Speaker]:
    """Speakers any of whose names match ``q``: contains it, or is close to it by trigram
    similarity, for misspellings ("Stoltenburg", "Hilary"): pg_trgm on PostgreSQL, the same
    measure in Python on SQLite (:func:`claims.names.trigram_similarity`; the local run's
    database is small)."""
    alias = SpeakerAlias.objects.filter(speaker=OuterRef("pk"))
    matches = alias.filter(Q(name__icontains=q) | Q(normalised__icontains=name_key(q)))
    if connection.vendor == "postgresql":
        # each test found in a trigram index (migrations 0004, 0020), the speakers' ids
        # gathered once; pg_trgm's % operator is a similarity above its similarity_threshold
        # (0.3, the FUZZY_THRESHOLD). Tested for each speaker, with similarity(), the search
        # read every alias: 300 ms at 40,000 speakers.
        aliases = SpeakerAlias.objects.filter(
            ILikeContains(F("name"), Value(q))
            | ILikeContains(F("normalised"), Value(name_key(q)))
            | TrigramSimilar(F("name"), Value(q))
        )
        named = Speaker.objects.filter(ILikeContains(F("name"), Value(q))).values("pk")
        return Speaker.objects.filter(pk__in=aliases.values("speaker_id").union(named))
    names = (
        SpeakerAlias.objects.order_by()
        .values_list("speaker_id", "name")
        .union(Speaker.objects.order_by().values_list("id", "name"))
    )
    close = {pk for pk, name in names if trigram_similarity(name, q) > FUZZY_THRESHOLD}
    return Speaker.objects.filter(Exists(matches) | Q(name__icontains=q) | Q(pk__in=close))


# Search by meaning keeps at most this many statements.
MEANING_LIMIT = 100
MEANING_MAX_CHARS = 1000


def meaning_check(value: str) -> None:
    """A text to search by meaning: at most MEANING_MAX_CHARS characters, no control
    characters."""
    if len(value) > MEANING_MAX_CHARS:
        raise ValidationError(f"At most {MEANING_MAX_CHARS} characters.")
    if CONTROL_CHARACTERS.search(value):
        raise ValidationError(CONTROL_CHARACTERS_MESSAGE)


class QuoteFilter(FilterSet):
    speaker = django_filters.CharFilter(
        method="by_speaker", help_text="A speaker's id, slug or any of their names."
    )
    article = IdFilter(field_name="article_id", help_text="An article's id.")
    claim = IdFilter(field_name="claims", help_text="A claim's id: the quotes attached to it.")
    outlet = django_filters.CharFilter(field_name="article__outlet", lookup_expr="iexact")
    kind = django_filters.ChoiceFilter(choices=Quote.Kind.choices)
    published_after = django_filters.DateFilter(
        field_name="published_on", lookup_expr="gte", help_text="On or after (ISO date)."
    )
    published_before = django_filters.DateFilter(
        field_name="published_on", lookup_expr="lte", help_text="On or before."
    )
    verdict = django_filters.ChoiceFilter(
        choices=Verdict.choices, method="by_verdict", help_text="A verdict of a claim it is in."
    )
    verified = BooleanFilter(help_text="true or false (or 1 or 0).")
    rejected = BooleanFilter(help_text="Rejected statements are left out unless this is true.")
    confidence_below = django_filters.NumberFilter(
        field_name="confidence",
        lookup_expr="lt",
        help_text="Only statements the extractor was less sure of (its speaker resolution"
        " included); the review list uses 0.4.",
    )
    q = django_filters.CharFilter(
        method="search",
        validators=[search_check],
        help_text='Full-text search: words, "a phrase", -excluded, or (at most SEARCH_MAX_TERMS'
        " words and SEARCH_MAX_CHARS characters, 20 and 200 by default).",
    )

    q_meaning = django_filters.CharFilter(
        method="by_meaning",
        validators=[meaning_check],
        help_text=f"Search by meaning: the {MEANING_LIMIT} statements closest in meaning to this"
        f" text (cosine similarity of their embeddings at least {MIN_SCORE}), among those the"
        " other filters keep; listed newest first like every list. For the closest first,"
        " with scores, see `quotes/{id}/similar/`.",
    )

    class Meta:
        model = Quote
        fields: list[str] = []

    def filter_queryset(self, queryset):
        if self.form.cleaned_data.get("rejected") is None:
            queryset = self.unfiltered(queryset)
        return super().filter_queryset(queryset)

    @staticmethod
    def unfiltered(queryset):
        """Rejected statements are left out unless asked for."""
        return queryset.filter(rejected=False)

    def by_speaker(self, queryset, name, value):
        """The speaker by id, slug or any name form; a speaker merged into another stands
        for that one (:func:`claims.selectors.speaker_resolve`). Looked up first, so that the
        list query filters on a known id (the planner then picks the speaker's index)."""
        speaker = speaker_resolve(value)
        if speaker is None:
            return queryset.none()
        return queryset.filter(speaker_id=speaker.pk)

    def by_verdict(self, queryset, name, value):
        claims = Claim.objects.filter(quotes=OuterRef("pk"), verdict=value)
        return queryset.filter(Exists(claims))

    def search(self, queryset, name, value):
        return quote_search(queryset, value) if value.strip() else queryset

    def by_meaning(self, queryset, name, value):
        if not value.strip():
            return queryset
        found = quotes_nearest(text_vector(value), candidates=queryset, limit=MEANING_LIMIT)
        return queryset.filter(pk__in=[match.quote_id for match in found])


class SpeakerFilter(FilterSet):
    q = django_filters.CharFilter(
        method="by_name",
        validators=[search_check],
        help_text="Any of the speaker's names, fuzzy (at most SEARCH_MAX_TERMS"
        " words and SEARCH_MAX_CHARS characters, 20 and 200 by default).",
    )
    kind = django_filters.ChoiceFilter(choices=Speaker.Kind.choices)

    class Meta:
        model = Speaker
        fields: list[str] = []

    def by_name(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(pk__in=speakers_named(value).values("pk")) if value else queryset


class ClaimFilter(FilterSet):
    verdict = django_filters.ChoiceFilter(choices=Verdict.choices)
    speaker = django_filters.CharFilter(field_name="speaker__slug", help_text="A speaker's slug.")

    class Meta:
        model = Claim
        fields: list[str] = []


class ClaimEventFilter(FilterSet):
    claim = IdFilter(field_name="claim_id", help_text="A claim's id.")
    action = django_filters.ChoiceFilter(choices=ClaimEvent.Action.choices)

    class Meta:
        model = ClaimEvent
        fields: list[str] = []


class StatementGroupFilter(FilterSet):
    speaker = django_filters.CharFilter(
        method="by_speaker", help_text="A speaker's id, slug or any of their names."
    )

    class Meta:
        model = StatementGroup
        fields: list[str] = []

    def by_speaker(self, queryset, name, value):
        speaker = speaker_resolve(value)
        return queryset.filter(speaker_id=speaker.pk) if speaker else queryset.none()


class MisquoteAlertFilter(FilterSet):
    status = django_filters.ChoiceFilter(
        choices=MisquoteAlert.Status.choices, help_text="open (the default), confirmed, dismissed"
    )
    group = IdFilter(field_name="group_id", help_text="A statement group's id.")

    class Meta:
        model = MisquoteAlert
        fields: list[str] = []
