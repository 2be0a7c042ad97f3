"""`Authorization: Bearer <key>`: a staff member's personal token (api.models.ApiToken)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from api.models import ApiToken, digest

# last_used_at is written at most this often per token, not on every request.
USE_STAMP_EVERY = datetime.timedelta(minutes=1)


class TokenAuthentication(BaseAuthentication):
    keywords = (b"bearer", b"token")

    def authenticate(self, request):
        words = get_authorization_header(request).split()
        if not words or words[0].lower() not in self.keywords:
            return None
        if len(words) != 2:
            raise AuthenticationFailed(_("Give the token after the word Bearer, with nothing else."))
        try:
            key = words[1].decode()
        except UnicodeDecodeError:
            raise AuthenticationFailed(_("This token is unknown or revoked.")) from None
        token = ApiToken.objects.usable().select_related("user").filter(digest=digest(key)).first()
        if token is None:
            raise AuthenticationFailed(_("This token is unknown or revoked."))
        now = timezone.now()
        if token.last_used_at is None or token.last_used_at < now - USE_STAMP_EVERY:
            # update(): no signal, so using a token empties no cache and writes no audit entry.
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'
