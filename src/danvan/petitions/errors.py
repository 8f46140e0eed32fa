"""Stable error codes of the petitions app, each with its Vietnamese message."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _


class ErrorCode(StrEnum):
    PERMISSION_DENIED = "permission_denied"
    TRANSITION_NOT_ALLOWED = "transition_not_allowed"
    STALE_VERSION = "stale_version"
    WITHDRAWAL_CONTINUE_NOT_ALLOWED = "withdrawal_continue_not_allowed"
    DUPLICATE_TARGET_INVALID = "duplicate_target_invalid"
    PUBLICATION_METHOD_REQUIRED = "publication_method_required"
    PUBLICATION_REVEALS_DENOUNCER = "publication_reveals_denouncer"
    REASON_REQUIRED = "reason_required"
    REFUSAL_GROUND_REQUIRED = "refusal_ground_required"
    REFUSAL_GROUND_WRONG_KIND = "refusal_ground_wrong_kind"
    FILING_REASON_REQUIRED = "filing_reason_required"
    TRANSFER_TARGET_REQUIRED = "transfer_target_required"
    ASSIGNEE_NOT_IN_ORGANIZATION = "assignee_not_in_organization"
    EXTENSION_NOT_ALLOWED = "extension_not_allowed"
    NO_CLOCK = "no_clock"
    REPRESENTATIVES = "representatives"
    PETITIONER_REQUIRED = "petitioner_required"
    COMMUNE_REQUIRED = "commune_required"
    HAMLET_OUTSIDE_COMMUNE = "hamlet_outside_commune"
    CONTESTED_DECISION_REQUIRED = "contested_decision_required"
    SECOND_COMPLAINT_NOT_ALLOWED = "second_complaint_not_allowed"
    ANONYMOUS_NOT_ALLOWED = "anonymous_not_allowed"
    DOCUMENT_REQUIRED = "document_required"
    RATING_NOT_OPEN = "rating_not_open"
    COMPLEXITY_UNCHANGED = "complexity_unchanged"
    ATTACHMENT_TOO_LARGE = "attachment_too_large"
    ATTACHMENT_TYPE = "attachment_type"
    SPLIT_NOT_ALLOWED = "split_not_allowed"
    FURTHER_DENUNCIATION_NOT_ALLOWED = "further_denunciation_not_allowed"
    DATE_IN_FUTURE = "date_in_future"
    DATE_TOO_EARLY = "date_too_early"
    RATING_SOURCE_REQUIRED = "rating_source_required"
    RATING_WINDOW_OPEN = "rating_window_open"
    SUBMISSION_REUSED = "submission_reused"
    SECOND_COMPLAINT_LATE = "second_complaint_late"
    ALREADY_ESCALATED = "already_escalated"


MESSAGES: dict[ErrorCode, Any] = {
    ErrorCode.PERMISSION_DENIED: _("Bạn không có quyền thực hiện thao tác này với hồ sơ này."),
    ErrorCode.TRANSITION_NOT_ALLOWED: _("Thao tác này không được phép ở trạng thái hiện tại."),
    ErrorCode.STALE_VERSION: _(
        "Hồ sơ vừa được người khác cập nhật. Hãy tải lại trang để xem thay đổi rồi thực hiện lại."
    ),
    ErrorCode.REASON_REQUIRED: _("Cần ghi rõ lý do."),
    ErrorCode.PUBLICATION_METHOD_REQUIRED: _("Cần chọn hình thức công khai kết luận."),
    ErrorCode.PUBLICATION_REVEALS_DENOUNCER: _(
        "Nội dung công khai có thông tin của người tố cáo (họ tên, số định danh, điện thoại "
        "hoặc địa chỉ). Luật Tố cáo (Điều 40) cấm tiết lộ; hãy bỏ thông tin đó rồi ghi lại."
    ),
    ErrorCode.DUPLICATE_TARGET_INVALID: _(
        "Mã đơn trùng không hợp lệ: cần là một đơn khác mà bạn được xem, và chỉ ghi khi lý do "
        "lưu đơn là trùng nội dung."
    ),
    ErrorCode.WITHDRAWAL_CONTINUE_NOT_ALLOWED: _(
        "Chỉ đơn tố cáo rút toàn bộ mới được tiếp tục giải quyết sau khi rút (Điều 33 Luật Tố "
        'cáo); hãy bỏ chọn "tiếp tục giải quyết" hoặc chọn rút toàn bộ.'
    ),
    ErrorCode.REFUSAL_GROUND_REQUIRED: _("Cần chọn căn cứ pháp lý của việc không thụ lý."),
    ErrorCode.REFUSAL_GROUND_WRONG_KIND: _("Căn cứ không thụ lý không phù hợp với loại đơn."),
    ErrorCode.FILING_REASON_REQUIRED: _("Cần chọn lý do lưu đơn."),
    ErrorCode.TRANSFER_TARGET_REQUIRED: _("Cần chọn hoặc ghi tên cơ quan có thẩm quyền."),
    ErrorCode.ASSIGNEE_NOT_IN_ORGANIZATION: _(
        "Cán bộ được giao phải là cán bộ thụ lý của cơ quan đang xử lý hồ sơ."
    ),
    ErrorCode.EXTENSION_NOT_ALLOWED: _("Pháp luật không cho phép gia hạn thêm."),
    ErrorCode.NO_CLOCK: _("Hồ sơ không có thời hạn đang tính để gia hạn."),
    ErrorCode.REPRESENTATIVES: _(
        "Đoàn từ 5 đến 10 người cử 1 hoặc 2 người đại diện; trên 10 người cử không quá 5 "
        "người đại diện (Điều 29 Luật Tiếp công dân)."
    ),
    ErrorCode.PETITIONER_REQUIRED: _("Cần ghi họ tên và địa chỉ của người gửi đơn."),
    ErrorCode.COMMUNE_REQUIRED: _("Cần chọn xã, phường, đặc khu liên quan."),
    ErrorCode.HAMLET_OUTSIDE_COMMUNE: _("Ấp, khóm, tổ dân phố không thuộc xã, phường đã chọn."),
    ErrorCode.CONTESTED_DECISION_REQUIRED: _(
        "Khiếu nại phải nêu quyết định hoặc hành vi hành chính bị khiếu nại."
    ),
    ErrorCode.SECOND_COMPLAINT_NOT_ALLOWED: _(
        "Chỉ khiếu nại lần hai được đối với quyết định giải quyết khiếu nại lần đầu, hoặc khi "
        "hết thời hạn giải quyết lần đầu."
    ),
    ErrorCode.ANONYMOUS_NOT_ALLOWED: _(
        "Khiếu nại phải ghi rõ họ tên, địa chỉ và có chữ ký hoặc điểm chỉ của người khiếu nại."
    ),
    ErrorCode.DOCUMENT_REQUIRED: _("Cần ghi số, ngày và nội dung văn bản."),
    ErrorCode.RATING_NOT_OPEN: _("Hồ sơ chưa được trả lời nên chưa thể đánh giá."),
    ErrorCode.COMPLEXITY_UNCHANGED: _("Hãy chọn một mức độ phức tạp khác mức hiện tại."),
    ErrorCode.FURTHER_DENUNCIATION_NOT_ALLOWED: _(
        "Tố cáo tiếp được khi tố cáo đã có kết luận, hoặc đã quá hạn giải quyết mà chưa có kết "
        "luận, và gửi đến cơ quan cấp trên có thẩm quyền."
    ),
    ErrorCode.DATE_IN_FUTURE: _("Ngày này chưa đến: không ghi ngày trong tương lai."),
    ErrorCode.DATE_TOO_EARLY: _("Ngày này không được trước ngày %(date)s."),
    ErrorCode.RATING_SOURCE_REQUIRED: _(
        "Khi ghi nhận đánh giá thay người dân, cần ghi rõ người dân đánh giá qua kênh nào, khi nào."
    ),
    ErrorCode.RATING_WINDOW_OPEN: _(
        "Người dân còn thời gian đánh giá câu trả lời; hồ sơ được kết thúc từ ngày %(date)s, "
        "hoặc ngay khi người dân đã đánh giá."
    ),
    ErrorCode.SUBMISSION_REUSED: _(
        "Biểu mẫu này đã được dùng để tiếp nhận một đơn khác. Hãy mở biểu mẫu tiếp nhận mới."
    ),
    ErrorCode.SECOND_COMPLAINT_LATE: _(
        "Đã quá thời hạn khiếu nại lần hai (Điều 33 Luật Khiếu nại): hạn cuối là ngày %(date)s."
    ),
    ErrorCode.ALREADY_ESCALATED: _("Đơn này đã có hồ sơ khiếu nại lần hai, tố cáo tiếp."),
    ErrorCode.SPLIT_NOT_ALLOWED: _("Chỉ tách đơn khi đơn đang chờ phân loại."),
    ErrorCode.ATTACHMENT_TOO_LARGE: _("Tệp quá lớn: tối đa %(mb)s MB."),
    ErrorCode.ATTACHMENT_TYPE: _(
        "Chỉ nhận tệp PDF, ảnh (JPG, PNG, WEBP, HEIC), Word (DOCX) hoặc Excel (XLSX); nội dung "
        "tệp không khớp với các loại này."
    ),
}


class PetitionError(Exception):
    """A domain error with a stable code and a Vietnamese message."""

    def __init__(self, code: ErrorCode, message: str | None = None, **params: Any) -> None:
        self.code = code
        text = message or str(MESSAGES[code])
        self.message = text % params if params else text
        super().__init__(self.message)
