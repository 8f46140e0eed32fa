"""Every path by which a denouncer's identity could leak, closed (Luật Tố cáo Art. 47, 56)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.core.models import AuditEntry
from danvan.petitions import services
from danvan.petitions.attachments import attachment_add
from danvan.petitions.enums import Kind, State
from danvan.petitions.errors import PetitionError
from danvan.petitions.models import PetitionLink
from danvan.petitions.workflow import TransitionError
from tests.organizations.factories import UserFactory, grant
from tests.petitions.conftest import intake

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def denunciation(world, **overrides):
    return services.petition_create(
        actor=world.intake_a,
        organization=world.ubnd_a,
        data=intake(world, Kind.TO_CAO, **overrides),
    )


class SplitTests:
    def test_a_part_split_from_a_denunciation_keeps_the_identity_encrypted(self, world):
        source = denunciation(world)
        part = services.petition_split(
            actor=world.intake_a,
            petition=source,
            part=(
                services.SplitPart(
                    kind=Kind.KIEN_NGHI, field="giao_thong", subject="Sửa cầu", content="Cầu hư"
                )
            ),
        )
        assert part.identity_confidential
        assert part.petitioners.get().full_name == ""
        assert not PetitionLink.objects.filter(from_petition=part).exists()
        assert AuditEntry.objects.filter(
            action="petition.denouncer_identity_copy", actor=world.intake_a
        ).exists()


class AttachmentTests:
    def test_the_scan_of_a_denunciation_is_for_the_confidential_officer_only(
        self, client, world, confidential_a
    ):
        petition = denunciation(world)
        attachment = attachment_add(
            actor=world.intake_a, petition=petition, upload=SimpleUploadedFile("don.pdf", PDF)
        )
        url = reverse("petitions:attachment-download", args=[petition.pk, attachment.pk])
        for officer in (
            world.intake_a,
            world.front_cadre_a,
            world.mass_mobilization,
            world.leader,
            world.head_a,
        ):
            client.force_login(officer)
            assert client.get(url).status_code == 403
        client.force_login(confidential_a)
        assert client.get(url).status_code == 200
        assert AuditEntry.objects.filter(
            action="petition.confidential_attachment_read", actor=confidential_a
        ).exists()


class ReachTests:
    def test_a_provincial_confidential_officer_does_not_read_a_communes_denouncers(self, world):
        provincial = UserFactory(username="mat.tinh")
        grant(provincial, world.ubnd_province, "confidential_officer")
        petition = denunciation(world)
        with pytest.raises(PetitionError):
            services.denouncer_identity_read(actor=provincial, petition=petition)

    def test_subject_of_a_denunciation_is_withheld_from_audit_text(self, world):
        petition = denunciation(world, subject="Tố cáo ông B nhận tiền của hộ bà Mật")
        entry = AuditEntry.objects.get(action="petition.create", object_id=str(petition.pk))
        assert "bà Mật" not in entry.object_repr


class AnonymousTests:
    def test_an_anonymous_denunciation_runs_no_clock_and_is_not_accepted(self, world):
        petition = denunciation(world, is_anonymous=True, petitioners=[])
        assert petition.due_on is None
        with pytest.raises(TransitionError):
            services.petition_accept(actor=world.intake_a, petition=petition)
        petition = services.petition_to_anonymous_queue(
            actor=world.intake_a, petition=petition, reason="Có tài liệu cụ thể"
        )
        petition = services.petition_transfer(
            actor=world.intake_a,
            petition=petition,
            reason="Chuyển Thanh tra kiểm tra",
            to_name="Thanh tra tỉnh",
        )
        assert petition.state == State.TRANSFERRED

    def test_a_named_denunciation_does_not_go_to_the_anonymous_queue(self, world):
        with pytest.raises(TransitionError):
            services.petition_to_anonymous_queue(
                actor=world.intake_a, petition=denunciation(world), reason="x"
            )
