"""A question a person answers and a script does not bother with, offline.

No image and no third-party service: the question is a sum in words ("Bảy cộng hai bằng
mấy?"), which a screen reader reads aloud and which works in every language the portal
speaks.  The answer travels only as a keyed hash inside a signed, time-limited token, so the
server keeps nothing but a mark, in the cache, that a question was tried: each question
takes one answer, right or wrong, so it can be neither guessed nor replayed.  It is one
layer among the rate limits, the hidden trap field and the per-form idempotency key."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SALT = "danvan.portal.captcha"
NUMBERS = [
    gettext_lazy("không"),
    gettext_lazy("một"),
    gettext_lazy("hai"),
    gettext_lazy("ba"),
    gettext_lazy("bốn"),
    gettext_lazy("năm"),
    gettext_lazy("sáu"),
    gettext_lazy("bảy"),
    gettext_lazy("tám"),
    gettext_lazy("chín"),
]


@dataclass(frozen=True)
class Challenge:
    question: str
    token: str


def _digest(nonce: str, answer: int) -> str:
    return salted_hmac(SALT, f"{nonce}:{answer}").hexdigest()[:32]


def _max_age() -> int:
    return int(getattr(settings, "PORTAL_CAPTCHA_MINUTES", 60)) * 60


def new_challenge() -> Challenge:
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    nonce = secrets.token_urlsafe(12)
    if secrets.randbelow(2) and a != b:
        a, b = max(a, b), min(a, b)
        answer = a - b
        question = _("%(a)s trừ %(b)s bằng mấy?")
    else:
        answer = a + b
        question = _("%(a)s cộng %(b)s bằng mấy?")
    text = question % {"a": str(NUMBERS[a]), "b": str(NUMBERS[b])}
    token = signing.dumps({"n": nonce, "h": _digest(nonce, answer)}, salt=SALT)
    return Challenge(question=text[:1].upper() + text[1:], token=token)


def passed_token() -> str:
    """A token saying the question was answered, for a form sent back for other errors;
    like a question, it can be used once."""
    return signing.dumps({"n": secrets.token_urlsafe(12), "ok": True}, salt=SALT)


class CaptchaError(Exception):
    """The check question was not answered right; the message is for the citizen."""


def check(token: str, answer: str) -> str:
    """The token's nonce when ``answer`` solves it (or the token says it was solved), else
    ``CaptchaError`` with a message for the citizen."""
    try:
        data = signing.loads(token, salt=SALT, max_age=_max_age())
    except signing.SignatureExpired as exc:
        raise CaptchaError(_("Câu hỏi kiểm tra đã hết hạn; hãy trả lời câu hỏi mới.")) from exc
    except signing.BadSignature as exc:
        raise CaptchaError(_("Câu hỏi kiểm tra không hợp lệ; hãy trả lời câu hỏi mới.")) from exc
    nonce = str(data.get("n", ""))
    # One try per question, right or wrong, even from requests sent in parallel: the first
    # to add the mark wins.  A wrong answer gets a new question, not another guess.
    if not cache.add(f"captcha-spent:{nonce}", 1, _max_age() + 60):
        raise CaptchaError(_("Câu hỏi kiểm tra đã được dùng; hãy trả lời câu hỏi mới."))
    if data.get("ok") is True:
        return nonce
    digits = answer.strip()
    if not digits.isdigit() or not constant_time_compare(
        _digest(nonce, int(digits[:3])), str(data.get("h", ""))
    ):
        raise CaptchaError(_("Câu trả lời kiểm tra chưa đúng; hãy viết kết quả bằng chữ số."))
    return nonce
