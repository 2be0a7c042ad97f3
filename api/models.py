"""Personal API tokens: a staff member's key to write through the API (api/views.py).

The key is shown once, when it is made; only its SHA-256 digest is stored, so a copy of the
database gives nobody a working key. Revoking a token (its holder, in the back office) ends it
at once: the next request with it gets 401.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.rights import Rights, RightsQuerySet

KEY_PREFIX = "lsn_"


def digest(key):
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(RightsQuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True, user__is_staff=True)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    label = models.CharField(_("label"), max_length=100, help_text=_("What uses it, e.g. the press office's script."))
    # The key's first characters, to tell tokens apart in the list.
    prefix = models.CharField(_("begins with"), max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()
    rights = Rights(holders="user", holders_see=True, private=["digest"])

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.label} ({self.prefix}…)"

    def new_key(self):
        """Give the token a new key and return it: the only time the key is known."""
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        self.prefix = key[: len(KEY_PREFIX) + 4]
        self.digest = digest(key)
        return key

    @classmethod
    def issue(cls, user, label):
        token = cls(user=user, label=label)
        key = token.new_key()
        token.save()
        return token, key

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    @property
    def is_revoked(self):
        return self.revoked_at is not None
