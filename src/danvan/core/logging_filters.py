"""Logging filters that keep secrets out of logs."""

from __future__ import annotations

import logging
import re

_SECRET = re.compile(
    r"(?i)(\w*(?:password|passwd|pwd|secret|token|api[_-]?key|csrfmiddlewaretoken|sessionid)"
    r"\w*|mật khẩu)"
    r"(['\"]?\s*[:=]\s*['\"]?)([^\s'\",&;]+)"
)
# user:password@ in a URL (DATABASE_URL, broker URLs).
_URL_CREDENTIALS = re.compile(r"(?i)([a-z][a-z0-9+.-]*://[^:/@\s]*:)([^@\s]+)(@)")


def redact(text: str) -> str:
    """Replace the value after any secret-looking key, and URL passwords, with ``***``."""
    text = _URL_CREDENTIALS.sub(lambda m: f"{m.group(1)}***{m.group(3)}", text)
    return _SECRET.sub(lambda m: f"{m.group(1)}{m.group(2)}***", text)


class RedactSecretsFilter(logging.Filter):
    """Redacts password, token and key values from every log record's message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        return True
