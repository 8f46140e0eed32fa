"""Attachments: checked by content, size-limited, safely named, served after a permission
check."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.petitions import services
from danvan.petitions.attachments import attachment_add, safe_name
from danvan.petitions.errors import ErrorCode, PetitionError
from tests.petitions.conftest import intake

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def make(world):
    return services.petition_create(
        actor=world.intake_a, organization=world.ubnd_a, data=intake(world)
    )


class AttachmentTests:
    def test_a_scan_is_stored_with_a_safe_name(self, world):
        petition = make(world)
        upload = SimpleUploadedFile("../../Đơn khiếu nại (bản chụp).pdf", PDF)
        attachment = attachment_add(actor=world.intake_a, petition=petition, upload=upload)
        assert attachment.content_type == "application/pdf"
        assert attachment.original_name == "Don_khieu_nai_ban_chup.pdf"
        assert ".." not in attachment.file.name
        assert str(settings.MEDIA_ROOT) in attachment.file.path
        assert petition.events.filter(action="attachment").exists()

    def test_the_type_is_decided_by_the_content_not_the_name(self, world):
        petition = make(world)
        for name, content in (
            ("virus.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100),
            ("trang.html.pdf", b"<html><script>alert(1)</script>"),
            ("rong.pdf", b""),
        ):
            with pytest.raises(PetitionError) as caught:
                attachment_add(
                    actor=world.intake_a,
                    petition=petition,
                    upload=SimpleUploadedFile(name, content),
                )
            assert caught.value.code == ErrorCode.ATTACHMENT_TYPE
        image = attachment_add(
            actor=world.intake_a, petition=petition, upload=SimpleUploadedFile("anh.pdf", PNG)
        )
        assert (image.content_type, image.original_name) == ("image/png", "anh.png")

    def test_too_large_is_refused(self, world, settings):
        settings.PETITION_ATTACHMENT_MAX_BYTES = 1024
        with pytest.raises(PetitionError) as caught:
            attachment_add(
                actor=world.intake_a,
                petition=make(world),
                upload=SimpleUploadedFile("lon.pdf", PDF + b"0" * 2000),
            )
        assert caught.value.code == ErrorCode.ATTACHMENT_TOO_LARGE

    def test_upload_and_download_through_the_pages_and_the_outsider(self, client, world):
        petition = make(world)
        client.force_login(world.intake_a)
        response = client.post(
            reverse("petitions:attachment-upload", args=[petition.pk]),
            {"file": io.BytesIO(PDF)},
            format="multipart",
        )
        assert response.status_code == 302
        attachment = petition.attachments.get()
        url = reverse("petitions:attachment-download", args=[petition.pk, attachment.pk])
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["X-Content-Type-Options"] == "nosniff"
        client.force_login(world.outsider_c)
        assert client.get(url).status_code == 404
        response = client.post(
            reverse("petitions:attachment-upload", args=[petition.pk]), {"file": io.BytesIO(PDF)}
        )
        assert response.status_code == 404
        assert petition.attachments.count() == 1

    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("C:\\Users\\a\\Ảnh đơn.jpg", "Anh_don.jpg"),
            ("/etc/passwd", "passwd"),
            ("", "tep"),
        ],
    )
    def test_safe_names(self, name, expected):
        assert safe_name(name) == expected
