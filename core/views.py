import hmac
import logging
import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views.defaults import server_error as django_server_error

from core import operations

logger = logging.getLogger(__name__)

# Seconds a client is asked to wait while the database is away (a restart takes a few).
RETRY_AFTER_SECONDS = 5


def health(request):
    """200 once the database answers, 503 while it does not: what a load balancer asks.

    With ?deep=1 and the monitoring token (MONITORING_TOKEN, as `Authorization: Bearer TOKEN`
    or ?token=): the workers, the sending backlog, the routines, the last backup, the database
    and the cache as JSON (core.operations), 503 when something needs a person.
    """
    if request.GET.get("deep"):
        return deep_health(request)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable", content_type="text/plain", status=503)
    return HttpResponse("ok", content_type="text/plain")


def deep_health(request):
    expected = settings.MONITORING_TOKEN
    given = request.GET.get("token", "")
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        given = header.removeprefix("Bearer ").strip()
    if not expected:
        return HttpResponse("deep health is off: MONITORING_TOKEN is not set", content_type="text/plain", status=404)
    if not hmac.compare_digest(given.encode(), expected.encode()):
        return HttpResponse("a valid monitoring token is needed", content_type="text/plain", status=403)
    found = operations.status()
    response = JsonResponse({"ok": not found["problems"], **found}, status=503 if found["problems"] else 200)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """handler500: a lost database is a translated 503 with Retry-After, not a 500.

    Django calls this while handling the exception, wherever it was raised (a view or a
    middleware), so sys.exc_info() names it. The page needs no database.
    """
    error = sys.exc_info()[1]
    # The driver's own errors too: closing a server-side cursor (a select's choices read with
    # .iterator() on PostgreSQL) raises psycopg's, which Django does not wrap.
    lost = (OperationalError, InterfaceError, connection.Database.OperationalError, connection.Database.InterfaceError)
    if not isinstance(error, lost):
        return django_server_error(request)
    logger.warning("Database unavailable, answered 503: %s", (str(error).strip().splitlines() or [""])[0])
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # One line in the log instead of a traceback per request while the database restarts.
    response._has_been_logged = True
    return response
