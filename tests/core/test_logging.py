"""Secrets never reach the logs."""

from __future__ import annotations

import pytest

from danvan.core.logging_filters import redact


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ("password=hunter2-secret", "hunter2-secret"),
        ("new_password1=abc123456789", "abc123456789"),
        ("password1: 'mk-bi-mat'", "mk-bi-mat"),
        ("SECRET_KEY=django-insecure-xyz", "django-insecure-xyz"),
        ("api_key=K-123", "K-123"),
        ("token: abcdef", "abcdef"),
        ("postgres://danvan:pg-pass@db:5432/danvan", "pg-pass"),
        ("redis://:redis-pass@cache:6379/0", "redis-pass"),
        ("mật khẩu: bimat2026", "bimat2026"),
    ],
)
def test_secrets_are_redacted(line, secret):
    cleaned = redact(line)
    assert secret not in cleaned
    assert "***" in cleaned


def test_ordinary_text_is_kept():
    line = "Tiếp nhận đơn của ông Nguyễn Văn A tại xã Long Đức"
    assert redact(line) == line
