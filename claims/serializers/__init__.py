"""The API's representation of speakers, quotes and claims, and of the writes on them, one
module per resource."""

from .changes import QuoteChangesSerializer
from .claims import (
    ClaimCreateSerializer,
    ClaimEventSerializer,
    ClaimQuotesRemoveSerializer,
    ClaimQuotesSerializer,
    ClaimSerializer,
    ClaimStatementSerializer,
    QuoteIdsField,
    RestrictedField,
    RestrictedFieldsSchema,
    VerdictSerializer,
    WithRestrictedFields,
)
from .common import NoteSerializer, StaleEditSerializer, version_field
from .groups import (
    MisquoteAlertSerializer,
    MisquoteReviewSerializer,
    QuoteGroupJoinSerializer,
    QuoteGroupLeaveSerializer,
    StatementGroupDetailSerializer,
    StatementGroupSerializer,
)
from .quotes import (
    QuoteCreateSerializer,
    QuoteInArticleSerializer,
    QuoteSerializer,
    QuoteUpdateSerializer,
    SimilarQuerySerializer,
    SimilarQuotesSerializer,
    quote_row,
)
from .speakers import (
    AliasCreateSerializer,
    SpeakerField,
    SpeakerIdentitySerializer,
    SpeakerMergeSerializer,
    SpeakerRefSerializer,
    SpeakerSerializer,
    SpeakerUnmergeSerializer,
    UnmergedSerializer,
)

__all__ = [
    "AliasCreateSerializer",
    "ClaimCreateSerializer",
    "ClaimEventSerializer",
    "ClaimQuotesRemoveSerializer",
    "ClaimQuotesSerializer",
    "ClaimSerializer",
    "ClaimStatementSerializer",
    "MisquoteAlertSerializer",
    "MisquoteReviewSerializer",
    "NoteSerializer",
    "QuoteGroupJoinSerializer",
    "QuoteGroupLeaveSerializer",
    "QuoteChangesSerializer",
    "QuoteCreateSerializer",
    "QuoteIdsField",
    "QuoteInArticleSerializer",
    "QuoteSerializer",
    "QuoteUpdateSerializer",
    "SimilarQuerySerializer",
    "SimilarQuotesSerializer",
    "RestrictedField",
    "RestrictedFieldsSchema",
    "SpeakerField",
    "SpeakerIdentitySerializer",
    "SpeakerMergeSerializer",
    "SpeakerRefSerializer",
    "SpeakerSerializer",
    "SpeakerUnmergeSerializer",
    "StatementGroupDetailSerializer",
    "StatementGroupSerializer",
    "StaleEditSerializer",
    "UnmergedSerializer",
    "VerdictSerializer",
    "WithRestrictedFields",
    "quote_row",
    "version_field",
]
