from django.db import DatabaseError, connection
from django.http import HttpResponse


def health(request):
    """200 once the database answers, 503 while it does not: what a load balancer asks."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable", content_type="text/plain", status=503)
    return HttpResponse("ok", content_type="text/plain")
