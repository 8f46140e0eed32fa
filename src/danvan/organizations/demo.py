"""The demo province: Vĩnh Long (code 86) with its organizations and officers.

Creates, at province level, the Party committee and its commissions (Ban Tuyên giáo và Dân
vận Tỉnh ủy …), the People's Council, the People's Committee with its departments and the
citizen reception office, the Fatherland Front with the mass organizations, police, court and
procuracy; and in every commune the commune's Party committee, People's Council, People's
Committee, Fatherland Front with its mass organizations, and police.  Officers get one role
each; every officer's password is ``DEMO_PASSWORD``.  Running it again adds what is missing
and changes nothing else.  Rows are written in bulk (seconds, not minutes); one audit entry
records the load.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from danvan.core import audit
from danvan.core.text import fold
from danvan.organizations.access import access_changed
from danvan.organizations.models import (
    Membership,
    Organization,
    OrganizationKind,
    Role,
    User,
    UserKind,
)
from danvan.organizations.roles import RoleCode, sync_system_roles
from danvan.units.models import AdministrativeUnit

DEMO_PROVINCE_CODE = "86"
DEMO_PASSWORD = "danvan-demo-2026"  # noqa: S105  (printed for the demo on purpose)

K = OrganizationKind

# (key, name, short name, kind, parent key)
PROVINCE_ORGANIZATIONS: list[tuple[str, str, str, str, str | None]] = [
    ("tinh-uy", "Tỉnh ủy Vĩnh Long", "TU", K.PARTY_COMMITTEE, None),
    ("btgdv", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "BTGDVTU", K.PARTY_COMMISSION, "tinh-uy"),
    ("bto", "Ban Tổ chức Tỉnh ủy", "BTCTU", K.PARTY_COMMISSION, "tinh-uy"),
    ("ubkt", "Ủy ban Kiểm tra Tỉnh ủy", "UBKTTU", K.PARTY_COMMISSION, "tinh-uy"),
    ("bnc", "Ban Nội chính Tỉnh ủy", "BNCTU", K.PARTY_COMMISSION, "tinh-uy"),
    ("vptu", "Văn phòng Tỉnh ủy", "VPTU", K.PARTY_COMMISSION, "tinh-uy"),
    ("hdnd", "Hội đồng nhân dân tỉnh Vĩnh Long", "HĐND", K.PEOPLES_COUNCIL, None),
    ("ubnd", "Ủy ban nhân dân tỉnh Vĩnh Long", "UBND", K.PEOPLES_COMMITTEE, None),
    ("vpubnd", "Văn phòng Ủy ban nhân dân tỉnh", "VP", K.DEPARTMENT, "ubnd"),
    ("thanh-tra", "Thanh tra tỉnh", "TTr", K.DEPARTMENT, "ubnd"),
    ("btcd", "Ban Tiếp công dân tỉnh", "BTCD", K.RECEPTION_OFFICE, "ubnd"),
    ("so-noi-vu", "Sở Nội vụ", "SNV", K.DEPARTMENT, "ubnd"),
    ("so-tu-phap", "Sở Tư pháp", "STP", K.DEPARTMENT, "ubnd"),
    ("so-tai-chinh", "Sở Tài chính", "STC", K.DEPARTMENT, "ubnd"),
    ("so-nnmt", "Sở Nông nghiệp và Môi trường", "SNNMT", K.DEPARTMENT, "ubnd"),
    ("so-xay-dung", "Sở Xây dựng", "SXD", K.DEPARTMENT, "ubnd"),
    ("so-cong-thuong", "Sở Công Thương", "SCT", K.DEPARTMENT, "ubnd"),
    ("so-y-te", "Sở Y tế", "SYT", K.DEPARTMENT, "ubnd"),
    ("so-gddt", "Sở Giáo dục và Đào tạo", "SGDĐT", K.DEPARTMENT, "ubnd"),
    ("so-vhttdl", "Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", K.DEPARTMENT, "ubnd"),
    ("so-khcn", "Sở Khoa học và Công nghệ", "SKHCN", K.DEPARTMENT, "ubnd"),
    ("so-dttg", "Sở Dân tộc và Tôn giáo", "SDTTG", K.DEPARTMENT, "ubnd"),
    ("mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Vĩnh Long", "MTTQ", K.FATHERLAND_FRONT, None),
    ("hnd", "Hội Nông dân tỉnh", "HND", K.MASS_ORGANIZATION, "mttq"),
    ("hlhpn", "Hội Liên hiệp Phụ nữ tỉnh", "HLHPN", K.MASS_ORGANIZATION, "mttq"),
    ("tinh-doan", "Tỉnh Đoàn Vĩnh Long", "TĐ", K.MASS_ORGANIZATION, "mttq"),
    ("hccb", "Hội Cựu chiến binh tỉnh", "HCCB", K.MASS_ORGANIZATION, "mttq"),
    ("ldld", "Liên đoàn Lao động tỉnh", "LĐLĐ", K.MASS_ORGANIZATION, "mttq"),
    ("cong-an", "Công an tỉnh Vĩnh Long", "CA", K.POLICE, None),
    ("toa-an", "Tòa án nhân dân tỉnh Vĩnh Long", "TAND", K.COURT, None),
    ("vks", "Viện kiểm sát nhân dân tỉnh Vĩnh Long", "VKSND", K.PROCURACY, None),
]

# (key, name pattern, short name, kind, parent key in the commune, parent key in province)
COMMUNE_ORGANIZATIONS: list[tuple[str, str, str, str, str | None, str | None]] = [
    ("dang-uy", "Đảng ủy {unit}", "ĐU", K.PARTY_COMMITTEE, None, "tinh-uy"),
    ("hdnd", "Hội đồng nhân dân {unit}", "HĐND", K.PEOPLES_COUNCIL, None, None),
    ("ubnd", "Ủy ban nhân dân {unit}", "UBND", K.PEOPLES_COMMITTEE, None, "ubnd"),
    ("mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam {unit}", "MTTQ", K.FATHERLAND_FRONT, None, "mttq"),
    ("hnd", "Hội Nông dân {unit}", "HND", K.MASS_ORGANIZATION, "mttq", None),
    ("hlhpn", "Hội Liên hiệp Phụ nữ {unit}", "HLHPN", K.MASS_ORGANIZATION, "mttq", None),
    ("doan", "Đoàn Thanh niên {unit}", "ĐTN", K.MASS_ORGANIZATION, "mttq", None),
    ("hccb", "Hội Cựu chiến binh {unit}", "HCCB", K.MASS_ORGANIZATION, "mttq", None),
    ("cong-an", "Công an {unit}", "CA", K.POLICE, None, "cong-an"),
]

# (username prefix, role, organization key, position)
PROVINCE_OFFICERS = [
    ("quantri", RoleCode.ADMINISTRATOR, "vpubnd", "Chuyên viên quản trị hệ thống"),
    (
        "danvan",
        RoleCode.MASS_MOBILIZATION_OFFICER,
        "btgdv",
        "Chuyên viên Ban Tuyên giáo và Dân vận",
    ),
    ("lanhdao", RoleCode.LEADER, "tinh-uy", "Phó Bí thư Tỉnh ủy"),
    ("chutich", RoleCode.HEAD, "ubnd", "Chủ tịch UBND tỉnh"),
    ("tiepdan", RoleCode.INTAKE_OFFICER, "btcd", "Chuyên viên Ban Tiếp công dân"),
    ("thanhtra", RoleCode.HANDLING_OFFICER, "thanh-tra", "Thanh tra viên"),
    ("nnmt", RoleCode.HANDLING_OFFICER, "so-nnmt", "Chuyên viên Sở Nông nghiệp và Môi trường"),
    ("giamdoc.nnmt", RoleCode.HEAD, "so-nnmt", "Giám đốc Sở Nông nghiệp và Môi trường"),
    ("mattran", RoleCode.FRONT_CADRE, "mttq", "Phó Chủ tịch Ủy ban MTTQ tỉnh"),
    ("bimat", RoleCode.CONFIDENTIAL_OFFICER, "thanh-tra", "Thanh tra viên giải quyết tố cáo"),
]
COMMUNE_OFFICERS = [
    ("tiepnhan", RoleCode.INTAKE_OFFICER, "ubnd", "Công chức Văn phòng - Thống kê"),
    ("thuly", RoleCode.HANDLING_OFFICER, "ubnd", "Công chức Địa chính - Xây dựng"),
    ("chutich", RoleCode.HEAD, "ubnd", "Chủ tịch UBND"),
    ("quantri", RoleCode.ADMINISTRATOR, "ubnd", "Công chức phụ trách chuyển đổi số"),
    ("danvan", RoleCode.MASS_MOBILIZATION_OFFICER, "dang-uy", "Trưởng Ban Xây dựng Đảng"),
    ("mattran", RoleCode.FRONT_CADRE, "mttq", "Chủ tịch Ủy ban MTTQ"),
    ("bimat", RoleCode.CONFIDENTIAL_OFFICER, "ubnd", "Công chức được giao giải quyết tố cáo"),
]

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Huỳnh",
    "Võ",
    "Phan",
    "Trương",
    "Đặng",
    "Bùi",
    "Thạch",
    "Sơn",
    "Kim",
    "Lâm",
    "Dương",
    "Hồ",
    "Ngô",
    "Đỗ",
    "Châu",
    "Tô",
]
MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Ngọc", "Hoàng", "Quốc", "Thị Kim", "Hữu", "Phương"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hà",
    "Hạnh",
    "Hiếu",
    "Hòa",
    "Hùng",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Quang",
    "Sang",
    "Tâm",
    "Thảo",
    "Trí",
    "Tuấn",
    "Vân",
    "Vy",
    "Sóc",
    "Sa Rươne",
    "Mony",
    "Sóc Kha",
]


@dataclass
class DemoSummary:
    organizations_created: int
    officers_created: int
    memberships_created: int
    communes: int
    featured_commune: AdministrativeUnit | None


def _person(seed: str) -> str:
    digest = hashlib.sha256(seed.encode()).digest()
    return (
        f"{FAMILY[digest[0] % len(FAMILY)]} {MIDDLE[digest[1] % len(MIDDLE)]} "
        f"{GIVEN[digest[2] % len(GIVEN)]}"
    )


def _slug(text: str) -> str:
    return fold(text).replace(" ", "")


def commune_username_part(commune: AdministrativeUnit, taken: set[str]) -> str:
    base = _slug(commune.short_name or commune.name)
    return base if base not in taken else f"{base}{commune.code}"


def featured_commune(province: AdministrativeUnit) -> AdministrativeUnit | None:
    """The commune whose logins the demo prints in full (today's commune of old Long Đức)."""
    communes = AdministrativeUnit.objects.communes().filter(parent=province)
    return communes.filter(search_key__contains="long duc").first() or communes.first()


@transaction.atomic
def load_demo_province() -> DemoSummary:
    sync_system_roles()
    province = AdministrativeUnit.objects.get(code=DEMO_PROVINCE_CODE)
    communes = list(AdministrativeUnit.objects.communes().filter(parent=province).order_by("code"))
    roles = {r.code: r for r in Role.objects.all()}
    existing = {o.code: o for o in Organization.objects.filter(code__startswith="86-")}

    # Organizations: each level's rows are bulk-created, then their paths set in bulk.
    new_orgs: list[Organization] = []

    def add(
        code: str,
        name: str,
        short: str,
        kind: str,
        unit: AdministrativeUnit,
        parent: Organization | None,
    ) -> Organization:
        if code in existing:
            return existing[code]
        org = Organization(
            code=code, name=name, short_name=short, kind=kind, unit=unit, parent=parent, path=""
        )
        existing[code] = org
        new_orgs.append(org)
        return org

    def flush() -> None:
        pending = [o for o in new_orgs if o.pk is None]
        if not pending:
            return
        Organization.objects.bulk_create(pending)
        if any(o.pk is None for o in pending):  # backends that return no ids
            ids = dict(
                Organization.objects.filter(code__in=[o.code for o in pending]).values_list(
                    "code", "pk"
                )
            )
            for o in pending:
                o.pk = o.id = ids[o.code]
        for o in pending:
            o.parent_id = o.parent.pk if o.parent else None
            o.path = f"{o.parent.path if o.parent else '/'}{o.pk}/"
        Organization.objects.bulk_update(pending, ["path", "parent"])

    province_orgs: dict[str, Organization] = {}
    for key, name, short, kind, parent_key in PROVINCE_ORGANIZATIONS:
        if parent_key is not None:
            flush()
        province_orgs[key] = add(
            f"86-{key}",
            name,
            short,
            kind,
            province,
            province_orgs.get(parent_key) if parent_key else None,
        )
    flush()

    commune_orgs: dict[tuple[str, str], Organization] = {}
    for tier in ("root", "child"):
        for commune in communes:
            for key, pattern, short, kind, local_parent, province_parent in COMMUNE_ORGANIZATIONS:
                if (tier == "root") != (local_parent is None):
                    continue
                parent = (
                    commune_orgs[(commune.code, local_parent)]
                    if local_parent
                    else province_orgs.get(province_parent)
                    if province_parent
                    else None
                )
                unit_label = f"{commune.kind.lower()} {commune.short_name or commune.name}"
                commune_orgs[(commune.code, key)] = add(
                    f"86-{commune.code}-{key}",
                    pattern.format(unit=unit_label),
                    short,
                    kind,
                    commune,
                    parent,
                )
        flush()
    organizations_created = len(new_orgs)

    # Officers and their roles.
    password_hash = make_password(DEMO_PASSWORD)
    taken_users = set(User.objects.values_list("username", flat=True))
    new_users: list[User] = []
    wanted: list[tuple[str, str, Organization]] = []

    def officer(username: str, role_code: str, org: Organization, position: str) -> None:
        if username not in taken_users:
            new_users.append(
                User(
                    username=username,
                    full_name=_person(username),
                    kind=UserKind.OFFICER,
                    position=position,
                    email=f"{username}@demo.danvan.local",
                    password=password_hash,
                    is_staff=roles[role_code].grants_admin_site,
                )
            )
            taken_users.add(username)
        wanted.append((username, role_code, org))

    for prefix, role_code, org_key, position in PROVINCE_OFFICERS:
        officer(f"{prefix}.tinh", role_code, province_orgs[org_key], position)
    used_parts: set[str] = set()
    for commune in communes:
        part = commune_username_part(commune, used_parts)
        used_parts.add(part)
        for prefix, role_code, org_key, position in COMMUNE_OFFICERS:
            officer(
                f"{prefix}.{part}",
                role_code,
                commune_orgs[(commune.code, org_key)],
                f"{position} {commune.kind.lower()}",
            )
    User.objects.bulk_create(new_users)
    user_ids = dict(
        User.objects.filter(username__in=[w[0] for w in wanted]).values_list("username", "pk")
    )
    have = set(
        Membership.objects.filter(user_id__in=user_ids.values()).values_list(
            "user_id", "organization_id", "role_id"
        )
    )
    new_memberships = []
    for username, role_code, org in wanted:
        triple = (user_ids[username], org.pk, roles[role_code].pk)
        if triple not in have:
            have.add(triple)
            new_memberships.append(
                Membership(user_id=triple[0], organization_id=triple[1], role_id=triple[2])
            )
    Membership.objects.bulk_create(new_memberships)

    summary = DemoSummary(
        organizations_created,
        len(new_users),
        len(new_memberships),
        len(communes),
        featured_commune(province),
    )
    audit.record(
        actor=None,
        action="demo.load",
        object_repr=province.name,
        changes={
            "organizations": [None, organizations_created],
            "officers": [None, len(new_users)],
            "memberships": [None, len(new_memberships)],
        },
    )
    access_changed()  # bulk writes send no signals
    return summary


def demo_logins(commune: AdministrativeUnit | None) -> list[tuple[str, str, str]]:
    """(username, role, organization) of the province's officers and one commune's."""
    usernames = [f"{p}.tinh" for p, *_ in PROVINCE_OFFICERS]
    if commune is not None:
        part = _slug(commune.short_name or commune.name)
        usernames += [f"{p}.{part}" for p, *_ in COMMUNE_OFFICERS]
    rows = (
        Membership.objects.filter(user__username__in=usernames)
        .select_related("user", "role", "organization")
        .order_by("organization__path")
    )
    return [(m.user.username, m.role.name, m.organization.name) for m in rows]
