"""The portal's forms.  Labels and messages in plain words: a citizen on a phone reads them."""

from __future__ import annotations

import re
import uuid
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from danvan.petitions.attachments import sniff
from danvan.petitions.enums import Field, Kind
from danvan.portal import captcha

KIND_CHOICES = [
    (Kind.PHAN_ANH, _("Phản ánh: báo một việc đang xảy ra (đường hư, ô nhiễm, mất trật tự…)")),
    (Kind.KIEN_NGHI, _("Kiến nghị: đề nghị chính quyền làm hoặc sửa một việc")),
    (
        Kind.KHIEU_NAI,
        _("Khiếu nại: đề nghị xem lại một quyết định, hành vi hành chính xâm phạm quyền của bạn"),
    ),
    (Kind.TO_CAO, _("Tố cáo: báo hành vi vi phạm pháp luật của một người, cơ quan")),
]
ID_NUMBER = re.compile(r"^\d{12}$|^\d{9}$")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class CaptchaMixin(forms.Form):
    """The offline check question, the hidden trap field and the form's own key."""

    captcha_token = forms.CharField(widget=forms.HiddenInput)
    captcha_answer = forms.CharField(
        label=_("Câu hỏi kiểm tra"), max_length=4, required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 4}),
    )  # fmt: skip
    website = forms.CharField(  # a trap: people never see it, scripts fill it
        required=False,
        label=_("Để trống ô này"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def setup_captcha(self) -> None:
        self.captcha_passed = False
        self.captcha_nonce = ""
        if not self.is_bound:
            challenge = captcha.new_challenge()
            self.initial["captcha_token"] = challenge.token
            self.captcha_question = challenge.question
        else:
            self.captcha_question = ""

    def check_trap(self) -> None:
        """The hidden field is empty when a person fills the form; a browser's autofill may
        fill it too, so the citizen is told and the field comes back empty."""
        if self.cleaned_data.get("website"):
            self.add_error(
                None,
                _("Biểu mẫu chưa gửi được vì một ô ẩn bị điền tự động. Hãy bấm Gửi lần nữa."),
            )

    def check_captcha(self) -> None:
        token = self.cleaned_data.get("captcha_token", "")
        try:
            self.captcha_nonce = captcha.check(token, self.cleaned_data.get("captcha_answer", ""))
        except captcha.CaptchaError as exc:
            self.add_error("captcha_answer", str(exc))
        else:
            self.captcha_passed = True

    def refresh_captcha(self) -> None:
        """After an error: keep a solved question solved, or ask a new one."""
        data = cast(Any, self.data).copy()  # a QueryDict (a dict in some tests)
        if self.captcha_passed:
            data["captcha_token"] = captcha.passed_token()
            self.captcha_question = ""
        else:
            challenge = captcha.new_challenge()
            data["captcha_token"] = challenge.token
            self.captcha_question = challenge.question
        data["captcha_answer"] = ""
        data["website"] = ""
        self.data = data


class SubmitForm(CaptchaMixin):
    """Gửi phản ánh, kiến nghị, khiếu nại, tố cáo."""

    submission_key = forms.CharField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("Bạn muốn gửi"), choices=KIND_CHOICES, initial=Kind.PHAN_ANH,
        widget=forms.RadioSelect,
    )  # fmt: skip
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=Field.choices)
    commune_text = forms.CharField(
        label=_("Xã, phường nơi xảy ra việc"),
        max_length=300,
        help_text=_("Gõ tên có dấu hoặc không dấu (ví dụ: long duc), hoặc địa chỉ cũ."),
        widget=forms.TextInput(
            attrs={"list": "commune-list", "autocomplete": "off", "data-suggest": "1"}
        ),
    )
    address_as_written = forms.CharField(
        label=_("Địa điểm cụ thể (ấp, khóm, số nhà, đường)"), max_length=500, required=False
    )
    subject = forms.CharField(
        label=_("Tóm tắt trong một câu"), max_length=200,
        help_text=_("Ví dụ: Đèn đường ấp Sóc Ruộng hư 2 tuần."),
    )  # fmt: skip
    content = forms.CharField(
        label=_("Nội dung"), max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Việc gì, ở đâu, từ khi nào, ảnh hưởng thế nào. Tối đa 8.000 ký tự."),
    )  # fmt: skip
    request = forms.CharField(
        label=_("Bạn đề nghị giải quyết thế nào"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    contested_decision = forms.CharField(
        label=_("Quyết định, hành vi bị khiếu nại"), max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Số, ngày của quyết định và cơ quan ban hành; hoặc hành vi của ai, khi nào."),
    )  # fmt: skip
    contested_decision_known_on = forms.DateField(
        label=_("Ngày bạn biết quyết định, hành vi đó"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )  # fmt: skip
    accused = forms.CharField(
        label=_("Người, cơ quan bị tố cáo"), max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Họ tên, chức vụ, nơi làm việc nếu biết."),
    )  # fmt: skip
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    phone = forms.CharField(
        label=_("Số điện thoại"), max_length=20, required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )  # fmt: skip
    email = forms.EmailField(label=_("Thư điện tử"), required=False, max_length=254)
    address = forms.CharField(
        label=_("Địa chỉ liên hệ của bạn"), max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )  # fmt: skip
    id_number = forms.CharField(
        label=_("Số định danh cá nhân (CCCD)"), max_length=20, required=False,
        help_text=_("12 chữ số. Bắt buộc với khiếu nại và tố cáo."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )  # fmt: skip
    attachments = MultipleFileField(
        label=_("Ảnh, tài liệu kèm theo"), required=False,
        help_text=_("Ảnh (JPG, PNG), PDF, Word, Excel; tối đa 5 tệp, mỗi tệp 10 MB."),
    )  # fmt: skip
    consent_to_publish = forms.BooleanField(
        label=_(
            "Tôi đồng ý để nội dung và câu trả lời được đăng công khai trên cổng này, "
            "không kèm họ tên, địa chỉ, số điện thoại của tôi."
        ),
        required=False,
        help_text=_("Chỉ với phản ánh, kiến nghị. Không đồng ý thì chỉ bạn xem được câu trả lời."),
    )
    confirm = forms.BooleanField(
        label=_("Tôi cam đoan nội dung trên là đúng sự thật."),
        error_messages={"required": _("Hãy đánh dấu ô cam đoan trước khi gửi.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4().hex)
        self.setup_captcha()

    def clean_commune_text(self) -> str:
        from danvan.petitions.forms import commune_or_error
        from danvan.portal.services import portal_province

        text: str = self.cleaned_data["commune_text"]
        commune = commune_or_error(text)
        province = portal_province()
        if province is not None and not commune.path.startswith(province.path):
            raise forms.ValidationError(
                _("%(commune)s không thuộc %(province)s: cổng này nhận ý kiến trong tỉnh.")
                % {"commune": commune.name, "province": province.name}
            )
        self.cleaned_data["commune"] = commune
        return text

    def clean_phone(self) -> str:
        value = re.sub(r"[\s.\-()]", "", self.cleaned_data.get("phone", ""))
        if value and not re.fullmatch(r"(\+?84|0)\d{9,10}", value):
            raise forms.ValidationError(_("Số điện thoại chưa đúng (ví dụ 0912345678)."))
        return value

    def clean_id_number(self) -> str:
        value = re.sub(r"\s", "", self.cleaned_data.get("id_number", ""))
        if value and not ID_NUMBER.match(value):
            raise forms.ValidationError(_("Số định danh cá nhân gồm 12 chữ số."))
        return value

    def clean_attachments(self) -> list[Any]:
        files: list[Any] = self.cleaned_data.get("attachments") or []
        limit = int(settings.PETITION_ATTACHMENT_MAX_BYTES)
        if len(files) > int(settings.PORTAL_MAX_FILES):
            raise forms.ValidationError(
                _("Chỉ gửi được tối đa %(n)s tệp.") % {"n": settings.PORTAL_MAX_FILES}
            )
        for upload in files:
            if upload.size > limit:
                raise forms.ValidationError(
                    _("Tệp “%(name)s” lớn hơn %(mb)s MB.")
                    % {"name": upload.name[:80], "mb": limit // (1024 * 1024)}
                )
            upload.seek(0)
            head = upload.read(8192)
            upload.seek(0)
            if not head or sniff(head) is None:
                raise forms.ValidationError(
                    _("Tệp “%(name)s” không phải ảnh, PDF, Word hay Excel.")
                    % {"name": upload.name[:80]}
                )
        return files

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind = data.get("kind")
        if not (data.get("phone") or data.get("email")):
            self.add_error("phone", _("Hãy ghi số điện thoại hoặc thư điện tử để nhận trả lời."))
        if kind in (Kind.KHIEU_NAI, Kind.TO_CAO) and not data.get("id_number"):
            self.add_error(
                "id_number", _("Khiếu nại, tố cáo cần số định danh cá nhân của người gửi.")
            )
        if kind == Kind.KHIEU_NAI and not data.get("contested_decision", "").strip():
            self.add_error(
                "contested_decision", _("Khiếu nại cần ghi quyết định, hành vi bị khiếu nại.")
            )
        if kind == Kind.TO_CAO and not data.get("accused", "").strip():
            self.add_error("accused", _("Tố cáo cần ghi người, cơ quan bị tố cáo."))
        if kind not in (Kind.PHAN_ANH, Kind.KIEN_NGHI):
            data["consent_to_publish"] = False  # complaints and denunciations are never public
        self.check_trap()
        if data.get("captcha_token"):
            self.check_captcha()
        return data


class TrackingForm(forms.Form):
    code = forms.CharField(
        label=_("Mã tra cứu"),
        max_length=20,
        help_text=_("Mã in trên giấy biên nhận, ví dụ ABCDE-23456."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )


class RatingForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_("Bạn có hài lòng với câu trả lời không?"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Hài lòng")), ("no", _("Không hài lòng"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Hãy chọn hài lòng hoặc không hài lòng.")},
    )
    comment = forms.CharField(
        label=_("Ý kiến của bạn (không bắt buộc; nếu chưa hài lòng, hãy nói vì sao)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PublicSearchForm(forms.Form):
    q = forms.CharField(label=_("Từ khóa"), max_length=100, required=False)
    field = forms.ChoiceField(
        label=_("Lĩnh vực"), required=False, choices=[("", _("Tất cả")), *Field.choices]
    )
    commune = forms.CharField(
        label=_("Xã, phường"), max_length=300, required=False,
        widget=forms.TextInput(attrs={"list": "commune-list", "autocomplete": "off",
                                      "data-suggest": "1"}),
    )  # fmt: skip


class LoginForm(CaptchaMixin):
    destination = forms.CharField(
        label=_("Số điện thoại hoặc thư điện tử"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_captcha()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        self.check_trap()
        if data.get("captcha_token"):
            self.check_captcha()
        return data


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã 6 chữ số"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def clean_code(self) -> str:
        code = re.sub(r"[\s.\-]", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError(_("Mã gồm 6 chữ số."))
        return code
