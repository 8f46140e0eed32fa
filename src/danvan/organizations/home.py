"""The home-page panels of each role (việc cần làm theo vai trò).

Each panel names the work a role has to do.  Later apps fill them in by registering a panel
with the same key and a provider; until then the panel shows its empty state.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danvan.core.registries import HomePanel, PanelContent, home_panels
from danvan.organizations.roles import RoleCode as R

PANELS = [
    HomePanel(
        "petitions.awaiting_classification",
        _("Đơn chờ phân loại"),
        frozenset({R.INTAKE_OFFICER}),
        _("Không có đơn nào chờ phân loại."),
        order=10,
    ),
    HomePanel(
        "petitions.assigned_to_me",
        _("Việc được giao cho tôi"),
        frozenset({R.HANDLING_OFFICER}),
        _("Chưa có việc nào được giao cho bạn."),
        order=10,
    ),
    HomePanel(
        "petitions.due_soon",
        _("Sắp đến hạn"),
        frozenset({R.INTAKE_OFFICER, R.HANDLING_OFFICER, R.HEAD}),
        _("Không có việc nào sắp đến hạn."),
        order=20,
    ),
    HomePanel(
        "petitions.overdue",
        _("Quá hạn"),
        frozenset({R.HEAD, R.LEADER, R.MASS_MOBILIZATION_OFFICER}),
        _("Không có việc nào quá hạn."),
        order=15,
    ),
    HomePanel(
        "petitions.awaiting_approval",
        _("Chờ thủ trưởng phê duyệt"),
        frozenset({R.HEAD}),
        _("Không có quyết định, gia hạn nào chờ phê duyệt."),
        order=10,
    ),
    HomePanel(
        "engagements.reception_days",
        _("Lịch tiếp công dân"),
        frozenset({R.HEAD, R.LEADER}),
        _("Chưa có lịch tiếp công dân nào."),
        order=30,
    ),
    HomePanel(
        "opinion.reports",
        _("Báo cáo dư luận mới"),
        frozenset({R.MASS_MOBILIZATION_OFFICER, R.FRONT_CADRE}),
        _("Chưa có báo cáo dư luận nào."),
        order=10,
    ),
    HomePanel(
        "directives.actions_due",
        _("Nhiệm vụ theo chỉ thị, nghị quyết"),
        frozenset({R.MASS_MOBILIZATION_OFFICER, R.LEADER}),
        _("Chưa có nhiệm vụ nào cần theo dõi."),
        order=20,
    ),
    HomePanel(
        "democracy.supervision",
        _("Giám sát, phản biện xã hội"),
        frozenset({R.FRONT_CADRE}),
        _("Chưa có kế hoạch giám sát nào."),
        order=20,
    ),
    HomePanel(
        "reports.indicators",
        _("Chỉ tiêu và báo cáo định kỳ"),
        frozenset({R.LEADER, R.MASS_MOBILIZATION_OFFICER}),
        _("Chưa có chỉ tiêu nào được giao."),
        order=40,
    ),
    HomePanel(
        "admin.recent_changes",
        _("Thay đổi gần đây trong phạm vi quản lý"),
        frozenset({R.ADMINISTRATOR}),
        _("Chưa có thay đổi nào được ghi nhật ký."),
        order=10,
        provider=lambda user: recent_changes(user),
    ),
]


def register_default_panels() -> None:
    for panel in PANELS:
        home_panels.register(panel)


def recent_changes(user: Any) -> PanelContent:
    """The latest audit entries the administrator may read."""
    from danvan.organizations.selectors import audit_entry_list_for

    entries = audit_entry_list_for(actor=user)
    return PanelContent(
        items=list(entries[:5]), total=entries.count(), more_url=reverse("audit-log")
    )
