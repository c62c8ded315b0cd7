"""Who said what: speakers, quotes, claims, the history of what people decided about them,
and API tokens. One module per subject; everything is importable from ``claims.models``."""

from .claims import Claim, Verdict
from .history import AppendOnly, ClaimEvent, QuoteEvent, SpeakerEvent
from .quotes import Quote
from .speakers import Speaker, SpeakerAlias
from .tokens import ApiToken, IdempotentRequest

__all__ = [
    "ApiToken",
    "AppendOnly",
    "Claim",
    "ClaimEvent",
    "IdempotentRequest",
    "Quote",
    "QuoteEvent",
    "Speaker",
    "SpeakerAlias",
    "SpeakerEvent",
    "Verdict",
]
