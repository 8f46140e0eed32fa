"""A property-based fuzz of the API from its own OpenAPI schema (schemathesis): generated
requests, valid and not, to every operation, as a partner system with every scope and as an
officer of another commune; none may end in a server error."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from danvan.api.keys import api_client_create
from danvan.petitions import services
from danvan.petitions.enums import Kind
from tests.organizations.factories import UserFactory, grant
from tests.petitions.conftest import intake

pytestmark = pytest.mark.django_db


def _load_schema():
    from django.core.wsgi import get_wsgi_application
    from drf_spectacular.generators import SchemaGenerator

    raw = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(raw)
    loaded.app = get_wsgi_application()
    return loaded


schema = _load_schema()  # Django is set up before collection (pytest-django)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The WSGI app closes database connections at the end of a request; inside a test's
    transaction that would end it (Django's own test client disconnects the same handlers)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_key(world, settings):
    settings.API_RATE_KEY = settings.API_RATE_ANON = "1000000/min"  # fuzz the API, not the limit
    account = UserFactory(username="fuzz.1022")
    grant(account, world.ubnd_a, "intake_officer")
    services.petition_create(
        actor=world.intake_a, organization=world.ubnd_a, data=intake(world, Kind.TO_CAO)
    )
    _client, key = api_client_create(
        actor=world.superuser,
        name="Fuzz",
        account=account,
        scopes=["petitions:read", "petitions:write", "open311", "webhooks"],
    )
    return key


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_generated_request_causes_a_server_error(case, fuzz_key):
    case.call_and_validate(headers={"X-Api-Key": fuzz_key}, checks=[not_a_server_error])
