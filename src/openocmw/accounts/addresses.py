"""The client's address, as the audit log and the lockout record it (issue 9 §6).

Behind a reverse proxy every request comes from the proxy; ``settings.TRUSTED_PROXIES``
(``OPENOCMW_TRUSTED_PROXIES``) names the proxies whose ``X-Forwarded-For`` is believed.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _ip(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address for the audit log. ``X-Forwarded-For`` is believed only when the
    direct peer is one of ``settings.TRUSTED_PROXIES`` (addresses or networks); the client is
    then the right-most address in it that is not itself a trusted proxy. A malformed header
    falls back to the peer."""
    peer = request.META.get("REMOTE_ADDR") or None
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    peer_ip = _ip(peer or "")
    if not networks or peer_ip is None or not any(peer_ip in n for n in networks):
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [h for h in forwarded.split(",") if h.strip()]
    for hop in reversed(hops):
        hop_ip = _ip(hop)
        if hop_ip is None:
            return peer
        if not any(hop_ip in n for n in networks):
            return str(hop_ip)
    return peer
