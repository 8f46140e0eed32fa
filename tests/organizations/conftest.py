"""Personas, one per role, scoped to organizations and units (see STYLE.md D.3).

Vĩnh Long (86) holds commune A and commune C; the provincial People's Committee has a
department (agency B).  Another province holds the outsider's province-level organization.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from danvan.organizations.models import Organization, OrganizationKind, User
from danvan.organizations.roles import RoleCode
from danvan.units.models import AdministrativeUnit
from tests.organizations.factories import OrganizationFactory, UserFactory, grant


@dataclass
class World:
    province: AdministrativeUnit
    commune_a: AdministrativeUnit
    commune_c: AdministrativeUnit
    other_province: AdministrativeUnit
    ubnd_province: Organization
    agency_b: Organization
    ban_tgdv: Organization
    mttq_province: Organization
    ubnd_a: Organization
    mttq_a: Organization
    ubnd_c: Organization
    ubnd_other: Organization
    intake_a: User
    handling_b: User
    head_a: User
    mass_mobilization: User
    front_cadre_a: User
    admin_province: User
    admin_a: User
    leader: User
    outsider_c: User
    outsider_province: User
    superuser: User


@pytest.fixture
def world(loaded_units: None, db: None) -> World:
    province = AdministrativeUnit.objects.get(code="86")
    communes = list(
        AdministrativeUnit.objects.communes().filter(parent=province).order_by("code")[:2]
    )
    other_province = AdministrativeUnit.objects.get(code="01")
    K = OrganizationKind  # noqa: N806
    ubnd_province = OrganizationFactory(name="UBND tỉnh Vĩnh Long", unit=province)
    agency_b = OrganizationFactory(
        name="Sở Nông nghiệp và Môi trường", kind=K.DEPARTMENT, unit=province, parent=ubnd_province
    )
    tinh_uy = OrganizationFactory(name="Tỉnh ủy Vĩnh Long", kind=K.PARTY_COMMITTEE, unit=province)
    ban_tgdv = OrganizationFactory(
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy",
        kind=K.PARTY_COMMISSION,
        unit=province,
        parent=tinh_uy,
    )
    mttq_province = OrganizationFactory(
        name="Ủy ban MTTQ tỉnh", kind=K.FATHERLAND_FRONT, unit=province
    )
    ubnd_a = OrganizationFactory(
        name=f"UBND {communes[0].name}", unit=communes[0], parent=ubnd_province
    )
    mttq_a = OrganizationFactory(
        name=f"Ủy ban MTTQ {communes[0].name}",
        kind=K.FATHERLAND_FRONT,
        unit=communes[0],
        parent=mttq_province,
    )
    ubnd_c = OrganizationFactory(
        name=f"UBND {communes[1].name}", unit=communes[1], parent=ubnd_province
    )
    ubnd_other = OrganizationFactory(name="UBND thành phố Hà Nội", unit=other_province)

    def persona(username: str, org: Organization, role: str) -> User:
        user = UserFactory(username=username)
        grant(user, org, role)
        return user

    admin_province = persona("quantri.tinh", ubnd_province, RoleCode.ADMINISTRATOR)
    admin_a = persona("quantri.xa_a", ubnd_a, RoleCode.ADMINISTRATOR)
    for staff in (admin_province, admin_a):
        staff.is_staff = True
        staff.save(update_fields=["is_staff"])
    return World(
        province=province,
        commune_a=communes[0],
        commune_c=communes[1],
        other_province=other_province,
        ubnd_province=ubnd_province,
        agency_b=agency_b,
        ban_tgdv=ban_tgdv,
        mttq_province=mttq_province,
        ubnd_a=ubnd_a,
        mttq_a=mttq_a,
        ubnd_c=ubnd_c,
        ubnd_other=ubnd_other,
        intake_a=persona("tiepnhan.xa_a", ubnd_a, RoleCode.INTAKE_OFFICER),
        handling_b=persona("thuly.so_b", agency_b, RoleCode.HANDLING_OFFICER),
        head_a=persona("chutich.xa_a", ubnd_a, RoleCode.HEAD),
        mass_mobilization=persona("danvan.tinh", ban_tgdv, RoleCode.MASS_MOBILIZATION_OFFICER),
        front_cadre_a=persona("mattran.xa_a", mttq_a, RoleCode.FRONT_CADRE),
        admin_province=admin_province,
        admin_a=admin_a,
        leader=persona("lanhdao.tinh", tinh_uy, RoleCode.LEADER),
        outsider_c=persona("tiepnhan.xa_c", ubnd_c, RoleCode.INTAKE_OFFICER),
        outsider_province=persona("quantri.hanoi", ubnd_other, RoleCode.ADMINISTRATOR),
        superuser=User.objects.create_superuser(
            "root", "root@example.test", "mat-khau-thu-nghiem-2026"
        ),
    )
