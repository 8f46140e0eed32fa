"""Fixed-window rate limits kept in Django's cache (Redis in production, process memory in
the embedded mode), for the views that DRF's throttles do not cover (Open311, the portal)."""

from __future__ import annotations

PERIODS = {"s": 1, "sec": 1, "min": 60, "m": 60, "hour": 3600, "h": 3600, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "60/min" → (60, 60 seconds)."""
    count, _slash, period = rate.partition("/")
    return int(count), PERIODS[period or "min"]


def allow(bucket: str, ident: str, rate: str) -> bool:
    """Count one more request of ``ident`` in ``bucket``; False once over ``rate``.  The
    window starts at the first request (its time kept for ``retry_after``).

    A counted request is an increment (two round trips to Redis); only the first of a window
    adds the counter.  Should the counter expire between Django's existence check and the
    increment, Redis makes a new one with no expiry: it is given its window again, or it
    would count up for ever and lock the caller out."""
    import time

    from django.core.cache import cache

    limit, seconds = parse_rate(rate)
    key = f"throttle:{bucket}:{ident}"
    try:
        count = int(cache.incr(key))
    except ValueError:  # no counter: this request opens the window
        if cache.add(key, 1, seconds):
            cache.set(f"{key}:start", time.time(), seconds)
            return limit >= 1
        try:
            count = int(cache.incr(key))  # another request opened it meanwhile
        except ValueError:  # and it expired at once: nothing to count against
            return True
    if count == 1:
        cache.touch(key, seconds)
        cache.set(f"{key}:start", time.time(), seconds)
    return count <= limit


def retry_after(bucket: str, ident: str, rate: str) -> float:
    """Seconds until the window of ``ident`` in ``bucket`` ends (the whole window when its
    start is unknown)."""
    import time

    from django.core.cache import cache

    _limit, seconds = parse_rate(rate)
    start = cache.get(f"throttle:{bucket}:{ident}:start")
    if start is None:
        return float(seconds)
    return max(1.0, float(start) + seconds - time.time())


def exceeded(bucket: str, ident: str, rate: str) -> bool:
    """Whether ``ident`` is already at its limit, without counting a request (for limits
    that count only what succeeded, or only what failed: then call ``allow`` after)."""
    from django.core.cache import cache

    limit, _seconds = parse_rate(rate)
    return int(cache.get(f"throttle:{bucket}:{ident}", 0)) >= limit


def address_key(address: str | None) -> str:
    """The unit a client address is counted by: an IPv4 address, or the /64 network of an
    IPv6 address (one subscriber's devices, which each get their own address)."""
    import ipaddress

    if not address:
        return "-"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
