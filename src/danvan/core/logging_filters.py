"""Logging filters that keep secrets out of logs."""

from __future__ import annotations

import logging
import re

_SECRET = re.compile(
    r"(?i)(password|passwd|mật khẩu|secret|token|api[_-]?key|csrfmiddlewaretoken|sessionid)"
    r"(['\"]?\s*[:=]\s*['\"]?)([^\s'\",&;]+)"
)


def redact(text: str) -> str:
    """Replace the value after any secret-looking key with ``***``."""
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
