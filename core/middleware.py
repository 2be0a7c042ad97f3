import time
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.db import transaction
from django.http import HttpResponse
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Browser features Liaison never uses, refused to its pages and to anything they embed.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)

# Seconds the recorded last activity may lag behind, so that a session is not written on
# every request.
ACTIVITY_RESOLUTION = 60
LAST_ACTIVITY = "liaison_last_activity"


class RequestSizeMiddleware:
    """A request larger than REQUEST_MAX_BYTES is answered 413 before its body is read.

    Forms refuse a file over UPLOAD_MAX_BYTES with a message at the field; this bounds what the
    server reads at all, so that a 150 MB upload costs nothing. A proxy in front should refuse
    the same size (nginx: client_max_body_size).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            context = {"limit": settings.REQUEST_MAX_BYTES, "file_limit": settings.UPLOAD_MAX_BYTES}
            return HttpResponse(loader.render_to_string("413.html", context, request), status=413)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def start_session_clock(session):
    """Count the session's activity from now, and pin its end SESSION_COOKIE_AGE away.

    Django counts SESSION_COOKIE_AGE again from each save of the session, and recording the
    activity saves it: a fixed date keeps activity from pushing the end back.
    """
    session.set_expiry(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE))
    session[LAST_ACTIVITY] = int(time.time())


def start_session_clock_on_login(sender, request, user, **kwargs):
    start_session_clock(request.session)


class SessionIdleTimeoutMiddleware:
    """Log out a session that had no request for SESSION_IDLE_SECONDS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Without a session cookie there is nobody to log out, and the session stays untouched
        # (so public pages do not vary on the cookie).
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            self.check_activity(request)
        return self.get_response(request)

    def check_activity(self, request):
        session, now = request.session, int(time.time())
        last = session.get(LAST_ACTIVITY)
        if last is None:  # logged in before Liaison kept the clock
            start_session_clock(session)
        elif now - last > settings.SESSION_IDLE_SECONDS:
            logout(request)
            messages.info(request, _("Your session ended after a period without activity. Please log in again."))
        elif now - last >= ACTIVITY_RESOLUTION:
            session[LAST_ACTIVITY] = now


class AtomicWritesMiddleware:
    """ATOMIC_REQUESTS for the requests that may write, and only for them.

    A GET or HEAD runs in autocommit: it opens no transaction, so on SQLite it never queues
    for the write lock (BEGIN IMMEDIATE) behind another worker. Any other method runs in one
    transaction, rolled back if the view fails.
    """

    READS = ("GET", "HEAD", "OPTIONS")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in self.READS:
            return self.get_response(request)
        with transaction.atomic():
            response = self.get_response(request)
            if response.status_code >= 500 or getattr(request, "_view_failed", False):
                transaction.set_rollback(True)
        return response

    def process_exception(self, request, exception):
        # The view's exception becomes a response (a 403 page, which reads the database) before
        # it reaches __call__: note it, and roll back there once that page is rendered.
        request._view_failed = True
