"""Fixtures for the units tests: the loaded official list and a few well-known units."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from danvan.units.models import AdministrativeUnit
from danvan.units.services import units_load

VINH_LONG = "86"
LONG_DUC = "29263"  # Phường Long Đức, Vĩnh Long (old xã Long Đức and phường 4 of Trà Vinh city)


@pytest.fixture(autouse=True)
def units(loaded_units: Any, db: None) -> None:
    """Every units test runs on the loaded list; reload it if a flushing test removed it."""
    if not AdministrativeUnit.objects.filter(code=VINH_LONG).exists():
        units_load(actor=None)


@pytest.fixture
def vinh_long() -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code=VINH_LONG)


@pytest.fixture
def long_duc() -> AdministrativeUnit:
    return AdministrativeUnit.objects.select_related("parent").get(code=LONG_DUC)


@pytest.fixture
def superuser() -> Any:
    return get_user_model().objects.create_superuser(
        username="quantri", email="quantri@example.test", password="mat-khau-thu-nghiem-2026"
    )


@pytest.fixture
def outsider() -> Any:
    """An officer with no membership anywhere: may not add hamlets."""
    return get_user_model().objects.create_user(
        username="nguoingoai", password="mat-khau-thu-nghiem-2026"
    )


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any attempt to open a network connection (the package's geocoder)."""
    import socket

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("network access in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
