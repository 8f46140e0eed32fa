"""Tài khoản công dân: a citizen signs in with a one-time code sent to their phone or
e-mail address; no password.  The account only lists the petitions filed while signed in
(following a petition needs no account: the tracking code is enough)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from danvan.core import audit
from danvan.core.rate_limits import allow, exceeded
from danvan.portal.models import CodeChannel, OneTimeCode

MAX_ATTEMPTS = 5
PHONE = re.compile(r"^(?:\+?84|0)(\d{9})$")


class LoginError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Destination:
    channel: str
    address: str

    @property
    def masked(self) -> str:
        if self.channel == CodeChannel.EMAIL:
            name, _at, domain = self.address.partition("@")
            return f"{name[:2]}***@{domain}"
        return f"{self.address[:3]}****{self.address[-3:]}"


def parse_destination(text: str) -> Destination:
    """A Vietnamese phone number (0912 345 678, +84 912 345 678) or an e-mail address."""
    value = text.strip()
    if "@" in value:
        try:
            validate_email(value)
        except ValidationError as exc:
            raise LoginError(_("Địa chỉ thư điện tử không hợp lệ.")) from exc
        return Destination(CodeChannel.EMAIL, value.lower())
    digits = re.sub(r"[\s.\-()]", "", value)
    match = PHONE.match(digits)
    if not match:
        raise LoginError(
            _("Hãy nhập số điện thoại di động (10 chữ số, ví dụ 0912345678) hoặc thư điện tử.")
        )
    return Destination(CodeChannel.SMS, "0" + match.group(1))


def sms_available() -> bool:
    return bool(settings.SMS_GATEWAY_URL) or not getattr(settings, "PRODUCTION", True)


def _hash(destination: str, code: str) -> str:
    return salted_hmac("danvan.portal.code", f"{destination}:{code}").hexdigest()


def code_send(*, destination: Destination, client_address: str) -> None:
    """Send a fresh six-digit code.  Limited per address and per destination, so the portal
    cannot be used to flood someone's phone."""
    if destination.channel == CodeChannel.SMS and not sms_available():
        raise LoginError(
            _("Đăng nhập bằng số điện thoại chưa được bật ở đây; hãy dùng thư điện tử.")
        )
    rate = str(settings.PORTAL_RATE_CODE)
    if not (
        allow("portal-code-address", client_address, rate)
        and allow("portal-code-destination", destination.address, rate)
    ):
        raise LoginError(_("Đã gửi nhiều mã trong thời gian ngắn; hãy thử lại sau một giờ."))
    code = f"{secrets.randbelow(1_000_000):06d}"
    minutes = int(settings.PORTAL_CODE_MINUTES)
    with transaction.atomic():
        OneTimeCode.objects.filter(destination=destination.address, used_at__isnull=True).update(
            used_at=timezone.now()
        )  # only the newest code works
        OneTimeCode.objects.create(
            destination=destination.address,
            channel=destination.channel,
            code_hash=_hash(destination.address, code),
            expires_at=timezone.now() + dt.timedelta(minutes=minutes),
        )
        text = _(
            "Mã đăng nhập danvan của bạn là %(code)s, dùng trong %(minutes)s phút. "
            "Không đưa mã này cho người khác."
        ) % {"code": code, "minutes": minutes}
        if destination.channel == CodeChannel.EMAIL:
            from danvan.core.notifications import enqueue_email_on_commit

            enqueue_email_on_commit(_("[danvan] Mã đăng nhập"), text, destination.address)
        else:
            from danvan.portal.tasks import send_sms_task

            address = destination.address
            transaction.on_commit(lambda: send_sms_task.delay(address, text), robust=True)


FAILURES_PER_DAY = "20/day"  # wrong codes per client address, and per phone or e-mail


def code_verify(*, destination: Destination, code: str, client_address: str = "-") -> Any:
    """The citizen's account (made on first sign-in) when ``code`` is the newest valid one.

    Besides the five tries of each code, wrong codes are counted per client address and per
    destination over a day, so that asking for code after code does not add up to enough
    guesses to take over an account."""
    from danvan.organizations.models import User, UserKind

    if exceeded("portal-verify-address", client_address, FAILURES_PER_DAY) or exceeded(
        "portal-verify-destination", destination.address, FAILURES_PER_DAY
    ):
        raise LoginError(_("Nhập sai mã quá nhiều lần trong ngày; hãy thử lại vào ngày mai."))
    with transaction.atomic():
        row = (
            OneTimeCode.objects.select_for_update()
            .filter(destination=destination.address, used_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        if row is None or row.expires_at < timezone.now():
            raise LoginError(_("Mã đã hết hạn hoặc chưa được gửi; hãy xin mã mới."))
        row.attempts += 1
        ok = constant_time_compare(row.code_hash, _hash(destination.address, code.strip()))
        if ok or row.attempts >= MAX_ATTEMPTS:
            row.used_at = timezone.now()
        row.save(update_fields=["attempts", "used_at"])
    if not ok:
        allow("portal-verify-address", client_address, FAILURES_PER_DAY)
        allow("portal-verify-destination", destination.address, FAILURES_PER_DAY)
        if row.attempts >= MAX_ATTEMPTS:
            raise LoginError(_("Nhập sai quá nhiều lần; hãy xin mã mới."))
        raise LoginError(_("Mã không đúng; hãy kiểm tra lại tin nhắn hoặc thư."))
    username = f"congdan:{destination.address}"
    if len(username) > 150:  # a very long e-mail address: its hash, never a cut that collides
        username = "congdan:" + hashlib.sha256(destination.address.encode()).hexdigest()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, kind=UserKind.CITIZEN)
        if destination.channel == CodeChannel.EMAIL:
            user.email = destination.address
        else:
            user.phone = destination.address
        user.set_unusable_password()
        user.save()
        audit.record(actor=user, action="portal.citizen_account_create", obj=user, changes={})
    elif user.kind != UserKind.CITIZEN or not user.is_active:
        raise LoginError(_("Tài khoản này không đăng nhập được ở cổng người dân."))
    return user
