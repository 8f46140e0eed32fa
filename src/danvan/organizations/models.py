"""Organizations (tổ chức), officers (cán bộ), roles (vai trò) and memberships.

An organization sits at an administrative unit (province or commune) and in a tree of
organizations (Tỉnh ủy → Ban Tuyên giáo và Dân vận; UBND tỉnh → Sở …).  ``path`` holds the
ids from the root with slashes around them (``/1/7/``) so a subtree is a prefix query.
An officer acts through memberships: a role in an organization.  What a role may do is a
set of Django permissions; how far it reaches is either the organization's subtree or the
whole area (the unit subtree) of the organization.  ``danvan.organizations.access`` turns
that into decisions and query filters.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Permission
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.units.models import AdministrativeUnit


class UserKind(models.TextChoices):
    OFFICER = "officer", _("Cán bộ")
    CITIZEN = "citizen", _("Công dân")


class User(AbstractUser):
    """An account.  Officers act through memberships; citizens use the portal only."""

    kind = models.CharField(
        _("loại tài khoản"), max_length=16, choices=UserKind.choices, default=UserKind.OFFICER
    )
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")

    def __str__(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name()

    @property
    def is_officer(self) -> bool:
        return self.kind == UserKind.OFFICER

    # An officer lives where their active memberships are (see ``access``).
    scope_organization_field = "memberships__organization"
    scope_unit_field = "memberships__organization__unit"
    scope_same_row_q = models.Q(memberships__is_active=True)

    def scope_paths(self, include_inactive: bool = False) -> list[tuple[str | None, str | None]]:
        memberships = self.memberships.select_related("organization__unit")
        if not include_inactive:
            memberships = memberships.filter(is_active=True)
        return [(m.organization.path, m.organization.unit.path) for m in memberships]


class OrganizationKind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("Cấp ủy Đảng")
    PARTY_COMMISSION = "party_commission", _("Ban, cơ quan tham mưu của cấp ủy")
    PEOPLES_COUNCIL = "peoples_council", _("Hội đồng nhân dân")
    PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
    DEPARTMENT = "department", _("Cơ quan chuyên môn, sở, ngành")
    RECEPTION_OFFICE = "reception_office", _("Ban tiếp công dân")
    FATHERLAND_FRONT = "fatherland_front", _("Ủy ban Mặt trận Tổ quốc Việt Nam")
    MASS_ORGANIZATION = "mass_organization", _("Tổ chức chính trị - xã hội, hội quần chúng")
    POLICE = "police", _("Công an")
    COURT = "court", _("Tòa án nhân dân")
    PROCURACY = "procuracy", _("Viện kiểm sát nhân dân")
    OTHER = "other", _("Khác")


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def active(self) -> OrganizationQuerySet:
        return self.filter(is_active=True)

    def within(self, organization: Organization) -> OrganizationQuerySet:
        return self.filter(path__startswith=organization.path)

    def in_unit(self, unit: AdministrativeUnit) -> OrganizationQuerySet:
        return self.filter(unit__path__startswith=unit.path)


class Organization(models.Model):
    code = models.SlugField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(
        _("tên viết tắt"),
        max_length=64,
        blank=True,
        help_text=_("Dùng trong ký hiệu văn bản, ví dụ UBND, BTGDVTU."),
    )
    kind = models.CharField(_("loại tổ chức"), max_length=32, choices=OrganizationKind.choices)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("địa bàn"),
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("tổ chức cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("đường dẫn"), max_length=255, db_index=True, editable=False)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=32, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    scope_organization_field = ""  # the organization itself
    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("tổ chức")
        verbose_name_plural = _("tổ chức")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def is_within(self, other: Organization) -> bool:
        return self.path.startswith(other.path)


class RoleReach(models.TextChoices):
    ORGANIZATION = "organization", _("Tổ chức của mình và các đơn vị trực thuộc")
    AREA = "area", _("Toàn địa bàn của tổ chức")


class Role(models.Model):
    """A role (vai trò): what its holders may do, and how far it reaches."""

    code = models.SlugField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("tên"), max_length=128)
    description = models.TextField(_("mô tả"), blank=True)
    reach = models.CharField(
        _("phạm vi"), max_length=16, choices=RoleReach.choices, default=RoleReach.ORGANIZATION
    )
    permissions = models.ManyToManyField(
        Permission, verbose_name=_("quyền"), blank=True, related_name="danvan_roles"
    )
    grants_admin_site = models.BooleanField(
        _("được vào trang quản trị"),
        default=False,
        help_text=_("Người giữ vai trò này được vào trang quản trị (trong phạm vi của mình)."),
    )
    is_system = models.BooleanField(
        _("vai trò hệ thống"),
        default=False,
        editable=False,
        help_text=_("Vai trò mặc định; quyền mặc định được bổ sung lại mỗi lần cập nhật."),
    )

    class Meta:
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(is_active=True, organization__is_active=True)


class Membership(models.Model):
    """An officer's role in an organization (cán bộ giữ vai trò tại tổ chức)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("tổ chức"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.ForeignKey(
        Role, verbose_name=_("vai trò"), on_delete=models.PROTECT, related_name="memberships"
    )
    is_active = models.BooleanField(_("đang hiệu lực"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    scope_organization_field = "organization"
    scope_unit_field = "organization__unit"

    class Meta:
        verbose_name = _("phân công vai trò")
        verbose_name_plural = _("phân công vai trò")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="membership_user_org_role_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.role} · {self.organization}"
