"""Who said what: speakers, quotes, claims, the history of what people decided about them.
One module per subject; everything is importable from ``claims.models``."""

from .claims import STATUS_SETTABLE, Claim, Status, Verdict
from .embeddings import QuoteEmbedding, VectorCell, VectorIndex
from .groups import GroupExclusion, GroupMember, MisquoteAlert, StatementGroup
from .history import AppendOnly, ClaimEvent, QuoteEvent, SpeakerEvent
from .quotes import Quote, QuoteDeletion
from .speakers import Speaker, SpeakerAlias
from .watchlists import Watchlist

__all__ = [
    "STATUS_SETTABLE",
    "AppendOnly",
    "Claim",
    "GroupExclusion",
    "GroupMember",
    "MisquoteAlert",
    "ClaimEvent",
    "Quote",
    "QuoteDeletion",
    "QuoteEmbedding",
    "VectorCell",
    "VectorIndex",
    "QuoteEvent",
    "Speaker",
    "SpeakerAlias",
    "SpeakerEvent",
    "StatementGroup",
    "Status",
    "Verdict",
    "Watchlist",
]
