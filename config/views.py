from django.db import connection
from django.http import JsonResponse


def healthz(request):
    """Liveness and readiness for load balancers and the compose healthcheck: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
