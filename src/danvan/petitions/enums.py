"""Choices of the petitions app (đơn thư, phản ánh, kiến nghị): the codes every part shares."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """Loại đơn: decides the legal procedure and the deadlines."""

    PHAN_ANH = "phan_anh", _("Phản ánh")
    KIEN_NGHI = "kien_nghi", _("Kiến nghị")
    KHIEU_NAI = "khieu_nai", _("Khiếu nại")
    TO_CAO = "to_cao", _("Tố cáo")


class Channel(models.TextChoices):
    """Kênh tiếp nhận."""

    PORTAL = "portal", _("Cổng thông tin cho người dân")
    IN_PERSON = "in_person", _("Trực tiếp tại buổi tiếp công dân")
    VOTER_MEETING = "voter_meeting", _("Tiếp xúc cử tri")
    POST = "post", _("Bưu chính, thư giấy")
    PHONE = "phone", _("Điện thoại, đường dây nóng")
    EMAIL = "email", _("Thư điện tử")
    TRANSFERRED = "transferred", _("Cơ quan khác chuyển đến")
    API = "api", _("Kết nối hệ thống (API, Open311)")
    IMPORT = "import", _("Nhập từ bảng tính")


class Field(models.TextChoices):
    """Lĩnh vực: the 15 codes of DOMAIN.md."""

    DAT_DAI = "dat_dai", _("Đất đai")
    XAY_DUNG = "xay_dung", _("Xây dựng, trật tự đô thị")
    MOI_TRUONG = "moi_truong", _("Môi trường")
    GIAO_THONG = "giao_thong", _("Giao thông")
    HA_TANG = "ha_tang", _("Điện, nước, thoát nước, viễn thông")
    CHINH_SACH_XA_HOI = "chinh_sach_xa_hoi", _("Chính sách xã hội")
    Y_TE = "y_te", _("Y tế")
    GIAO_DUC = "giao_duc", _("Giáo dục")
    NONG_NGHIEP = "nong_nghiep", _("Nông nghiệp, thủy sản, thủy lợi, xâm nhập mặn")
    AN_NINH_TRAT_TU = "an_ninh_trat_tu", _("An ninh, trật tự")
    HANH_CHINH = "hanh_chinh", _("Thủ tục hành chính, thái độ cán bộ")
    THAM_NHUNG = "tham_nhung", _("Tham nhũng, lạm quyền")
    LAO_DONG_VIEC_LAM = "lao_dong_viec_lam", _("Lao động, việc làm, kinh doanh")
    DAN_TOC_TON_GIAO = "dan_toc_ton_giao", _("Dân tộc, tôn giáo")
    KHAC = "khac", _("Khác")


class State(models.TextChoices):
    """Trạng thái xử lý (the workflow's states, see ``workflow.py``)."""

    RECEIVED = "received", _("Đã tiếp nhận, chờ phân loại")
    CLASSIFIED = "classified", _("Đã thụ lý, chờ giao xử lý")
    ASSIGNED = "assigned", _("Đã giao xử lý")
    VERIFYING = "verifying", _("Đang xác minh")
    DIALOGUE = "dialogue", _("Đang đối thoại")
    DECIDED = "decided", _("Đã có quyết định, kết luận")
    ANSWERED = "answered", _("Đã trả lời")
    RATED = "rated", _("Người dân đã đánh giá")
    CLOSED = "closed", _("Đã kết thúc")
    SUSPENDED = "suspended", _("Tạm đình chỉ")
    TRANSFERRED = "transferred", _("Đã chuyển đơn")
    GUIDED = "guided", _("Đã hướng dẫn người gửi")
    FILED = "filed", _("Lưu đơn, không xử lý")
    REFUSED = "refused", _("Không thụ lý")
    WITHDRAWN = "withdrawn", _("Người gửi đã rút đơn")
    ANONYMOUS_QUEUE = "anonymous_queue", _("Thông tin tố cáo nặc danh, chờ kiểm tra")


# States in which the case is still someone's work (and its clock may run).
OPEN_STATES = frozenset(
    {
        State.RECEIVED,
        State.CLASSIFIED,
        State.ASSIGNED,
        State.VERIFYING,
        State.DIALOGUE,
        State.DECIDED,
        State.SUSPENDED,
        State.ANONYMOUS_QUEUE,
    }
)
# States after which nothing more is owed to the petitioner by this organization.
FINAL_STATES = frozenset(
    {
        State.CLOSED,
        State.TRANSFERRED,
        State.GUIDED,
        State.FILED,
        State.REFUSED,
        State.WITHDRAWN,
    }
)


class Complexity(models.TextChoices):
    """Mức độ phức tạp (NĐ 31/2019 Art. 3; NĐ 124/2020 as amended)."""

    NORMAL = "normal", _("Thông thường")
    COMPLEX = "complex", _("Phức tạp")
    ESPECIALLY_COMPLEX = "especially_complex", _("Đặc biệt phức tạp")


class FilingReason(models.TextChoices):
    """Lý do lưu đơn (keep on file without handling)."""

    ANONYMOUS = "anonymous", _("Đơn nặc danh, mạo danh, không rõ địa chỉ")
    DUPLICATE = "duplicate", _("Đơn trùng nội dung đã được xử lý")
    INSUFFICIENT = "insufficient", _("Không đủ nội dung, không rõ ràng để xử lý")
    ALREADY_RESOLVED = "already_resolved", _("Đã được giải quyết đúng pháp luật")


class RefusalGround(models.TextChoices):
    """Căn cứ không thụ lý.  Complaints: Luật Khiếu nại 2011 Art. 11 (its 9 clauses, as
    listed in ``reference/vn-legal.md`` §1.2).  Denunciations: Luật Tố cáo 2018 Art. 29 k1."""

    KN_11_1 = (
        "kn_11_1",
        _(
            "Điều 11 khoản 1 Luật Khiếu nại: quyết định, hành vi nội bộ, chỉ đạo điều hành, văn "
            "bản quy phạm pháp luật, hoặc thuộc bí mật nhà nước"
        ),
    )
    KN_11_2 = (
        "kn_11_2",
        _(
            "Điều 11 khoản 2 Luật Khiếu nại: không liên quan trực tiếp đến quyền, lợi ích hợp "
            "pháp của người khiếu nại"
        ),
    )
    KN_11_3 = (
        "kn_11_3",
        _(
            "Điều 11 khoản 3 Luật Khiếu nại: người khiếu nại không có năng lực hành vi dân sự đầy "
            "đủ mà không có người đại diện hợp pháp"
        ),
    )
    KN_11_4 = "kn_11_4", _("Điều 11 khoản 4 Luật Khiếu nại: người đại diện không hợp pháp")
    KN_11_5 = (
        "kn_11_5",
        _(
            "Điều 11 khoản 5 Luật Khiếu nại: đơn khiếu nại không có chữ ký hoặc điểm chỉ của "
            "người khiếu nại"
        ),
    )
    KN_11_6 = (
        "kn_11_6",
        _(
            "Điều 11 khoản 6 Luật Khiếu nại: thời hiệu khiếu nại đã hết mà không có lý do chính "
            "đáng"
        ),
    )
    KN_11_7 = (
        "kn_11_7",
        _(
            "Điều 11 khoản 7 Luật Khiếu nại: việc khiếu nại đã có quyết định giải quyết khiếu nại "
            "lần hai"
        ),
    )
    KN_11_8 = (
        "kn_11_8",
        _(
            "Điều 11 khoản 8 Luật Khiếu nại: có văn bản thông báo đình chỉ mà sau 30 ngày người "
            "khiếu nại không tiếp tục khiếu nại"
        ),
    )
    KN_11_9 = (
        "kn_11_9",
        _(
            "Điều 11 khoản 9 Luật Khiếu nại: việc khiếu nại đã được Tòa án thụ lý hoặc đã được "
            "giải quyết bằng bản án, quyết định của Tòa án"
        ),
    )
    TC_29_CONTENT = (
        "tc_29_content",
        _("Điều 29 khoản 1 Luật Tố cáo: nội dung tố cáo không rõ người, hành vi vi phạm"),
    )
    TC_29_CAPACITY = (
        "tc_29_capacity",
        _(
            "Điều 29 khoản 1 Luật Tố cáo: người tố cáo không có năng lực hành vi dân sự, không có "
            "người đại diện"
        ),
    )
    TC_29_FORM = (
        "tc_29_form",
        _(
            "Điều 29 khoản 1 Luật Tố cáo: đơn không ghi rõ họ tên, địa chỉ, không có chữ ký hoặc "
            "điểm chỉ (Điều 23)"
        ),
    )

    @classmethod
    def for_kind(cls, kind: str) -> list[str]:
        prefix = {Kind.KHIEU_NAI: "kn_", Kind.TO_CAO: "tc_"}.get(Kind(kind), "")
        return [value for value in cls.values if prefix and value.startswith(prefix)]


class LinkKind(models.TextChoices):
    SAME_MATTER = "same_matter", _("Cùng nội dung, vụ việc")
    EARLIER_ANSWER = "earlier_answer", _("Đã được trả lời trước đây")
    SECOND_COMPLAINT = "second_complaint", _("Khiếu nại lần hai")
    FURTHER_DENUNCIATION = "further_denunciation", _("Tố cáo tiếp")
    SPLIT_FROM = "split_from", _("Tách từ đơn")
    DUPLICATE_OF = "duplicate_of", _("Trùng với đơn")
    REOPENED_FROM = "reopened_from", _("Mở lại từ đơn")


class DocumentType(models.TextChoices):
    """Văn bản của hồ sơ: notices the law requires, decisions and answers."""

    NOTICE_ACCEPTANCE = "notice_acceptance", _("Thông báo thụ lý")
    NOTICE_REFUSAL = "notice_refusal", _("Thông báo không thụ lý")
    NOTICE_TRANSFER = "notice_transfer", _("Phiếu chuyển đơn")
    NOTICE_GUIDANCE = "notice_guidance", _("Phiếu hướng dẫn")
    NOTICE_FILING = "notice_filing", _("Phiếu lưu đơn")
    EXTENSION_DECISION = "extension_decision", _("Quyết định gia hạn")
    SUSPENSION_DECISION = "suspension_decision", _("Quyết định tạm đình chỉ")
    RESUMPTION_DECISION = "resumption_decision", _("Quyết định tiếp tục giải quyết")
    DECISION = "decision", _("Quyết định giải quyết khiếu nại")
    CONCLUSION = "conclusion", _("Kết luận nội dung tố cáo")
    ANSWER = "answer", _("Văn bản trả lời")
    PUBLICATION = "publication", _("Công khai kết luận nội dung tố cáo")


class PublicationMethod(models.TextChoices):
    """Hình thức công khai kết luận nội dung tố cáo (Luật Tố cáo 2018, Điều 40 k2)."""

    MEETING = "meeting", _("Công bố tại cuộc họp")
    POSTING = "posting", _("Niêm yết tại trụ sở")
    PORTAL = "portal", _("Đăng trên cổng thông tin điện tử")
    MEDIA = "media", _("Thông báo trên phương tiện thông tin đại chúng")


class Flag(models.TextChoices):
    """Dấu hiệu cần chú ý; each is a boolean column of the petition."""

    DONG_NGUOI = "dong_nguoi", _("Đông người")
    VUOT_CAP = "vuot_cap", _("Vượt cấp")
    KEO_DAI = "keo_dai", _("Kéo dài")
    TRUNG_LAP = "trung_lap", _("Trùng lặp")
    TAI_DIEN = "tai_dien", _("Tái diễn")
    KHAN = "khan", _("Khẩn")
