"""The content as Open311 publishes it, stored with the petition at intake."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db import connection

from danvan.petitions import services
from danvan.petitions.enums import Kind
from danvan.petitions.models import Petition
from danvan.petitions.publication import public_description, redact
from tests.petitions.conftest import intake

pytestmark = pytest.mark.django_db

PERSONAL = (
    "Liên hệ ông Tư qua số 0912 345 678 hoặc tu.nguyen@example.vn, "
    "CCCD 084 095 001 234. Nước thải chảy ra kênh."
)


def create(world, kind=Kind.PHAN_ANH, **overrides):
    return services.petition_create(
        actor=world.intake_a, organization=world.ubnd_a, data=intake(world, kind, **overrides)
    )


def fill():
    """The data migration's function, as ``migrate`` runs it."""
    module = importlib.import_module(
        "danvan.petitions.migrations.0017_fill_petition_public_description"
    )
    module.fill(apps, connection.schema_editor(atomic=False))


class PublicDescriptionTests:
    def test_intake_stores_the_content_without_phones_e_mails_and_id_numbers(self, world):
        petition = create(world, content=PERSONAL, consent_to_publish=True)
        petition.refresh_from_db()
        assert petition.public_description == redact(petition.content)
        for secret in ("0912 345 678", "tu.nguyen@example.vn", "084 095 001 234"):
            assert secret not in petition.public_description
        assert "Nước thải chảy ra kênh." in petition.public_description

    def test_only_the_first_four_thousand_characters_are_kept(self, world):
        long = "Đường ngập nước. " * 300  # 5,100 characters
        petition = create(world, content=long)
        petition.refresh_from_db()
        assert petition.public_description == long.strip()[:4000]

    def test_every_kind_gets_one_even_when_not_published(self, world):
        # a kind or consent may change later: the stored text never has to wait for a read
        complaint = create(world, Kind.KHIEU_NAI, content=PERSONAL)
        complaint.refresh_from_db()
        assert complaint.public_description == public_description(PERSONAL)

    def test_a_petition_transferred_inside_danvan_arrives_with_it(self, world):
        source = create(world, content=PERSONAL, consent_to_publish=True)
        services.petition_transfer(
            actor=world.intake_a,
            petition=source,
            to_organization=world.agency_b,
            reason="Thuộc thẩm quyền của Sở",
        )
        arrived = Petition.objects.get(organization=world.agency_b)
        assert arrived.content == source.content
        assert arrived.public_description == public_description(PERSONAL)

    def test_the_migration_fills_published_petitions_only_and_can_run_again(self, world):
        # given petitions stored before the column existed
        public = create(world, content=PERSONAL, consent_to_publish=True)
        private = create(world, Kind.KIEN_NGHI, content=PERSONAL, consent_to_publish=False)
        complaint = create(world, Kind.KHIEU_NAI, content=PERSONAL, consent_to_publish=True)
        Petition.objects.update(public_description=None)
        # when the migration runs, twice
        fill()
        fill()
        # then only what Open311 shows has one, equal to what intake stores
        stored = dict(Petition.objects.values_list("pk", "public_description"))
        assert stored[public.pk] == public_description(PERSONAL)
        assert stored[private.pk] is None
        assert stored[complaint.pk] is None


NAMED = (
    "Tôi là Nguyễn Văn An, nhà số 7 hẻm 12 đường Nguyễn Huệ. Ông An (tôi) đề nghị nạo vét "
    "cống ở ấp Sóc Ruộng."
)


def an(**overrides):
    from danvan.petitions.services import PetitionerInput

    values = {"full_name": "Nguyễn Văn An", "address": "số 7 hẻm 12 đường Nguyễn Huệ"}
    values.update(overrides)
    return PetitionerInput(**values)


class PetitionerRedactionTests:
    """Open311 hides what identifies the petitioners, as the portal's public answers do."""

    def test_a_petitioner_s_name_and_address_in_the_content_are_not_stored(self, world):
        petition = create(world, content=NAMED, consent_to_publish=True, petitioners=[an()])
        petition.refresh_from_db()
        stored = petition.public_description
        assert "Nguyễn Văn An" not in stored
        assert "hẻm 12" not in stored
        assert "Ông […]" in stored
        assert "nạo vét cống ở ấp Sóc Ruộng" in stored

    def test_the_migration_hides_them_too(self, world):
        petition = create(world, content=NAMED, consent_to_publish=True, petitioners=[an()])
        petition.refresh_from_db()
        at_intake = petition.public_description
        Petition.objects.update(public_description=None)
        fill()
        petition.refresh_from_db()
        assert petition.public_description == at_intake

    def test_a_grouped_cccd_is_hidden_whole(self):
        assert redact("CCCD 084 095 001 234, gọi (+84) 912 345 678") == "CCCD […], gọi […]"
        assert redact("CMND 123.456.789; 0912 345 678") == "CMND […]; […]"
