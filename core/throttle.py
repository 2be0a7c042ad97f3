"""Login throttling with django-axes: failures count per account and address, and per address.

An account that fails LOGIN_FAILURES_ALLOWED times from one address is paused there (it still
logs in from elsewhere, so nobody can lock anyone out); an address that fails
LOGIN_FAILURES_ALLOWED_PER_ADDRESS times, whatever the accounts, is paused for every account.
The counts live in axes' database tables, shared by every application server; the client's
address is core.net.client_ip's.
"""

import unicodedata

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

LOCKED_OUT = _("Too many failed attempts. Please wait a few minutes before trying again.")


def account_name(username):
    """The one spelling of a login name: NFKC, without any whitespace, casefolded.

    " ｐGerard\u00a0" and "PGERARD\t" both name "pgerard", so they share one count, and the
    login form authenticates that spelling only.
    """
    return "".join(unicodedata.normalize("NFKC", username).split()).casefold()


def username_for_axes(request, credentials):
    """AXES_USERNAME_CALLABLE: the account a login attempt names, as account_name() spells it."""
    field = get_user_model().USERNAME_FIELD
    username = (credentials or {}).get(field) or request.POST.get(field)
    return account_name(username) if username else None


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login page as rendered, its form saying why, instead of axes' bare page."""
    if not isinstance(original_response, HttpResponse):  # axes' asynchronous middleware passes none
        return HttpResponse(LOCKED_OUT, status=429)
    original_response.status_code = 429
    return original_response


class ThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit of its own for the address across accounts.

    Needs AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"], in that order.
    """

    def get_failures(self, request, credentials=None):
        account, address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        # Axes compares one count with one limit, AXES_FAILURE_LIMIT (the account's); shifted
        # thus, the address's count reaches it exactly when it reaches the address's own limit.
        return max(account, address - (settings.LOGIN_FAILURES_ALLOWED_PER_ADDRESS - settings.AXES_FAILURE_LIMIT))

    def reset_user_attempts(self, request, credentials=None):
        # A login forgives this account's failures from this address only: forgiving the
        # address's failures on other accounts would let one good login reopen guessing on them.
        account_attempts = self.filter_user_attempts(request, credentials)[0]
        return account_attempts.delete()[0]


class ThrottledAuthenticationForm(AdminAuthenticationForm):
    error_messages = {**AdminAuthenticationForm.error_messages, "throttled": LOCKED_OUT}

    def clean_username(self):
        username = account_name(self.cleaned_data["username"])
        # Django's login form sets the field's max_length without checking it.
        if len(username) > self.fields["username"].max_length:
            raise self.get_invalid_login_error()
        return username

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if getattr(self.request, "axes_locked_out", False):
                raise ValidationError(self.error_messages["throttled"], code="throttled") from None
            raise


def over_limit(name, key, limit, seconds=3600):
    """Count one more attempt at `name` by `key` (an address, an e-mail) in the current window of
    `seconds`; True once the count passes `limit`. Counted in the cache that every server shares."""
    counter = f"liaison:attempts:{name}:{key}"
    cache.add(counter, 0, seconds)
    try:
        count = cache.incr(counter)
    except ValueError:  # expired between add and incr
        cache.set(counter, 1, seconds)
        count = 1
    return count > limit
