"""The client's address, the same for the login throttle and the audit."""

import ipaddress

from django.conf import settings


def client_ip(request):
    """REMOTE_ADDR, or behind BEHIND_PROXY trusted proxies, the address the outermost of them saw.

    Each proxy appends the address it was reached from to X-Forwarded-For, so the N-th entry
    from the right is the client's; anything to its left is the client's to forge. A header
    shorter than that, or an entry that is not an address, means the request did not come
    through the proxies as configured: the connection's own address is used then.
    """
    proxies = settings.BEHIND_PROXY
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if proxies and len(forwarded) >= proxies and _is_address(forwarded[-proxies]):
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def _is_address(text):
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
