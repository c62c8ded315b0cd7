"""Writes to who-said-what, one module per sub-domain: ``speakers`` (found by name, aliases,
identity), ``embeddings`` (what statements mean, as vectors), ``vector_index`` (their cells,
for search at scale), ``group_updates`` and ``groups`` (one statement across outlets: the
worker's grouping; editors' moves and misquote alerts), ``merges`` (merging speakers, and
undoing a merge), ``public_figures`` (the seed of known speakers), ``attributions`` (the
machine's store), ``quotes`` (editors' corrections), ``claims`` (claims and verdicts),
``review`` (the desk's workflow: assignees, statuses, a verdict's second review),
``watchlists`` and ``digests`` (saved searches and their daily email) and ``versions``
(stale edits refused). Every human decision is kept as an event. Callers import
from here: ``from claims import services``."""

from .attributions import SpeakerCache, attributions_store, is_name_form
from .checkworthiness import claims_checkworthiness_update, quotes_checkworthiness_fill
from .claims import (
    QuoteInClaim,
    claim_appearance_update,
    claim_create,
    claim_quotes_add,
    claim_quotes_remove,
    claim_statement_set,
    claim_verdict_set,
)
from .digests import watchlist_digests_send
from .embeddings import quote_embedding_drop, quote_embeddings_fill, quotes_unembedded
from .group_updates import statement_groups_update
from .groups import (
    misquote_alert_review,
    misquotes_find,
    quote_group_join,
    quote_group_leave,
    quote_groups_corrected,
)
from .merges import Unmerged, speaker_merge, speaker_unmerge
from .public_figures import SpeakersLoaded, speakers_load
from .quotes import QUOTE_EDITABLE, quote_create, quote_update
from .review import (
    assignee_check,
    claim_verdict_approve,
    claim_verdict_draft,
    claim_verdict_return,
    claim_verdict_submit,
    claims_assign,
    claims_status_set,
)
from .speakers import (
    qid_clean,
    speaker_alias_add,
    speaker_alias_create,
    speaker_alias_remove,
    speaker_check_unmerged,
    speaker_for_name,
    speaker_identity_set,
)
from .statement_review import BULK_ACTIONS, quotes_assign, quotes_attach, quotes_flag, review_bulk
from .vector_index import vector_index_build, vector_index_drop, vector_index_refresh
from .versions import StaleEdit
from .watchlists import (
    watchlist_create,
    watchlist_delete,
    watchlist_token_revoke,
    watchlist_update,
    watchlist_visit,
)

__all__ = [
    "QUOTE_EDITABLE",
    "BULK_ACTIONS",
    "assignee_check",
    "claim_verdict_approve",
    "claim_verdict_draft",
    "claim_verdict_return",
    "claim_verdict_submit",
    "claims_assign",
    "claims_status_set",
    "quotes_assign",
    "quotes_attach",
    "quotes_flag",
    "review_bulk",
    "QuoteInClaim",
    "SpeakerCache",
    "SpeakersLoaded",
    "StaleEdit",
    "Unmerged",
    "attributions_store",
    "claim_appearance_update",
    "claim_create",
    "claims_checkworthiness_update",
    "quotes_checkworthiness_fill",
    "claim_quotes_add",
    "claim_quotes_remove",
    "claim_statement_set",
    "claim_verdict_set",
    "is_name_form",
    "misquote_alert_review",
    "misquotes_find",
    "qid_clean",
    "quote_create",
    "quote_embedding_drop",
    "quote_embeddings_fill",
    "vector_index_build",
    "vector_index_drop",
    "vector_index_refresh",
    "quote_group_join",
    "quote_group_leave",
    "quote_groups_corrected",
    "quotes_unembedded",
    "quote_update",
    "speaker_alias_add",
    "speaker_alias_create",
    "speaker_alias_remove",
    "speaker_check_unmerged",
    "speaker_for_name",
    "speaker_identity_set",
    "speaker_merge",
    "speaker_unmerge",
    "speakers_load",
    "statement_groups_update",
    "watchlist_create",
    "watchlist_delete",
    "watchlist_digests_send",
    "watchlist_token_revoke",
    "watchlist_update",
    "watchlist_visit",
]
