"""Fixtures of the API tests: the personas, published and confidential cases, and an
Open311 partner key."""

import pytest

from danvan.api.keys import api_client_create
from danvan.petitions import services
from danvan.petitions.enums import Kind
from tests.organizations.factories import UserFactory, grant
from tests.petitions.conftest import (  # noqa: F401  (fixtures)
    a_later_today,
    confidential_a,
    handler_a,
    household,
    intake,
    world,
)


@pytest.fixture
def cases(world):
    def make(kind, consent=True, **kw):
        return services.petition_create(
            actor=world.intake_a,
            organization=world.ubnd_a,
            data=intake(world, kind, consent_to_publish=consent, **kw),
        )

    return {
        "public": make(Kind.PHAN_ANH, field="giao_thong", content="Đường ngập sau mưa."),
        "private": make(Kind.KIEN_NGHI, consent=False),
        "complaint": make(Kind.KHIEU_NAI),
        "denunciation": make(Kind.TO_CAO, petitioners=[household(7, representative=True)]),
    }


@pytest.fixture
def key(world):
    account = UserFactory(username="smart-city.vl")
    grant(account, world.ubnd_a, "intake_officer")
    _client, secret = api_client_create(
        actor=world.superuser, name="Vĩnh Long thông minh", account=account, scopes=["open311"]
    )
    return secret
