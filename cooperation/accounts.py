"""Applicant accounts: registration, confirmation of the e-mail address, and their expiry.

Registration answers the same whatever the address ("check your mailbox"): the mail says what
happened, so the page never tells anyone whether an address has an account. An address of the
office's staff never becomes an applicant account. A registration not confirmed within
PASSWORD_RESET_TIMEOUT expires, and a new registration with its address replaces it: nobody can
hold someone else's address. A confirmation link works once (its token covers `verified_at`),
and never reactivates an account staff deactivated.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from cooperation import mail
from cooperation.models import ApplicantAccount
from core.throttle import account_name
from directory.models import StaffMember


class ConfirmationTokens(PasswordResetTokenGenerator):
    """Django's password-reset tokens, bound to the registration: confirmed, or replaced by a newer
    registration of the address, a link is spent."""

    key_salt = "cooperation.accounts.ConfirmationTokens"

    def _make_hash_value(self, user, timestamp):
        account = ApplicantAccount.objects.filter(user=user).first()
        registration = f"{account.registered_at}{account.verified_at}" if account else "no account"
        return f"{user.pk}{user.email}{user.password}{registration}{timestamp}"


confirmation_tokens = ConfirmationTokens()


def confirmation_path_args(user):
    return [urlsafe_base64_encode(force_bytes(user.pk)), confirmation_tokens.make_token(user)]


def is_staff_address(email):
    """An address of the office's staff: its directory, or any staff login."""
    User = get_user_model()
    return (
        StaffMember.objects.filter(email__iexact=email).exists()
        or User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email), is_staff=True).exists()
    )


@transaction.atomic
def registration_request(*, email, password, language, link):
    """Handle a registration: what the mail sent to `email` says depends on what the address is.

    `link(user)` gives the absolute address of a confirmation link. Returns what happened, for
    the tests and the logs: "staff", "known", "replaced" or "created".
    """
    email = email.strip().lower()
    User = get_user_model()
    existing = User.objects.filter(Q(username=account_name(email)) | Q(email__iexact=email)).first()
    if is_staff_address(email) or (existing is not None and existing.is_staff):
        transaction.on_commit(lambda: mail.send_staff_address_refused(email, language))
        return "staff"
    account = ApplicantAccount.objects.filter(user=existing).first() if existing else None
    if existing is not None and (account is None or account.verified_at is not None):
        transaction.on_commit(lambda: mail.send_already_registered(existing, language))
        return "known"
    if existing is None:
        existing = User(username=account_name(email), email=email, is_active=False)
        outcome = "created"
    else:
        outcome = "replaced"  # an unconfirmed registration: whoever confirms this one holds the address
    existing.set_password(password)
    existing.save()
    ApplicantAccount.objects.update_or_create(
        user=existing, defaults={"registered_at": timezone.now(), "verified_at": None}
    )
    transaction.on_commit(lambda: mail.send_verification(existing, link(existing), language))
    return outcome


@transaction.atomic
def confirmation_use(*, uidb64, token):
    """The user whose address this link confirms, now active; None for a spent, expired or wrong link."""
    try:
        pk = force_str(urlsafe_base64_decode(uidb64))
    except (TypeError, ValueError, OverflowError):
        return None
    account = ApplicantAccount.objects.select_for_update().filter(user__pk=pk if pk.isdigit() else None).first()
    if account is None or account.verified_at is not None:
        return None
    user = account.user
    if not confirmation_tokens.check_token(user, token):
        return None
    account.verified_at = timezone.now()
    account.save()
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user


def registrations_expire(*, now=None):
    """Delete the registrations never confirmed in time (and their logins, which never logged in)."""
    expired = ApplicantAccount.objects.expired(now or timezone.now())
    users = get_user_model().objects.filter(applicant_account__in=expired, last_login__isnull=True, is_staff=False)
    count = users.count()
    users.delete()
    return count
