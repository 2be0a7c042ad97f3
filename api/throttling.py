"""Rate limits, counted in the configured cache (CACHE_URL) so that every worker shares them:
per token for requests with one, per client address (core.net.client_ip) for the others.

A window opens at a client's first request and lasts the rate's period; its requests beyond
the allowed number get 429, with Retry-After the seconds until the window closes.

Writing the shared count on every request would cost a cache write each (2 ms on the file
cache of one server). A worker so counts a client's requests itself and adds them to the shared
count every FLUSH requests, as long as the count it last read and its own are below half the
limit; past that, every request adds itself to the shared count and reads it back. A client
near its limit is so counted exactly across workers; far below it, the shared count lags by
fewer than FLUSH requests per worker.
"""

import threading
import time

from django.core.cache import cache
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from core.net import client_ip

FLUSH = 100
_local = {}  # key -> [window start, shared count last read, requests not yet added to it]
_lock = threading.Lock()


class WindowThrottle(BaseThrottle):
    scope = None

    def __init__(self):
        rate = SimpleRateThrottle.THROTTLE_RATES[self.scope]
        self.allowed, self.period = SimpleRateThrottle.parse_rate(None, rate)
        self.wait_seconds = None

    def ident(self, request):
        raise NotImplementedError

    def allow_request(self, request, view):
        ident = self.ident(request)
        if ident is None:
            return True
        key = f"liaison:throttle:{self.scope}:{ident}"
        now = time.time()
        with _lock:
            state = _local.get(key)
            if state and now < state[0] + self.period and state[2] + 1 < FLUSH:
                if (state[1] + state[2] + 1) * 2 < self.allowed:
                    state[2] += 1
                    return True
            pending = state[2] if state and now < state[0] + self.period else 0
            _local.pop(key, None)
        start, count = self._add(key, pending + 1, now)
        with _lock:
            _local[key] = [start, count, 0]
            if len(_local) > 10000:  # forget the oldest clients
                for old in list(_local)[:1000]:
                    _local.pop(old, None)
        if count <= self.allowed:
            return True
        self.wait_seconds = max(1, int(start + self.period - now) + 1)
        return False

    def _add(self, key, requests, now):
        """Add `requests` to the shared count of the current window: (window start, new count)."""
        if cache.add(f"{key}:start", now, self.period):
            cache.set(f"{key}:count", requests, self.period)
            return now, requests
        try:
            count = cache.incr(f"{key}:count", requests)
        except ValueError:  # the count expired before the start: a new window
            cache.set(f"{key}:start", now, self.period)
            cache.set(f"{key}:count", requests, self.period)
            return now, requests
        return cache.get(f"{key}:start") or now, count

    def wait(self):
        return self.wait_seconds


class TokenRateThrottle(WindowThrottle):
    scope = "token"

    def ident(self, request):
        return None if request.auth is None else request.auth.pk


class AddressRateThrottle(WindowThrottle):
    scope = "address"

    def ident(self, request):
        if request.auth is not None:
            return None
        return client_ip(request._request) or "unknown"
