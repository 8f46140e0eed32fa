"""The work list's pages: the same rows in the same order whichever way a page is read."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.petitions import paging, selectors, services
from danvan.petitions.enums import Kind
from danvan.petitions.models import Petition
from danvan.petitions.paging import CappedPaginator
from tests.petitions.conftest import intake

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=[True, False], ids=["keys-first", "database-order"])
def keys_first(request, settings):
    """Both ways of reading a small page, on every database."""
    settings.PAGING_KEYS_FIRST = request.param
    return request.param


DUE = [None, dt.date(2026, 12, 3), None, dt.date(2026, 12, 1), dt.date(2026, 12, 3), None,
       dt.date(2026, 11, 30)]  # fmt: skip


@pytest.fixture
def petitions(world):
    made = []
    for i, due in enumerate(DUE):
        p = services.petition_create(
            actor=world.intake_a,
            organization=world.ubnd_a,
            data=intake(world, Kind.KIEN_NGHI, subject=f"Kiến nghị sửa đường số {i}"),
        )
        Petition.objects.filter(pk=p.pk).update(
            due_on=due, received_on=dt.date(2026, 11, 1) + dt.timedelta(days=i % 3)
        )
        made.append(p.pk)
    return made


@pytest.mark.parametrize("sort", list(selectors.SORTS))
def test_a_small_list_is_paged_in_the_database_s_order(world, petitions, sort):
    qs = selectors.petition_list_for(
        actor=world.intake_a, filters=selectors.PetitionFilters(sort=sort, search="sua duong")
    )
    expected = list(qs.values_list("pk", flat=True))  # ordered by the database
    assert sorted(expected) == sorted(petitions)
    paginator = CappedPaginator(qs, 3)
    got = [p.pk for n in paginator.page_range for p in paginator.page(n).object_list]
    assert got == expected
    assert paginator.count == len(DUE)
    assert not paginator.capped


def test_past_the_cap_the_database_orders_the_page(world, petitions, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 4)
    qs = selectors.petition_list_for(actor=world.intake_a)
    expected = list(qs.values_list("pk", flat=True))
    paginator = CappedPaginator(qs, 3)
    assert paginator.capped
    assert paginator.count == 5  # counted up to the cap and one more
    assert [p.pk for p in paginator.page(1).object_list] == expected[:3]


def test_a_page_keeps_the_joined_rows(world, petitions, django_assert_max_num_queries):
    qs = selectors.petition_list_for(actor=world.intake_a)
    rows = list(CappedPaginator(qs, 25).page(1).object_list)
    with django_assert_max_num_queries(0):
        names = {(p.commune.name, p.organization.name) for p in rows}
    assert names == {(world.commune_a.name, world.ubnd_a.name)}
