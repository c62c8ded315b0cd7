"""The REST API of speakers, quotes and claims, one module per resource: thin views over
selectors and services."""

from .changes import QuoteChanges
from .claims import ClaimEventViewSet, ClaimViewSet
from .exports import QuoteExport
from .quotes import QuoteViewSet
from .speakers import SpeakerViewSet

__all__ = [
    "ClaimEventViewSet",
    "ClaimViewSet",
    "QuoteChanges",
    "QuoteExport",
    "QuoteViewSet",
    "SpeakerViewSet",
]
