"""A flood of questionnaire answers from one address is slowed, not stored.

At most ``LIMIT`` answers per ``WINDOW`` seconds per client address and questionnaire. The
address is only hashed into a cache key (Django's cache; per process with the default local
memory cache) and never written to the database: the questionnaire stays anonymous.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

from openocmw.accounts.addresses import client_ip

LIMIT = 20
WINDOW = 600


def allow(request, scope: str) -> bool:
    address = client_ip(request) or "unknown"
    key = "circle-throttle:" + hashlib.sha256(f"{scope}|{address}".encode()).hexdigest()
    if cache.add(key, 1, WINDOW):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, WINDOW)
        return True
    return count <= LIMIT
