"""The default roles (vai trò mặc định) and the permissions each starts with.

Roles are rows that administrators can edit in the admin; these are the system roles every
installation has.  Each later app adds the permissions its models need to the default roles
by calling ``grant_by_default`` from its ``AppConfig.ready()``.  After every ``migrate`` the
defaults are added again to the system roles (never removed), see ``sync_system_roles``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class RoleCode:
    INTAKE_OFFICER = "intake_officer"
    HANDLING_OFFICER = "handling_officer"
    HEAD = "head"
    MASS_MOBILIZATION_OFFICER = "mass_mobilization_officer"
    FRONT_CADRE = "front_cadre"
    ADMINISTRATOR = "administrator"
    LEADER = "leader"
    CONFIDENTIAL_OFFICER = "confidential_officer"


@dataclass
class RoleDefinition:
    code: str
    name: Promise
    description: Promise
    reach: str
    admin_site: bool = False
    permissions: set[str] = field(default_factory=set)


_VIEW_ORG = {
    "organizations.view_organization",
    "organizations.view_membership",
    "units.view_administrativeunit",
}

DEFAULT_ROLES: dict[str, RoleDefinition] = {
    d.code: d
    for d in [
        RoleDefinition(
            RoleCode.INTAKE_OFFICER,
            _("Cán bộ tiếp nhận, xử lý đơn"),
            _("Tiếp nhận đơn thư từ mọi kênh, phân loại và chuyển xử lý."),
            "organization",
            permissions=set(_VIEW_ORG),
        ),
        RoleDefinition(
            RoleCode.HANDLING_OFFICER,
            _("Cán bộ thụ lý"),
            _("Giải quyết việc được giao, dự thảo văn bản trả lời."),
            "organization",
            permissions=set(_VIEW_ORG),
        ),
        RoleDefinition(
            RoleCode.HEAD,
            _("Thủ trưởng, người đứng đầu"),
            _("Phê duyệt quyết định, gia hạn; tiếp công dân, đối thoại."),
            "organization",
            permissions=_VIEW_ORG | {"organizations.change_organization"},
        ),
        RoleDefinition(
            RoleCode.MASS_MOBILIZATION_OFFICER,
            _("Cán bộ dân vận"),
            _("Theo dõi dư luận, phong trào, mạng lưới, việc thực hiện chỉ thị; viết báo cáo."),
            "area",
            permissions=set(_VIEW_ORG),
        ),
        RoleDefinition(
            RoleCode.FRONT_CADRE,
            _("Cán bộ Mặt trận, đoàn thể"),
            _("Giám sát, phản biện xã hội, báo cáo dư luận, dân chủ ở cơ sở."),
            "area",
            permissions=set(_VIEW_ORG),
        ),
        RoleDefinition(
            RoleCode.ADMINISTRATOR,
            _("Quản trị viên"),
            _("Quản lý tổ chức, tài khoản, vai trò, danh mục trong địa bàn của mình."),
            "area",
            admin_site=True,
            permissions=_VIEW_ORG
            | {
                "organizations.add_organization",
                "organizations.change_organization",
                "organizations.add_membership",
                "organizations.change_membership",
                "organizations.delete_membership",
                "organizations.view_role",
                "organizations.view_user",
                "organizations.add_user",
                "organizations.change_user",
                "units.add_administrativeunit",
                "units.change_administrativeunit",
                "core.view_audit_log",
                "core.view_auditentry",
            },
        ),
        RoleDefinition(
            RoleCode.LEADER,
            _("Lãnh đạo (chỉ xem)"),
            _("Xem tình hình, số liệu, báo cáo trong địa bàn; không thay đổi dữ liệu."),
            "area",
            permissions=set(_VIEW_ORG),
        ),
        RoleDefinition(
            RoleCode.CONFIDENTIAL_OFFICER,
            _("Cán bộ được tiếp cận thông tin Mật"),
            _(
                "Được xem danh tính người tố cáo của các hồ sơ thuộc tổ chức mình (Luật Tố "
                "cáo Điều 47, 56). Chỉ giao cho người trực tiếp giải quyết và được phép."
            ),
            "organization",
        ),
    ]
}


def grant_by_default(role_code: str, permissions: set[str] | list[str]) -> None:
    """Add permissions (``app_label.codename``) to a system role's defaults."""
    DEFAULT_ROLES[role_code].permissions.update(permissions)


def sync_system_roles(app_label: str | None = None) -> None:
    """Create the system roles and add their default permissions that exist now.

    Called after each app's migrations (``post_migrate``); ``app_label`` limits the
    permissions added to those of that app.
    """
    from django.contrib.auth.models import Permission

    from danvan.organizations.models import Role

    for definition in DEFAULT_ROLES.values():
        role, _created = Role.objects.get_or_create(
            code=definition.code,
            defaults={
                "name": str(definition.name),
                "description": str(definition.description),
                "reach": definition.reach,
                "grants_admin_site": definition.admin_site,
                "is_system": True,
            },
        )
        wanted = [p.split(".", 1) for p in definition.permissions]
        if app_label is not None:
            wanted = [w for w in wanted if w[0] == app_label]
        if not wanted:
            continue
        perms = Permission.objects.filter(
            content_type__app_label__in={a for a, _ in wanted},
            codename__in={c for _, c in wanted},
        ).select_related("content_type")
        wanted_set = {(a, c) for a, c in wanted}
        role.permissions.add(
            *[p for p in perms if (p.content_type.app_label, p.codename) in wanted_set]
        )
