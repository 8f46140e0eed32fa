"""Petitions (đơn thư; phản ánh, kiến nghị, khiếu nại, tố cáo) and what belongs to them.

A petition lives at the organization responsible for it now (``organization``: the one that
received it until it is transferred) and concerns a commune (``commune``); the permission
layer scopes it by both.  Its state changes only through ``services`` following the table in
``workflow.py``; each change appends a ``PetitionEvent`` (the timeline) and an audit entry in
the same transaction.  The active clock (``clock_step``, ``due_on``) comes from the deadline
engine and is stored so that lists and sweeps read an indexed column.

A denouncer's identity is never in these tables: ``ConfidentialIdentity`` holds it encrypted,
behind its own permission (Luật Tố cáo Art. 47, 56).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.organizations.models import Organization
from danvan.petitions.enums import (
    OPEN_STATES,
    Channel,
    Complexity,
    DocumentType,
    Field,
    FilingReason,
    Kind,
    LinkKind,
    RefusalGround,
    State,
)
from danvan.units.models import AdministrativeUnit

USER = settings.AUTH_USER_MODEL


class PetitionQuerySet(models.QuerySet["Petition"]):
    def open(self) -> PetitionQuerySet:
        return self.filter(state__in=OPEN_STATES)

    def overdue(self, *, on: object) -> PetitionQuerySet:
        return self.open().filter(due_on__lt=on).exclude(state=State.SUSPENDED)

    def due_between(self, start: object, end: object) -> PetitionQuerySet:
        return self.open().filter(due_on__gte=start, due_on__lte=end).exclude(state=State.SUSPENDED)


# Published: a phản ánh or kiến nghị whose citizen agreed to publication and whose
# petitioners' identity is not confidential — what the portal's public answers and Open311
# may show (``publication.public_petitions``).  The partial indexes below use this same
# condition, so that the queries keep matching them.
PUBLISHED_WHERE: dict[str, object] = {
    "consent_to_publish": True,
    "identity_confidential": False,
    "kind__in": ["kien_nghi", "phan_anh"],
}
PUBLISHED = Q(**PUBLISHED_WHERE)


class Petition(models.Model):
    tracking_code = models.CharField(
        _("mã tra cứu"),
        max_length=16,
        unique=True,
        help_text=_("Mã ngẫu nhiên để người dân tra cứu."),
    )
    submission_key = models.CharField(
        _("mã lần gửi"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Chống tạo trùng khi một biểu mẫu được gửi hai lần."),
    )
    kind = models.CharField(_("loại đơn"), max_length=16, choices=Kind.choices)
    channel = models.CharField(_("kênh tiếp nhận"), max_length=16, choices=Channel.choices)
    field = models.CharField(_("lĩnh vực"), max_length=24, choices=Field.choices)
    subject = models.CharField(_("trích yếu"), max_length=255)
    content = models.TextField(_("nội dung"))
    request = models.TextField(_("yêu cầu của người gửi"), blank=True)

    commune = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("xã, phường liên quan"),
        on_delete=models.PROTECT,
        related_name="petitions",
        db_index=False,  # petition_commune_state_idx begins with it
    )
    hamlet = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("ấp, khóm, tổ dân phố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hamlet_petitions",
    )
    address_as_written = models.CharField(_("địa chỉ như trong đơn"), max_length=500, blank=True)

    received_on = models.DateField(_("ngày tiếp nhận"), db_index=True)
    received_by = models.ForeignKey(
        USER,
        verbose_name=_("người tiếp nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    receiving_organization = models.ForeignKey(
        Organization,
        verbose_name=_("cơ quan tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="received_petitions",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("cơ quan đang xử lý"),
        on_delete=models.PROTECT,
        related_name="petitions",
        db_index=False,  # petition_worklist_idx begins with it
    )
    assigned_to = models.ForeignKey(
        USER,
        verbose_name=_("cán bộ thụ lý"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_petitions",
        db_index=False,  # petition_assignee_idx begins with it
    )

    state = models.CharField(
        _("trạng thái"), max_length=20, choices=State.choices, default=State.RECEIVED
    )
    state_before_suspension = models.CharField(
        _("trạng thái trước khi tạm đình chỉ"), max_length=20, choices=State.choices, blank=True
    )
    classification_reason = models.TextField(_("lý do phân loại"), blank=True)
    refusal_ground = models.CharField(
        _("căn cứ không thụ lý"), max_length=20, choices=RefusalGround.choices, blank=True
    )
    filing_reason = models.CharField(
        _("lý do lưu đơn"), max_length=20, choices=FilingReason.choices, blank=True
    )
    transferred_to = models.ForeignKey(
        Organization,
        verbose_name=_("chuyển đến"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    transferred_to_name = models.CharField(
        _("chuyển đến (cơ quan ngoài hệ thống)"), max_length=255, blank=True
    )

    is_anonymous = models.BooleanField(_("nặc danh"), default=False)
    identity_confidential = models.BooleanField(
        _("danh tính người gửi được bảo mật"),
        default=False,
        help_text=_("Tố cáo, hoặc phần tách ra từ một đơn tố cáo: danh tính được mã hóa riêng."),
    )
    has_signature = models.BooleanField(_("có chữ ký hoặc điểm chỉ"), default=False)
    petitioner_count = models.PositiveIntegerField(_("số người cùng gửi"), default=1)
    complexity = models.CharField(
        _("mức độ phức tạp"), max_length=20, choices=Complexity.choices, default=Complexity.NORMAL
    )
    is_remote_area = models.BooleanField(_("vùng sâu, vùng xa"), default=False)
    complaint_round = models.PositiveSmallIntegerField(
        _("lần khiếu nại"), null=True, blank=True, help_text=_("1 hoặc 2; chỉ với khiếu nại.")
    )
    contested_decision = models.TextField(
        _("quyết định, hành vi bị khiếu nại"),
        blank=True,
        help_text=_("Số, ngày, cơ quan hoặc người ban hành; hoặc hành vi hành chính."),
    )
    contested_decision_known_on = models.DateField(
        _("ngày biết được quyết định, hành vi"), null=True, blank=True
    )
    accused = models.TextField(_("người, cơ quan bị tố cáo"), blank=True)

    is_mass = models.BooleanField(_("đông người"), default=False)
    is_bypassing = models.BooleanField(_("vượt cấp"), default=False)
    is_prolonged = models.BooleanField(_("kéo dài"), default=False)
    is_duplicate = models.BooleanField(_("trùng lặp"), default=False)
    is_recurring = models.BooleanField(_("tái diễn"), default=False)
    is_urgent = models.BooleanField(_("khẩn"), default=False)

    # The clock running now (from core.deadlines); empty when none runs.
    clock_step = models.CharField(_("bước đang tính hạn"), max_length=64, blank=True)
    clock_started_on = models.DateField(_("tính hạn từ ngày"), null=True, blank=True)
    due_on = models.DateField(_("hạn giải quyết"), null=True, blank=True)
    deadline_rule_set = models.CharField(_("bộ quy tắc thời hạn"), max_length=64, blank=True)
    extensions = models.PositiveSmallIntegerField(_("số lần gia hạn"), default=0)
    pauses = models.JSONField(_("các lần tạm dừng"), default=list, blank=True)
    paused_on = models.DateField(_("tạm dừng từ ngày"), null=True, blank=True)

    accepted_on = models.DateField(_("ngày thụ lý"), null=True, blank=True)
    decided_on = models.DateField(_("ngày quyết định, kết luận"), null=True, blank=True)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    consent_to_publish = models.BooleanField(_("đồng ý công khai nội dung trả lời"), default=False)
    language = models.CharField(
        _("ngôn ngữ của đơn"),
        max_length=8,
        default="vi",
        help_text=_(
            "Ngôn ngữ người gửi dùng (vi, km: tiếng Khmer, en); cần người dịch khi khác vi."
        ),
    )

    # NULL, not "": the text is not computed yet (rows written in bulk), which a read then
    # does; "" would be a description.
    public_description = models.TextField(  # noqa: DJ001
        _("nội dung công khai"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Nội dung (4.000 ký tự đầu) đã che thư điện tử, số điện thoại, số giấy tờ: mô tả "
            "trong Open311. Trống (NULL) khi chưa tính; khi đó được tính lúc đọc."
        ),
    )
    search_text = models.TextField(
        _("văn bản tìm kiếm"),
        blank=True,
        editable=False,
        help_text=_("Mã tra cứu, trích yếu, nội dung, địa chỉ: chữ thường, không dấu."),
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = PetitionQuerySet.as_manager()

    scope_organization_field = "organization"
    scope_unit_field = "commune"

    class Meta:
        verbose_name = _("đơn thư")
        verbose_name_plural = _("đơn thư")
        ordering = ["-received_on", "-id"]
        permissions = [
            ("classify_petition", _("Được phân loại đơn")),
            ("assign_petition", _("Được giao xử lý đơn")),
            ("handle_petition", _("Được xác minh, xử lý đơn")),
            ("decide_petition", _("Được ghi nhận quyết định, kết luận, trả lời")),
            ("extend_petition", _("Được gia hạn, tạm đình chỉ giải quyết")),
            ("close_petition", _("Được kết thúc hồ sơ")),
            ("reopen_petition", _("Được mở lại hồ sơ")),
            ("export_petition", _("Được xuất danh sách đơn")),
            ("import_petition", _("Được nhập đơn từ bảng tính")),
            ("view_denouncer_identity", _("Được xem danh tính người tố cáo (Mật)")),
        ]
        indexes = [
            models.Index(fields=["organization", "state", "due_on"], name="petition_worklist_idx"),
            models.Index(fields=["commune", "state"], name="petition_commune_state_idx"),
            models.Index(
                fields=["due_on"],
                name="petition_open_due_idx",
                condition=Q(state__in=sorted(OPEN_STATES)),
            ),
            models.Index(fields=["assigned_to", "state"], name="petition_assignee_idx"),
            # The lists' default order: walked in order (and stopped after a page) when a
            # search matches many petitions.
            models.Index(fields=["due_on", "id"], name="petition_due_id_idx"),
            # Open311's list: published phản ánh and kiến nghị, newest first, within 90 days;
            # its count and its page's ids are read from this index alone (PostgreSQL), with
            # the status and service filters on the included columns (bench/api_load.py).
            models.Index(
                fields=["created_at", "id"],
                include=["field", "state", "updated_at"],
                name="petition_open311_idx",
                condition=PUBLISHED,
            ),
            # The same list for one service (field): a field's count and page read only its
            # own entries (1-30 % of the list) instead of filtering all of the 90 days'.
            models.Index(
                fields=["field", "created_at", "id"],
                include=["state", "updated_at"],
                name="petition_open311_field_idx",
                condition=PUBLISHED,
            ),
            # The portal's public answers, newest first (petitions.publication); new petitions
            # have no answer date, so intake never writes to it.
            models.Index(
                fields=["-answered_on", "-id"],
                name="petition_public_answer_idx",
                condition=Q(**PUBLISHED_WHERE, answered_on__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(complaint_round__isnull=True) | Q(complaint_round__in=[1, 2]),
                name="petition_complaint_round_1_or_2",
            ),
        ]

    def __str__(self) -> str:
        if self.identity_confidential:  # a denunciation's subject may point to its author
            return f"{self.tracking_code} · {self.get_kind_display()}"
        return f"{self.tracking_code} · {self.subject}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("petitions:petition-detail", args=[self.pk])

    def build_search_text(self) -> str:
        """What full-text search matches, folded (no diacritics, lower case), so that
        "dat dai" and "Đất đai" find the same petitions.  Never a denouncer's identity."""
        from danvan.core.text import fold

        parts = [
            self.tracking_code,
            self.subject,
            self.content,
            self.request,
            self.address_as_written,
            self.accused,
            self.contested_decision,
        ]
        return fold(" ".join(p for p in parts if p))

    def build_public_description(self, people: Sequence[object] = ()) -> str:
        """The content as Open311 publishes it (``publication.public_description``, without
        what identifies ``people``, its petitioners), stored so that a list of 1,000
        requests does not redact 1,000 texts at each read."""
        from danvan.petitions.publication import public_description

        return public_description(self.content, people)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def flags(self) -> list[str]:
        from danvan.petitions.enums import Flag

        pairs = [
            (self.is_mass, Flag.DONG_NGUOI),
            (self.is_bypassing, Flag.VUOT_CAP),
            (self.is_prolonged, Flag.KEO_DAI),
            (self.is_duplicate, Flag.TRUNG_LAP),
            (self.is_recurring, Flag.TAI_DIEN),
            (self.is_urgent, Flag.KHAN),
        ]
        return [str(flag.label) for on, flag in pairs if on]


class Petitioner(models.Model):
    """Người gửi đơn.  For a denunciation these rows hold no personal data: only the
    position in the list and whether the person represents the group."""

    petition = models.ForeignKey(
        Petition, verbose_name=_("đơn"), on_delete=models.CASCADE, related_name="petitioners"
    )
    position = models.PositiveIntegerField(_("thứ tự"), default=1)
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    id_number = models.CharField(_("số CCCD/định danh"), max_length=20, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    is_representative = models.BooleanField(_("người đại diện"), default=False)

    scope_organization_field = "petition__organization"
    scope_unit_field = "petition__commune"

    class Meta:
        verbose_name = _("người gửi đơn")
        verbose_name_plural = _("người gửi đơn")
        ordering = ["petition", "position"]

    def __str__(self) -> str:
        return self.full_name or _("Người gửi %(n)s") % {"n": self.position}


class ConfidentialIdentity(models.Model):
    """Danh tính người tố cáo (Mật): the denouncers' names, addresses, ID numbers and contacts,
    encrypted with the key from ``DANVAN_IDENTITY_KEYS``; read only through
    ``services.denouncer_identity_read``, which checks the permission and audits each read."""

    petition = models.OneToOneField(
        Petition,
        verbose_name=_("đơn"),
        on_delete=models.CASCADE,
        related_name="confidential_identity",
    )
    ciphertext = models.BinaryField(_("dữ liệu đã mã hóa"))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    scope_organization_field = "petition__organization"
    scope_unit_field = "petition__commune"

    class Meta:
        verbose_name = _("danh tính người tố cáo (Mật)")
        verbose_name_plural = _("danh tính người tố cáo (Mật)")

    def __str__(self) -> str:
        return str(_("Danh tính được bảo mật của đơn %(id)s") % {"id": self.petition_id})


class PetitionEvent(models.Model):
    """One line of the case's timeline (append-only).  ``processed_at`` is set when the
    notifications the event causes have been dispatched."""

    petition = models.ForeignKey(
        Petition, verbose_name=_("đơn"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    actor = models.ForeignKey(
        USER,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("thao tác"), max_length=40)
    from_state = models.CharField(_("từ trạng thái"), max_length=20, blank=True)
    to_state = models.CharField(_("sang trạng thái"), max_length=20, blank=True)
    reason = models.TextField(_("lý do, ghi chú"), blank=True)
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)
    processed_at = models.DateTimeField(_("đã gửi thông báo lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("diễn biến xử lý")
        verbose_name_plural = _("diễn biến xử lý")
        ordering = ["petition", "at", "id"]
        indexes = [
            models.Index(
                fields=["id"],
                name="petition_event_unprocessed",
                condition=Q(processed_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action}"

    @property
    def action_label(self) -> str:
        from danvan.petitions.workflow import action_label

        return action_label(self.action)

    @property
    def to_state_label(self) -> str:
        return str(State(self.to_state).label) if self.to_state in State.values else ""

    @property
    def due_on_label(self) -> str:
        due = self.data.get("due_on") if isinstance(self.data, dict) else None
        return "/".join(reversed(due.split("-"))) if due else ""


class PetitionDocument(models.Model):
    """A notice, decision, conclusion or answer of the case, with its number and date."""

    petition = models.ForeignKey(
        Petition, verbose_name=_("đơn"), on_delete=models.CASCADE, related_name="documents"
    )
    document_type = models.CharField(_("loại văn bản"), max_length=24, choices=DocumentType.choices)
    number = models.CharField(_("số, ký hiệu"), max_length=64, blank=True)
    issued_on = models.DateField(_("ngày ban hành"))
    issuer = models.ForeignKey(
        Organization, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="+"
    )
    signer = models.CharField(_("người ký"), max_length=150, blank=True)
    title = models.CharField(_("trích yếu"), max_length=255)
    body = models.TextField(_("nội dung"))
    created_by = models.ForeignKey(
        USER,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    scope_organization_field = "petition__organization"
    scope_unit_field = "petition__commune"

    class Meta:
        verbose_name = _("văn bản của hồ sơ")
        verbose_name_plural = _("văn bản của hồ sơ")
        ordering = ["petition", "issued_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_document_type_display()} {self.number}".strip()


class PetitionLink(models.Model):
    """A link between two petitions (same matter, second complaint, split from…)."""

    from_petition = models.ForeignKey(
        Petition, verbose_name=_("đơn"), on_delete=models.CASCADE, related_name="links"
    )
    to_petition = models.ForeignKey(
        Petition,
        verbose_name=_("đơn liên quan"),
        on_delete=models.CASCADE,
        related_name="backlinks",
    )
    kind = models.CharField(_("quan hệ"), max_length=24, choices=LinkKind.choices)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("liên kết giữa các đơn")
        verbose_name_plural = _("liên kết giữa các đơn")
        constraints = [
            models.UniqueConstraint(
                fields=["from_petition", "to_petition", "kind"], name="petition_link_uniq"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_petition_id} → {self.to_petition_id} ({self.kind})"


class Rating(models.Model):
    """Đánh giá của người dân về việc trả lời (hài lòng / không hài lòng)."""

    petition = models.ForeignKey(
        Petition, verbose_name=_("đơn"), on_delete=models.CASCADE, related_name="ratings"
    )
    satisfied = models.BooleanField(_("hài lòng"))
    comment = models.TextField(_("ý kiến"), blank=True)
    rated_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        USER,
        verbose_name=_("cán bộ ghi nhận thay người dân"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_organization_field = "petition__organization"
    scope_unit_field = "petition__commune"

    class Meta:
        verbose_name = _("đánh giá của người dân")
        verbose_name_plural = _("đánh giá của người dân")
        ordering = ["petition", "rated_at"]

    def __str__(self) -> str:
        return str(_("Hài lòng") if self.satisfied else _("Không hài lòng"))


class Attachment(models.Model):
    """A file of the case, stored outside the web root and served after a permission check."""

    petition = models.ForeignKey(
        Petition, verbose_name=_("đơn"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("tệp"), upload_to="petitions/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        USER,
        verbose_name=_("người tải lên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    scope_organization_field = "petition__organization"
    scope_unit_field = "petition__commune"

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["petition", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class PetitionStat(models.Model):
    """Counts of petitions by organization, commune, field and state, refreshed by a periodic
    job, so that overviews over a province's million petitions read a small table."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="+"
    )
    commune = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("xã, phường"), on_delete=models.CASCADE, related_name="+"
    )
    field = models.CharField(_("lĩnh vực"), max_length=24, choices=Field.choices)
    state = models.CharField(_("trạng thái"), max_length=20, choices=State.choices)
    total = models.PositiveIntegerField(_("số hồ sơ"), default=0)
    overdue = models.PositiveIntegerField(_("quá hạn"), default=0)
    due_soon = models.PositiveIntegerField(_("sắp đến hạn"), default=0)
    answered = models.PositiveIntegerField(_("đã trả lời"), default=0)
    answer_days = models.BigIntegerField(_("tổng số ngày đến khi trả lời"), default=0)
    as_of = models.DateTimeField(_("số liệu lúc"))

    scope_organization_field = "organization"
    scope_unit_field = "commune"

    class Meta:
        verbose_name = _("số liệu tổng hợp đơn thư")
        verbose_name_plural = _("số liệu tổng hợp đơn thư")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "commune", "field", "state"], name="petition_stat_uniq"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.commune_id}/{self.field}/{self.state}: {self.total}"


class ExportJob(models.Model):
    """Tệp xuất chạy nền: a list longer than a request may stream (``exports.MAX_SYNC_ROWS``)
    is written by the task worker to a file only its requester may download, for
    ``EXPORT_KEEP_DAYS`` days.  The rows are those the requester may export when the file is
    written, with the filters saved here."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        RUNNING = "running", _("Đang xuất")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Không thành công")

    requested_by = models.ForeignKey(
        USER, verbose_name=_("người yêu cầu"), on_delete=models.CASCADE, related_name="+"
    )
    file_format = models.CharField(_("định dạng"), max_length=8)
    filters = models.JSONField(_("bộ lọc"), default=dict, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    row_count = models.PositiveIntegerField(_("số đơn"), null=True, blank=True)
    file = models.FileField(_("tệp"), upload_to="exports/%Y/%m/", blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tệp xuất danh sách đơn")
        verbose_name_plural = _("tệp xuất danh sách đơn")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "created_at"], name="export_job_user_idx")]

    def __str__(self) -> str:
        return self.file_name or str(_("Tệp xuất #%(id)s") % {"id": self.pk})


class ImportJob(models.Model):
    """Nhập đơn chạy nền: a spreadsheet longer than a request may import while the officer
    waits (``imports.MAX_WEB_ROWS``), imported by the task worker, all or nothing as always;
    the report is kept here for the requester."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        RUNNING = "running", _("Đang nhập")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Không thành công")

    requested_by = models.ForeignKey(
        USER, verbose_name=_("người yêu cầu"), on_delete=models.CASCADE, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("cơ quan nhận đơn"), on_delete=models.CASCADE
    )
    file = models.FileField(_("tệp"), upload_to="imports/%Y/%m/")
    file_name = models.CharField(_("tên tệp"), max_length=255)
    dry_run = models.BooleanField(_("chỉ kiểm tra"), default=False)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    result = models.JSONField(_("kết quả"), default=dict, blank=True)
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần nhập đơn chạy nền")
        verbose_name_plural = _("các lần nhập đơn chạy nền")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name


# A job left RUNNING this long was lost with its worker (a crash, a restart): another worker
# may take it over, and it no longer counts as busy.
JOB_LEASE = dt.timedelta(minutes=30)


def claim_job(model: type[models.Model], job_id: int) -> bool:
    """Mark a queued (or abandoned) background job as running; False when another worker
    holds it or it is finished."""
    from django.utils import timezone

    now = timezone.now()
    pending = Q(status="pending") | Q(status="running", started_at__lt=now - JOB_LEASE)
    return bool(
        model._default_manager.filter(pending, pk=job_id).update(status="running", started_at=now)
    )
