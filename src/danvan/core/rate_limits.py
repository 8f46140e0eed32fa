"""Fixed-window rate limits kept in Django's cache (Redis in production, process memory in
the embedded mode), for the views that DRF's throttles do not cover (Open311, the portal)."""

from __future__ import annotations

PERIODS = {"s": 1, "sec": 1, "min": 60, "m": 60, "hour": 3600, "h": 3600, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "60/min" → (60, 60 seconds)."""
    count, _slash, period = rate.partition("/")
    return int(count), PERIODS[period or "min"]


def allow(bucket: str, ident: str, rate: str) -> bool:
    """Count one more request of ``ident`` in ``bucket``; False once over ``rate``."""
    from django.core.cache import cache

    limit, seconds = parse_rate(rate)
    key = f"throttle:{bucket}:{ident}"
    if cache.add(key, 1, seconds):
        return limit >= 1
    try:
        return int(cache.incr(key)) <= limit
    except ValueError:  # expired between add and incr
        cache.add(key, 1, seconds)
        return True
