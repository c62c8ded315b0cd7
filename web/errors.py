import sys

from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults
from django.views.decorators.cache import never_cache

from .health import health

API_PREFIX = "/api/"
# Errors of the database itself, not of the request: it is down or unreachable, refuses
# connections (too many), or lost one. Another try later may succeed.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER = 30  # seconds


@login_not_required
@never_cache
def healthz(request):
    """Health for load balancers, orchestrators and the compose healthcheck (open on a
    private instance too): each dependency (database, broker, cache) with its status and
    time; 200 while every required one (the database) is up, 503 otherwise
    (web.health)."""
    report, serving = health()
    return JsonResponse(report, status=200 if serving else 503)


def page_not_found(request, exception):
    """404: JSON under the API, the site's page elsewhere."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """500: JSON under the API, the site's page elsewhere. When the error was the database
    being unavailable (wherever it was raised: a view, a middleware loading the session),
    503 with ``Retry-After`` instead."""
    if _database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "Server error."}, status=500)
    return defaults.server_error(request)


def service_unavailable(request) -> HttpResponse:
    """503 with ``Retry-After``: JSON under the API, a page elsewhere rendered without the
    request (no context processor, so nothing that would ask the database)."""
    if request.path.startswith(API_PREFIX):
        detail = (
            "The service is temporarily unavailable: its database cannot be reached."
            f" Try again in {RETRY_AFTER} seconds."
        )
        response = JsonResponse({"detail": detail}, status=503)
    else:
        page = loader.render_to_string("503.html", {"retry_after": RETRY_AFTER})
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def _database_unavailable(exc: BaseException | None) -> bool:
    """``exc``, or an error it was raised from, is the database being unavailable."""
    while exc is not None:
        if isinstance(exc, DATABASE_UNAVAILABLE):
            return True
        exc = exc.__cause__
    return False
