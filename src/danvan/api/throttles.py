"""Rate limits of the API: per partner key, per officer, per client address.

Each is a fixed-window counter in Django's cache (Redis in production, process memory in
the embedded mode; ``core.rate_limits``): a window starts at a caller's first request and a
request costs an increment, whatever the rate.  (DRF's ``SimpleRateThrottle`` keeps every
request's time in a list read and written whole at each request: at a partner's 200 filings
a second under a high limit, 12,000 timestamps twice a request.)  Rates come from settings
(``API_RATE_KEY``, ``API_RATE_USER``, ``API_RATE_ANON``, ``OPEN311_RATE_POST``) so a
province can tune them."""

from __future__ import annotations

import abc
from typing import Any

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from danvan.api.models import ApiClient
from danvan.core import rate_limits


class CounterThrottle(BaseThrottle, abc.ABC):
    """A limit counted in ``bucket`` per ``ident``, at the rate named by ``setting``."""

    bucket = ""
    setting = ""
    default_rate = ""

    @abc.abstractmethod
    def ident(self, request: Any) -> str | None:
        """Whom a request counts against (a key, an officer, an address), or None when this
        limit does not apply to it."""

    def allow_request(self, request: Any, view: Any) -> bool:
        self._wait: float | None = None
        ident = self.ident(request)
        if ident is None:
            return True
        rate = str(getattr(settings, self.setting, self.default_rate))
        if rate_limits.allow(self.bucket, ident, rate):
            return True
        self._wait = rate_limits.retry_after(self.bucket, ident, rate)
        return False

    def wait(self) -> float | None:
        return self._wait


class ApiKeyThrottle(CounterThrottle):
    bucket = "api_key"
    setting = "API_RATE_KEY"
    default_rate = "600/min"

    def ident(self, request: Any) -> str | None:
        return str(request.auth.pk) if isinstance(request.auth, ApiClient) else None


class OfficerThrottle(CounterThrottle):
    bucket = "api_user"
    setting = "API_RATE_USER"
    default_rate = "300/min"

    def ident(self, request: Any) -> str | None:
        if request.user and request.user.is_authenticated and request.auth is None:
            return str(request.user.pk)
        return None


class AddressThrottle(CounterThrottle):
    """Every caller, by client address (behind ``TRUSTED_PROXY_COUNT`` proxies)."""

    bucket = "api_address"
    setting = "API_RATE_ANON"
    default_rate = "1200/min"

    def ident(self, request: Any) -> str | None:
        from danvan.core.middleware import client_ip

        return rate_limits.address_key(client_ip(request))
