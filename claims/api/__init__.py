"""The REST API of speakers, quotes, claims and statement groups, one module per resource:
thin views over selectors and services."""

from .changes import QuoteChanges
from .claims import ClaimEventViewSet, ClaimViewSet
from .exports import QuoteExport
from .groups import MisquoteAlertViewSet, StatementGroupViewSet
from .quotes import QuoteViewSet
from .speakers import SpeakerViewSet

__all__ = [
    "ClaimEventViewSet",
    "ClaimViewSet",
    "MisquoteAlertViewSet",
    "QuoteChanges",
    "QuoteExport",
    "QuoteViewSet",
    "SpeakerViewSet",
    "StatementGroupViewSet",
]
