from django.db import connection
from django.http import HttpResponse


def health(request):
    """200 once the database answers; anything else is a failure the load balancer sees."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
