"""What the API's write views share: a stale edit answers 409 with what changed."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse
from rest_framework import status
from rest_framework.response import Response

from .. import services
from ..conflicts import conflict_of
from ..serializers import (
    StaleEditSerializer,
)


class StaleEditsAre409:
    """A change made from an older ``version`` than the stored one answers 409 Conflict with
    what changed since (from the history) and the row as it is now; nothing was saved."""

    def handle_exception(self, exc):
        if isinstance(exc, services.StaleEdit):
            body = {**conflict_of(exc).as_dict(), "current": self._fresh(exc.current)}
            return Response(body, status=status.HTTP_409_CONFLICT)
        return super().handle_exception(exc)


STALE = OpenApiResponse(StaleEditSerializer, description="Changed since the version sent.")
