"""Rate limits, counted in the configured cache (CACHE_URL) so that every worker shares them:
per token for requests with one, per client address (core.net.client_ip) for the others."""

from rest_framework.throttling import SimpleRateThrottle

from core.net import client_ip


class TokenRateThrottle(SimpleRateThrottle):
    scope = "token"

    def get_cache_key(self, request, view):
        if request.auth is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class AddressRateThrottle(SimpleRateThrottle):
    scope = "address"

    def get_cache_key(self, request, view):
        if request.auth is not None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request._request) or "unknown"}
