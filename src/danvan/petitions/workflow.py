"""The petition workflow in one table: every transition, the states it leaves from, the state
it leads to, and the permission needed to fire it.

received → classified (thụ lý) → assigned → verifying → (dialogue) → decided → answered →
rated → closed; from ``received`` also transferred, guided, filed, refused, or (anonymous
denunciations) the anonymous queue; along the way extension, suspension and resumption,
withdrawal, reopening.  A second complaint and a further denunciation open a new, linked
petition (``services.petition_open_second_complaint``) and change no state here.

Guards that depend on the petition (kind, complexity, the law's limits on extensions) live in
``allowed`` below, next to the table; ``services`` asks ``check`` before any change.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from danvan.petitions.enums import Kind, State

S = State


class Transition(StrEnum):
    ACCEPT = "accept"
    TRANSFER = "transfer"
    GUIDE = "guide"
    FILE = "file"
    REFUSE = "refuse"
    TO_ANONYMOUS_QUEUE = "to_anonymous_queue"
    ASSIGN = "assign"
    START_VERIFICATION = "start_verification"
    HOLD_DIALOGUE = "hold_dialogue"
    DECIDE = "decide"
    ANSWER = "answer"
    RATE = "rate"
    CLOSE = "close"
    REOPEN = "reopen"
    EXTEND = "extend"
    SET_COMPLEXITY = "set_complexity"
    SUSPEND = "suspend"
    RESUME = "resume"
    WITHDRAW = "withdraw"
    WITHDRAW_PART = "withdraw_part"
    WITHDRAW_CONTINUE = "withdraw_continue"
    PUBLISH_CONCLUSION = "publish_conclusion"


@dataclass(frozen=True)
class Rule:
    label: Promise
    sources: frozenset[str]
    target: str | None  # None: the state does not change (or returns, for RESUME)
    permission: str
    needs_reason: bool = True


HANDLING = frozenset({S.ASSIGNED, S.VERIFYING, S.DIALOGUE})

TABLE: dict[Transition, Rule] = {
    Transition.ACCEPT: Rule(
        _("Thụ lý"),
        frozenset({S.RECEIVED}),
        S.CLASSIFIED,
        "petitions.classify_petition",
        needs_reason=False,
    ),
    Transition.TRANSFER: Rule(
        _("Chuyển đơn đến cơ quan có thẩm quyền"),
        frozenset({S.RECEIVED, S.CLASSIFIED, S.ASSIGNED, S.ANONYMOUS_QUEUE}),
        S.TRANSFERRED,
        "petitions.classify_petition",
    ),
    Transition.GUIDE: Rule(
        _("Hướng dẫn người gửi"), frozenset({S.RECEIVED}), S.GUIDED, "petitions.classify_petition"
    ),
    Transition.FILE: Rule(
        _("Lưu đơn"),
        frozenset({S.RECEIVED, S.ANONYMOUS_QUEUE}),
        S.FILED,
        "petitions.classify_petition",
    ),
    Transition.REFUSE: Rule(
        _("Không thụ lý"), frozenset({S.RECEIVED}), S.REFUSED, "petitions.classify_petition"
    ),
    Transition.TO_ANONYMOUS_QUEUE: Rule(
        _("Chuyển vào danh sách tố cáo nặc danh"),
        frozenset({S.RECEIVED}),
        S.ANONYMOUS_QUEUE,
        "petitions.classify_petition",
    ),
    Transition.ASSIGN: Rule(
        _("Giao xử lý"),
        frozenset({S.CLASSIFIED, *HANDLING}),
        S.ASSIGNED,
        "petitions.assign_petition",
        needs_reason=False,
    ),
    Transition.START_VERIFICATION: Rule(
        _("Bắt đầu xác minh"),
        frozenset({S.ASSIGNED}),
        S.VERIFYING,
        "petitions.handle_petition",
        needs_reason=False,
    ),
    Transition.HOLD_DIALOGUE: Rule(
        _("Tổ chức đối thoại"),
        frozenset({S.VERIFYING}),
        S.DIALOGUE,
        "petitions.handle_petition",
        needs_reason=False,
    ),
    Transition.DECIDE: Rule(
        _("Ban hành quyết định, kết luận"),
        frozenset({S.VERIFYING, S.DIALOGUE}),
        S.DECIDED,
        "petitions.decide_petition",
        needs_reason=False,
    ),
    Transition.ANSWER: Rule(
        _("Trả lời người gửi"),
        frozenset({S.DECIDED, *HANDLING}),
        S.ANSWERED,
        "petitions.decide_petition",
        needs_reason=False,
    ),
    Transition.RATE: Rule(
        _("Ghi nhận đánh giá của người dân"),
        frozenset({S.ANSWERED}),
        S.RATED,
        "petitions.handle_petition",
        needs_reason=False,
    ),
    Transition.CLOSE: Rule(
        _("Kết thúc hồ sơ"),
        frozenset({S.ANSWERED, S.RATED}),
        S.CLOSED,
        "petitions.close_petition",
        needs_reason=False,
    ),
    Transition.REOPEN: Rule(
        _("Mở lại hồ sơ"),
        frozenset({S.ANSWERED, S.RATED, S.CLOSED}),
        S.ASSIGNED,
        "petitions.reopen_petition",
    ),
    Transition.EXTEND: Rule(
        _("Gia hạn giải quyết"),
        frozenset({S.RECEIVED, S.CLASSIFIED, *HANDLING}),
        None,
        "petitions.extend_petition",
    ),
    Transition.SET_COMPLEXITY: Rule(
        _("Xác định mức độ phức tạp (kéo dài thời hạn)"),
        frozenset({S.CLASSIFIED, *HANDLING}),
        None,
        "petitions.extend_petition",
    ),
    Transition.SUSPEND: Rule(
        _("Tạm đình chỉ giải quyết"), HANDLING, S.SUSPENDED, "petitions.extend_petition"
    ),
    Transition.RESUME: Rule(
        _("Tiếp tục giải quyết"), frozenset({S.SUSPENDED}), None, "petitions.extend_petition"
    ),
    Transition.WITHDRAW: Rule(
        _("Rút toàn bộ đơn"),
        frozenset({S.RECEIVED, S.CLASSIFIED, *HANDLING, S.SUSPENDED}),
        S.WITHDRAWN,
        "petitions.handle_petition",
    ),
    Transition.WITHDRAW_CONTINUE: Rule(
        _("Ghi nhận rút toàn bộ tố cáo, vẫn tiếp tục giải quyết"),
        frozenset({S.RECEIVED, S.CLASSIFIED, *HANDLING, S.SUSPENDED}),
        None,
        "petitions.handle_petition",
    ),
    Transition.PUBLISH_CONCLUSION: Rule(
        _("Công khai kết luận nội dung tố cáo"),
        frozenset({S.DECIDED, S.ANSWERED, S.RATED, S.CLOSED}),
        None,
        "petitions.decide_petition",
        needs_reason=False,
    ),
    Transition.WITHDRAW_PART: Rule(
        _("Rút một phần nội dung đơn"),
        frozenset({S.RECEIVED, S.CLASSIFIED, *HANDLING, S.SUSPENDED}),
        None,
        "petitions.handle_petition",
    ),
}


class TransitionError(Exception):
    """A transition that the table or the law does not allow; ``message`` is Vietnamese."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(message)


def allowed(
    transition: Transition, *, state: str, kind: str, anonymous: bool = False
) -> str | None:
    """``None`` if the table allows ``transition`` from ``state`` for a petition of ``kind``
    (anonymous or not); otherwise the Vietnamese reason."""
    rule = TABLE[transition]
    if state not in rule.sources:
        return str(
            _("Không thể “%(action)s” khi hồ sơ đang ở trạng thái “%(state)s”.")
            % {"action": rule.label, "state": State(state).label}
        )
    if (
        transition == Transition.ANSWER
        and kind in (Kind.KHIEU_NAI, Kind.TO_CAO)
        and (state != S.DECIDED)
    ):
        return str(
            _("Khiếu nại, tố cáo phải có quyết định giải quyết hoặc kết luận trước khi trả lời.")
        )
    if transition == Transition.HOLD_DIALOGUE and kind != Kind.KHIEU_NAI:
        return str(_("Đối thoại chỉ áp dụng khi giải quyết khiếu nại."))
    if transition == Transition.DECIDE and kind not in (Kind.KHIEU_NAI, Kind.TO_CAO):
        return str(_("Phản ánh, kiến nghị được trả lời trực tiếp, không ban hành quyết định."))
    if transition == Transition.REFUSE and kind not in (Kind.KHIEU_NAI, Kind.TO_CAO):
        return str(
            _(
                "Chỉ khiếu nại, tố cáo mới có quyết định không thụ lý; phản ánh, kiến nghị ngoài "
                "thẩm quyền thì chuyển đơn hoặc hướng dẫn."
            )
        )
    if transition == Transition.WITHDRAW_CONTINUE and kind != Kind.TO_CAO:
        return str(
            _(
                "Chỉ tố cáo mới được tiếp tục giải quyết khi người tố cáo rút toàn bộ (Điều 33 "
                "Luật Tố cáo)."
            )
        )
    if transition == Transition.PUBLISH_CONCLUSION and kind != Kind.TO_CAO:
        return str(_("Chỉ kết luận nội dung tố cáo phải công khai (Điều 40 Luật Tố cáo)."))
    if transition == Transition.SET_COMPLEXITY and kind not in (Kind.KHIEU_NAI, Kind.TO_CAO):
        return str(_("Mức độ phức tạp chỉ áp dụng với khiếu nại, tố cáo."))
    if transition == Transition.TO_ANONYMOUS_QUEUE and (kind != Kind.TO_CAO or not anonymous):
        return str(_("Chỉ thông tin có nội dung tố cáo nặc danh mới vào danh sách này."))
    if transition == Transition.ACCEPT and anonymous and kind == Kind.TO_CAO:
        return str(
            _(
                "Tố cáo nặc danh không được thụ lý theo Luật Tố cáo (Điều 25); hãy chuyển vào "
                "danh sách kiểm tra thông tin tố cáo nặc danh."
            )
        )
    return None


def check(transition: Transition, *, state: str, kind: str, anonymous: bool = False) -> Rule:
    """The rule of ``transition``, or ``TransitionError`` with the reason."""
    reason = allowed(transition, state=state, kind=kind, anonymous=anonymous)
    if reason is not None:
        raise TransitionError("transition_not_allowed", reason)
    return TABLE[transition]


def available(*, state: str, kind: str, anonymous: bool = False) -> list[Transition]:
    """The transitions the table allows now (the user's permission is checked apart)."""
    return [
        t for t in Transition if allowed(t, state=state, kind=kind, anonymous=anonymous) is None
    ]


OTHER_ACTIONS = {
    "received": _("Tiếp nhận đơn"),
    "second_complaint": _("Người dân khiếu nại lần hai"),
    "split": _("Tách đơn"),
    "further_denunciation": _("Người tố cáo tố cáo tiếp"),
    "attachment": _("Thêm tệp đính kèm"),
}


def action_label(action: str) -> str:
    """The Vietnamese name of a timeline action."""
    try:
        return str(TABLE[Transition(action)].label)
    except ValueError:
        return str(OTHER_ACTIONS.get(action, action))
