"""The site's pages throttled like the API (health checks and static files never)."""

from __future__ import annotations

import math

from django.conf import settings
from django.shortcuts import render

from .requests import AnonRateThrottle, UserRateThrottle


class PageAnonRateThrottle(AnonRateThrottle):
    """The site's pages, anonymous visitors, by address (PAGE_THROTTLE_ANON)."""

    scope = "page_anon"

    def get_rate(self) -> str:
        return settings.PAGE_THROTTLE_ANON


class PageUserRateThrottle(UserRateThrottle):
    """The site's pages, signed-in users, by user (PAGE_THROTTLE_USER)."""

    scope = "page_user"

    def get_rate(self) -> str:
        return settings.PAGE_THROTTLE_USER


# Not pages: the API is throttled by DRF (counting it here too would count it twice), the
# health check must answer load balancers, static files cost nothing (WhiteNoise and
# runserver serve them before any middleware; this is in case something else does).
API_PREFIX = "/api/"


HEALTH_CHECK = "/healthz"


class PageThrottleMiddleware:
    """The API's sliding-window throttles applied to the site's pages: anonymous visitors by
    address, signed-in users by user; past the rate a 429 page with ``Retry-After``. Placed
    after the authentication middleware (it needs the user). Fails open with the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _is_page(request):
            for throttle in (PageAnonRateThrottle(), PageUserRateThrottle()):
                if not throttle.allow_request(request, None):
                    return _too_many_requests(request, throttle.wait())
        return self.get_response(request)


def _is_page(request) -> bool:
    path = request.path_info
    return not (
        path.startswith(API_PREFIX)
        or path == HEALTH_CHECK
        or request.path.startswith(settings.STATIC_URL)
    )


def _too_many_requests(request, wait: float):
    seconds = max(1, math.ceil(wait))
    response = render(request, "429.html", {"retry_after": seconds}, status=429)
    response["Retry-After"] = str(seconds)
    return response
