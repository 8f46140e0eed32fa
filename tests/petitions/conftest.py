"""Petitions fixtures: the personas of tests/organizations plus ready-made inputs."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.organizations.models import Role
from danvan.petitions.enums import Channel, Field, Kind
from danvan.petitions.services import IntakeInput, PetitionerInput
from tests.organizations.conftest import World, world  # noqa: F401  (the fixture)
from tests.organizations.factories import UserFactory, grant


def household(i: int, *, representative: bool = False) -> PetitionerInput:
    return PetitionerInput(
        full_name=f"Hộ ông Thạch Văn {i}",
        id_number=f"08409500{i:04d}",
        phone=f"09{i:08d}",
        address=f"Ấp Sóc Ruộng, hộ số {i}",
        is_representative=representative,
    )


def intake(world: World, kind: str = Kind.PHAN_ANH, **overrides) -> IntakeInput:
    values = {
        "kind": kind,
        "channel": Channel.POST,
        "field": Field.DAT_DAI,
        "subject": "Tranh chấp ranh giới đất",
        "content": "Nội dung đơn thư.",
        "commune": world.commune_a,
        "received_on": dt.date(2026, 11, 20),
        "petitioners": [household(1, representative=True)],
        "has_signature": True,
    }
    if kind == Kind.KHIEU_NAI:
        values["contested_decision"] = "Quyết định số 12/QĐ-UBND ngày 01/10/2026 của UBND xã"
    if kind == Kind.TO_CAO:
        values["accused"] = "Ông Nguyễn Văn B, cán bộ địa chính xã"
    values.update(overrides)
    return IntakeInput(**values)


@pytest.fixture
def handler_a(world):
    """A handling officer of UBND xã A (world.ubnd_a)."""
    user = UserFactory(username="thuly.xa_a")
    grant(user, world.ubnd_a, "handling_officer")
    return user


@pytest.fixture
def confidential_a(world):
    user = UserFactory(username="mat.xa_a")
    grant(user, world.ubnd_a, "confidential_officer")
    assert (
        Role.objects.get(code="confidential_officer")
        .permissions.filter(codename="view_denouncer_identity")
        .exists()
    )
    return user


@pytest.fixture
def intake_province(world):
    """An intake officer of the provincial People's Committee (the next level)."""
    user = UserFactory(username="tiepnhan.tinh")
    grant(user, world.ubnd_province, "intake_officer")
    return user


@pytest.fixture(autouse=True)
def a_later_today():
    """The petitions' stories run from November 2026 to January 2027; officers may not enter
    future dates, so "today" is set after them (tests that need another day travel inside)."""
    import time_machine

    with time_machine.travel(dt.datetime(2027, 2, 1, 9, tzinfo=dt.UTC), tick=False):
        yield
