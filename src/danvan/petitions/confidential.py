"""Encryption of denouncers' identities (danh tính người tố cáo, độ Mật).

Keys come from ``DANVAN_IDENTITY_KEYS`` (comma-separated Fernet keys, newest first; older keys
still decrypt, so keys can be rotated).  Production refuses to run without one; development and
tests derive a key from ``SECRET_KEY`` so the embedded mode works out of the box.  Generate a
key with ``danvan generate_identity_key``.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@cache
def _cipher(keys: tuple[str, ...], secret_key: str, production: bool) -> MultiFernet:
    if not keys:
        if production:
            raise ImproperlyConfigured(
                "DANVAN_IDENTITY_KEYS must be set in production (danvan generate_identity_key)"
            )
        derived = hashlib.sha256(f"danvan-identity:{secret_key}".encode()).digest()
        keys = (base64.urlsafe_b64encode(derived).decode(),)
    return MultiFernet([Fernet(key.encode()) for key in keys])


def cipher() -> MultiFernet:
    keys = tuple(getattr(settings, "DANVAN_IDENTITY_KEYS", ()) or ())
    return _cipher(keys, settings.SECRET_KEY, bool(getattr(settings, "PRODUCTION", False)))


def encrypt(data: Any) -> bytes:
    return cipher().encrypt(json.dumps(data, ensure_ascii=False).encode("utf-8"))


def decrypt(token: bytes) -> Any:
    return json.loads(cipher().decrypt(bytes(token)).decode("utf-8"))
