from django.db import connection
from django.http import JsonResponse


def healthz(request):
    """Health for load balancers and the compose healthcheck: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
