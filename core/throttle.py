"""Login throttling: after a few failed logins for one account from one address, pause.

Counts live in the cache (a database table by default), so every application server
shares them.
"""

import hashlib

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def _key(username, address):
    digest = hashlib.sha256(f"{username.casefold()}|{address}".encode()).hexdigest()
    return f"login-failures:{digest}"


class ThrottledAuthenticationForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "throttled": _("Too many failed attempts. Please wait a few minutes before trying again."),
    }

    def clean(self):
        key = _key(self.data.get("username", ""), self.request.META.get("REMOTE_ADDR", "") if self.request else "")
        if cache.get(key, 0) >= settings.LOGIN_FAILURES_ALLOWED:
            raise ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            return super().clean()
        except ValidationError:
            cache.set(key, cache.get(key, 0) + 1, settings.LOGIN_PAUSE_SECONDS)
            raise
