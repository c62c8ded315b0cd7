"""The pages of speakers, quotes, claims and watchlists, one module per resource."""

from .claims import (
    claim_attach,
    claim_detail,
    claim_index,
    claim_new,
    claim_statement,
    claim_verdict,
)
from .groups import group_detail, misquote_index, misquote_review, quote_ungroup
from .merges import speaker_merge, speaker_unmerge
from .queue import (
    claim_approve,
    claim_assign,
    claim_return,
    quote_assign,
    review_bulk,
    review_queue,
    review_statements,
)
from .quotes import (
    quote_add,
    quote_edit,
    quote_reject,
    quote_rejected_list,
    quote_restore,
    quote_verify,
)
from .share import claim_card, quote_card, quote_detail
from .speakers import (
    speaker_alias_add,
    speaker_alias_remove,
    speaker_detail,
    speaker_identity,
    speaker_index,
    speaker_review,
    speaker_suggestions_list,
)
from .watchlists import (
    watchlist_delete,
    watchlist_detail,
    watchlist_index,
    watchlist_token_revoke,
)

__all__ = [
    "claim_approve",
    "claim_assign",
    "claim_return",
    "quote_assign",
    "review_bulk",
    "review_queue",
    "review_statements",
    "claim_attach",
    "claim_card",
    "claim_detail",
    "claim_index",
    "claim_new",
    "claim_statement",
    "claim_verdict",
    "group_detail",
    "misquote_index",
    "misquote_review",
    "quote_add",
    "quote_card",
    "quote_detail",
    "quote_edit",
    "quote_reject",
    "quote_rejected_list",
    "quote_restore",
    "quote_ungroup",
    "quote_verify",
    "speaker_alias_add",
    "speaker_alias_remove",
    "speaker_detail",
    "speaker_identity",
    "speaker_index",
    "speaker_merge",
    "speaker_review",
    "speaker_suggestions_list",
    "speaker_unmerge",
    "watchlist_delete",
    "watchlist_detail",
    "watchlist_index",
    "watchlist_token_revoke",
]
