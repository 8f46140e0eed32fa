"""The address and request id of the request being served, for the audit log.

Bound by ``RequestContextMiddleware``; empty in commands and background tasks.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None = None
    request_id: str = ""


_current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "danvan_request_context",
    default=RequestContext(),  # noqa: B039
)


def bind(*, ip_address: str | None, request_id: str) -> contextvars.Token[RequestContext]:
    return _current.set(RequestContext(ip_address=ip_address, request_id=request_id))


def reset(token: contextvars.Token[RequestContext]) -> None:
    _current.reset(token)


def current() -> RequestContext:
    return _current.get()
