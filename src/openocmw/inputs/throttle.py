"""A flood from one address is slowed, not stored: a counter per client address and scope.

``allow(request, scope, limit=..., window=...)`` is true for the first ``limit`` calls per
``window`` seconds from one address and scope, false after that (the caller answers 429 and
stores nothing). The address is only hashed into a cache key (Django's cache) and never written
to the database. With the default local-memory cache the count is per server process: a server
with several processes needs a shared cache (``CACHES``: the database or Redis cache), or a
flood is counted once per process.

Used by the circle's anonymous questionnaire (20 answers per 10 minutes) and the public online
request form (``public.request``).
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

from openocmw.accounts.addresses import client_ip

LIMIT = 20
WINDOW = 600


def allow(request, scope: str, *, limit: int = LIMIT, window: int = WINDOW) -> bool:
    address = client_ip(request) or "unknown"
    key = "throttle:" + hashlib.sha256(f"{scope}|{address}".encode()).hexdigest()
    if cache.add(key, 1, window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window)
        return True
    return count <= limit
