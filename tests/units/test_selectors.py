"""``active_commune``: a commune by its code, remembered by the worker for a few minutes."""

from __future__ import annotations

import pytest

from danvan.units import selectors
from danvan.units.models import AdministrativeUnit

from .conftest import LONG_DUC, VINH_LONG

pytestmark = pytest.mark.django_db


class ActiveCommuneTests:
    def test_a_commune_is_found_then_remembered(self, long_duc, django_assert_num_queries):
        with django_assert_num_queries(1):
            assert selectors.active_commune(LONG_DUC) == long_duc
        with django_assert_num_queries(0):
            assert selectors.active_commune(LONG_DUC) == long_duc

    def test_a_province_an_unknown_code_and_an_inactive_commune_are_not_communes(self, long_duc):
        assert selectors.active_commune(VINH_LONG) is None
        assert selectors.active_commune("99999") is None
        AdministrativeUnit.objects.filter(pk=long_duc.pk).update(is_active=False)
        selectors.forget_communes()
        assert selectors.active_commune(LONG_DUC) is None

    def test_the_memory_expires(self, long_duc, monkeypatch):
        assert selectors.active_commune(LONG_DUC) == long_duc
        AdministrativeUnit.objects.filter(pk=long_duc.pk).update(is_active=False)
        assert selectors.active_commune(LONG_DUC) == long_duc  # remembered
        monkeypatch.setattr(selectors, "COMMUNE_CACHE_SECONDS", 0)
        assert selectors.active_commune(LONG_DUC) is None
