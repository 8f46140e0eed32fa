"""Forms of the officers' petition pages.  They parse input; the services decide."""

from __future__ import annotations

import re
import uuid
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.petitions.enums import (
    Channel,
    Complexity,
    Field,
    FilingReason,
    Kind,
    PublicationMethod,
    RefusalGround,
)
from danvan.units.models import AdministrativeUnit, UnitLevel
from danvan.units.selectors import resolve_address, unit_search

CODE_IN_BRACKETS = re.compile(r"\[(\d{5})\]\s*$")


def commune_label(unit: AdministrativeUnit) -> str:
    """How a commune appears in the suggestions: "Phường Long Đức, Tỉnh Vĩnh Long [29263]"."""
    return f"{unit} [{unit.code}]"


def find_commune(text: str) -> AdministrativeUnit | None:
    """The commune an officer typed: a suggestion (with its code), a name with or without
    diacritics, or an old pre-2025 address."""
    text = text.strip()
    if not text:
        return None
    match = CODE_IN_BRACKETS.search(text)
    if match:
        return AdministrativeUnit.objects.filter(
            code=match.group(1), level=UnitLevel.COMMUNE
        ).first()
    found = unit_search(text, limit=2)
    if len(found) == 1:
        return found[0]
    resolved = resolve_address(text)
    return resolved.unit if resolved is not None else None


def commune_or_error(text: str) -> AdministrativeUnit:
    """``find_commune``, or the message that tells the person typing what to do."""
    commune = find_commune(text)
    if commune is None:
        raise forms.ValidationError(
            _(
                "Không tìm thấy xã, phường này. Hãy chọn trong danh sách gợi ý, hoặc ghi "
                "thêm tên tỉnh (ví dụ: Long Đức, Vĩnh Long)."
            )
        )
    return commune


class IntakeForm(forms.Form):
    """Tiếp nhận đơn: the fields in the order an officer reads a paper letter."""

    submission_key = forms.CharField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Loại đơn"), choices=Kind.choices)
    channel = forms.ChoiceField(
        label=_("Kênh tiếp nhận"), choices=Channel.choices, initial=Channel.POST
    )
    received_on = forms.DateField(
        label=_("Ngày tiếp nhận"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    commune_text = forms.CharField(
        label=_("Xã, phường, đặc khu liên quan"),
        max_length=300,
        help_text=_("Gõ tên có dấu hoặc không dấu, hoặc địa chỉ cũ trước 01/7/2025."),
        widget=forms.TextInput(attrs={"list": "commune-suggestions", "autocomplete": "off"}),
    )
    address_as_written = forms.CharField(
        label=_("Địa chỉ như trong đơn"), max_length=500, required=False
    )
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=Field.choices)
    subject = forms.CharField(label=_("Trích yếu"), max_length=255)
    content = forms.CharField(label=_("Nội dung đơn"), widget=forms.Textarea(attrs={"rows": 6}))
    request = forms.CharField(
        label=_("Yêu cầu của người gửi"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    petitioner_count = forms.IntegerField(
        label=_("Số người cùng gửi đơn"),
        min_value=1,
        max_value=100000,
        initial=1,
        help_text=_("Đoàn đông người: ghi tổng số người, nhập thông tin người đại diện."),
    )
    has_signature = forms.BooleanField(
        label=_("Đơn có chữ ký hoặc điểm chỉ"), required=False, initial=True
    )
    is_anonymous = forms.BooleanField(label=_("Đơn nặc danh, không rõ người gửi"), required=False)
    contested_decision = forms.CharField(
        label=_("Quyết định, hành vi hành chính bị khiếu nại"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Chỉ với khiếu nại: số, ngày, cơ quan ban hành."),
    )
    contested_decision_known_on = forms.DateField(
        label=_("Ngày biết được quyết định, hành vi"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    complaint_round = forms.TypedChoiceField(
        label=_("Lần khiếu nại"),
        coerce=int,
        choices=[(1, _("Lần đầu")), (2, _("Lần hai"))],
        initial=1,
        required=False,
    )
    accused = forms.CharField(
        label=_("Người, cơ quan bị tố cáo"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Chỉ với tố cáo."),
    )
    # Complexity is decided later, in writing ("Xác định mức độ phức tạp"), not at intake.
    is_remote_area = forms.BooleanField(label=_("Vùng sâu, vùng xa"), required=False)
    is_urgent = forms.BooleanField(label=_("Khẩn"), required=False)
    is_bypassing = forms.BooleanField(label=_("Vượt cấp"), required=False)
    is_prolonged = forms.BooleanField(label=_("Kéo dài"), required=False)
    is_recurring = forms.BooleanField(label=_("Tái diễn"), required=False)
    consent_to_publish = forms.BooleanField(
        label=_("Người gửi đồng ý công khai nội dung trả lời (không kèm thông tin cá nhân)"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4().hex)
            self.initial.setdefault("received_on", timezone.localdate())

    def clean_commune_text(self) -> str:
        text: str = self.cleaned_data["commune_text"]
        self.cleaned_data["commune"] = commune_or_error(text)
        return text


class PetitionerForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    id_number = forms.CharField(label=_("Số CCCD"), max_length=20, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=500, required=False)
    is_representative = forms.BooleanField(label=_("Đại diện"), required=False)


PetitionerFormSet = formset_factory(PetitionerForm, extra=0, min_num=1, max_num=50)


class ActionForm(forms.Form):
    """One form for every action; each action uses the fields it needs."""

    reason = forms.CharField(
        label=_("Lý do, ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    ground = forms.ChoiceField(
        label=_("Căn cứ không thụ lý"), required=False, choices=[("", "—"), *RefusalGround.choices]
    )
    filing_reason = forms.ChoiceField(
        label=_("Lý do lưu đơn"), required=False, choices=[("", "—"), *FilingReason.choices]
    )
    duplicate_of = forms.CharField(
        label=_("Mã tra cứu của đơn đã có (nếu trùng)"), max_length=16, required=False
    )
    to_organization = forms.IntegerField(label=_("Cơ quan có thẩm quyền"), required=False)
    to_name = forms.CharField(
        label=_("Hoặc tên cơ quan ngoài hệ thống"), max_length=255, required=False
    )
    assignee = forms.IntegerField(label=_("Cán bộ thụ lý"), required=False)
    number = forms.CharField(label=_("Số, ký hiệu văn bản"), max_length=64, required=False)
    issued_on = forms.DateField(
        label=_("Ngày ban hành"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    title = forms.CharField(label=_("Trích yếu văn bản"), max_length=255, required=False)
    body = forms.CharField(
        label=_("Nội dung văn bản"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    signer = forms.CharField(label=_("Người ký"), max_length=150, required=False)
    publication_method = forms.ChoiceField(
        label=_("Hình thức công khai"),
        required=False,
        choices=[("", "—"), *PublicationMethod.choices],
    )
    partial = forms.BooleanField(label=_("Chỉ rút một phần"), required=False)
    complexity = forms.ChoiceField(
        label=_("Mức độ phức tạp"), required=False, choices=[("", "—"), *Complexity.choices]
    )
    satisfied = forms.TypedChoiceField(
        label=_("Người dân đánh giá"),
        required=False,
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Hài lòng")), ("no", _("Không hài lòng"))],
    )
    event_on = forms.DateField(
        label=_("Ngày"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
