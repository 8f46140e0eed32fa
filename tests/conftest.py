"""Fixtures shared by every app's tests."""

from __future__ import annotations

from typing import Any

import pytest


# --- units: the official administrative units, loaded once per test session ------------------
# Owner: the units app.  Self-contained: add other fixtures outside this block.
@pytest.fixture(scope="session")
def loaded_units(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The 34 provinces, 3,321 communes and the legacy units, in the test database.

    Loaded once per session (per xdist worker) and committed, so every test sees them; a test's
    own changes are rolled back as usual.  Use together with ``db``:

        def test_something(loaded_units, db): ...

    Returns the ``UnitsLoadResult`` of the load.  A test that flushes the database
    (``transactional_db``) removes the units for later tests: ``tests/units`` reloads them
    when missing (see its conftest), other apps may call ``units_load()`` likewise.
    """
    from danvan.units.services import units_load

    with django_db_blocker.unblock():
        return units_load(actor=None)


# --- end units ----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (rate-limit counters, cached lookups)."""
    from django.core.cache import cache

    from danvan.api.keys import forget_kept_keys
    from danvan.organizations.access import forget_permission_names
    from danvan.units.selectors import forget_communes

    cache.clear()
    forget_kept_keys()
    forget_communes()
    forget_permission_names()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's language: a request with a language cookie activates
    another in the test's thread (every real request activates its own), and code called
    outside a request afterwards would speak it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
