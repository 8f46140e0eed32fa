"""Exports of petition lists: the list's rows, no personal data, never a denouncer.

The clock is frozen on 25/11/2026.  Petitions are created through the services.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from danvan.core.models import AuditEntry
from danvan.petitions import exports, selectors, services
from danvan.petitions.enums import Kind
from danvan.petitions.selectors import PetitionFilters
from tests.organizations.factories import UserFactory
from tests.petitions.conftest import household, intake

pytestmark = pytest.mark.django_db

DENOUNCER = household(7, representative=True)  # "Hộ ông Thạch Văn 7", his ID, phone, address


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def cases(world):
    """Petitions of commune A (UBND A) and one of commune C (UBND C)."""

    def create(organization, actor, kind=Kind.PHAN_ANH, **overrides):
        return services.petition_create(
            actor=actor, organization=organization, data=intake(world, kind, **overrides)
        )

    return {
        "phan_anh": create(world.ubnd_a, world.intake_a),
        "old": create(
            world.ubnd_a,
            world.intake_a,
            received_on=dt.date(2026, 10, 1),
            subject="Đơn cũ đã quá hạn",
        ),
        "khieu_nai": create(
            world.ubnd_a, world.intake_a, Kind.KHIEU_NAI, flags={"is_urgent": True}
        ),
        "to_cao": create(
            world.ubnd_a,
            world.intake_a,
            Kind.TO_CAO,
            petitioners=[DENOUNCER],
            subject="Tố cáo cán bộ địa chính",
        ),
        "commune_c": create(
            world.ubnd_c, world.outsider_c, commune=world.commune_c, subject="Đơn của phường An Hội"
        ),
    }


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_rows(content: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def xlsx_text(content: bytes) -> str:
    """Every XML part of the workbook, inflated (to search for text in any form)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "".join(archive.read(n).decode("utf-8") for n in archive.namelist())


def export(actor, file_format="csv", filters=None) -> bytes:
    result = exports.petition_export(actor=actor, filters=filters, file_format=file_format)
    if result.chunks is not None:
        return b"".join(result.chunks)
    assert result.file is not None
    with result.file as handle:
        return handle.read()


SECRETS = (
    DENOUNCER.full_name,
    DENOUNCER.id_number,
    DENOUNCER.phone,
    DENOUNCER.address,
)


class ExportContentTests:
    @pytest.mark.parametrize("file_format", ["csv", "xlsx"])
    def test_a_denouncers_identity_is_never_in_an_export(self, world, cases, file_format):
        # The superuser sees every row, the denunciation included.
        for actor in (world.intake_a, world.superuser):
            content = export(actor, file_format)
            text = content.decode("utf-8-sig") if file_format == "csv" else xlsx_text(content)
            assert cases["to_cao"].tracking_code in text
            for secret in SECRETS:
                assert secret not in text
                assert secret.encode() not in content

    def test_no_petitioner_data_at_all(self, world, cases):
        text = export(world.intake_a).decode("utf-8-sig")
        person = household(1)  # the sender of every other petition
        for secret in (person.full_name, person.id_number, person.phone, person.address):
            assert secret not in text
        assert "Nội dung đơn thư." not in text  # the content stays out too
        assert "Ông Nguyễn Văn B" not in text  # and the accused

    def test_csv_columns_and_values(self, world, cases):
        rows = csv_rows(export(world.intake_a))
        assert rows[0] == exports.HEADERS
        by_code = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
        complaint = by_code[cases["khieu_nai"].tracking_code]
        assert complaint["Loại đơn"] == "Khiếu nại"
        assert complaint["Lĩnh vực"] == "Đất đai"
        assert complaint["Kênh tiếp nhận"] == "Bưu chính, thư giấy"
        assert complaint["Xã/phường"] == world.commune_a.name
        assert complaint["Cơ quan đang xử lý"] == world.ubnd_a.name
        assert complaint["Trạng thái"] == "Đã tiếp nhận, chờ phân loại"
        assert complaint["Ngày tiếp nhận"] == "20/11/2026"
        assert complaint["Hạn giải quyết"] == f"{cases['khieu_nai'].due_on:%d/%m/%Y}"
        assert complaint["Bước đang tính hạn"]
        assert complaint["Dấu hiệu"] == "Khẩn"
        assert complaint["Tình trạng hạn"] == "Trong hạn"
        assert by_code[cases["old"].tracking_code]["Tình trạng hạn"] == "Quá hạn"

    def test_xlsx_has_the_same_rows_with_real_dates(self, world, cases):
        csv_data = csv_rows(export(world.intake_a))
        rows = xlsx_rows(export(world.intake_a, "xlsx"))
        assert rows[0] == exports.HEADERS
        assert [r[0] for r in rows[1:]] == [r[0] for r in csv_data[1:]]
        received = rows[0].index("Ngày tiếp nhận")
        assert all(isinstance(r[received], dt.datetime) for r in rows[1:])

    def test_a_subject_that_looks_like_a_formula_stays_text(self, world):
        services.petition_create(
            actor=world.intake_a,
            organization=world.ubnd_a,
            data=intake(world, subject='=HYPERLINK("http://x.test","bấm")'),
        )
        rows = csv_rows(export(world.intake_a))
        assert rows[1][rows[0].index("Trích yếu")] == '\'=HYPERLINK("http://x.test","bấm")'
        content = export(world.intake_a, "xlsx")
        sheet = load_workbook(io.BytesIO(content)).worksheets[0]
        cell = sheet.cell(row=2, column=rows[0].index("Trích yếu") + 1)
        assert cell.data_type == "s"
        assert "<f>" not in xlsx_text(content)

    def test_the_export_is_audited(self, world, cases):
        export(world.intake_a, filters=PetitionFilters(kind=Kind.TO_CAO))
        entry = AuditEntry.objects.get(action="petition.export")
        assert entry.actor == world.intake_a
        assert entry.changes["rows"] == 1
        assert entry.changes["filters"]["kind"] == "to_cao"

    def test_too_many_rows_are_refused(self, world, cases, monkeypatch):
        monkeypatch.setattr(exports, "MAX_SYNC_ROWS", 2)
        with pytest.raises(exports.ExportTooLargeError) as caught:
            exports.petition_export(actor=world.intake_a)
        assert "vượt giới hạn 2 đơn" in caught.value.message

    def test_queries_do_not_grow_with_the_rows(self, world, cases, django_assert_max_num_queries):
        with django_assert_max_num_queries(8):
            export(world.superuser)


class ExportScopeTests:
    @pytest.mark.parametrize(
        "filters",
        [
            PetitionFilters(),
            PetitionFilters(kind=Kind.KHIEU_NAI),
            PetitionFilters(queue="overdue"),
            PetitionFilters(search="dia chinh", sort="-received"),
        ],
    )
    def test_export_rows_match_the_list(self, world, cases, filters):
        listed = [
            p.tracking_code
            for p in selectors.petition_list_for(actor=world.intake_a, filters=filters)
        ]
        exported = [r[0] for r in csv_rows(export(world.intake_a, filters=filters))[1:]]
        assert exported == listed
        assert listed  # every filter above selects something

    def test_an_outsider_exports_only_their_own_rows(self, world, cases):
        codes = [r[0] for r in csv_rows(export(world.outsider_c))[1:]]
        assert codes == [cases["commune_c"].tracking_code]

    def test_an_area_role_exports_its_area(self, world, cases):
        codes = {r[0] for r in csv_rows(export(world.mass_mobilization))[1:]}
        assert codes == {p.tracking_code for p in cases.values()}


class ExportPageTests:
    def test_anonymous_is_sent_to_login(self, client):
        response = client.get(reverse("petitions:petition-export"))
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]

    def test_csv_download_with_the_lists_query(self, client, world, cases):
        client.force_login(world.intake_a)
        response = client.get(
            reverse("petitions:petition-export"), {"format": "csv", "kind": "khieu_nai"}
        )
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert 'attachment; filename="danh-sach-don-' in response["Content-Disposition"]
        rows = csv_rows(b"".join(response.streaming_content))
        assert [r[0] for r in rows[1:]] == [cases["khieu_nai"].tracking_code]

    def test_xlsx_download(self, client, world, cases):
        client.force_login(world.intake_a)
        response = client.get(reverse("petitions:petition-export"), {"format": "xlsx"})
        assert response.status_code == 200
        content = b"".join(response.streaming_content)
        codes = {r[0] for r in xlsx_rows(content)[1:]}
        assert codes == {p.tracking_code for k, p in cases.items() if k != "commune_c"}
        for secret in SECRETS:
            assert secret not in xlsx_text(content)

    def test_outsider_export_never_holds_commune_a(self, client, world, cases):
        client.force_login(world.outsider_c)
        response = client.get(
            reverse("petitions:petition-export"), {"format": "csv", "commune": world.commune_a.code}
        )
        assert response.status_code == 200
        assert csv_rows(b"".join(response.streaming_content))[1:] == []

    def test_without_the_permission_anywhere_the_answer_is_403(self, client, world, confidential_a):
        # The confidential officer sees cases (and identities) but may not export lists.
        for user in (confidential_a, UserFactory(username="khong.vai.tro")):
            client.force_login(user)
            response = client.get(reverse("petitions:petition-export"), {"format": "csv"})
            assert response.status_code == 403

    def test_an_unknown_format_is_a_bad_request(self, client, world):
        client.force_login(world.intake_a)
        response = client.get(reverse("petitions:petition-export"), {"format": "pdf"})
        assert response.status_code == 400

    def test_a_list_too_long_to_stream_is_exported_in_the_background(
        self, client, world, cases, monkeypatch, settings, tmp_path,
        django_capture_on_commit_callbacks,
    ):  # fmt: skip
        from danvan.petitions.models import ExportJob

        settings.MEDIA_ROOT = tmp_path / "media"
        monkeypatch.setattr(exports, "MAX_SYNC_ROWS", 1)
        client.force_login(world.intake_a)
        url = reverse("petitions:petition-export") + "?format=csv&kind="
        confirm = client.get(url)  # a GET (a link, an image elsewhere) only asks
        assert confirm.status_code == 200
        assert "Chuẩn bị tệp xuất" in confirm.content.decode()
        assert not ExportJob.objects.exists()
        with django_capture_on_commit_callbacks(execute=True):  # the worker, in-process
            response = client.post(url, follow=True)
        assert response.redirect_chain[0][0] == reverse("petitions:export-list")
        body = response.content.decode()
        assert "tệp đang được chuẩn bị" in body
        job = ExportJob.objects.get(requested_by=world.intake_a)
        assert (job.status, job.row_count) == (ExportJob.Status.DONE, 4)
        listing = client.get(reverse("petitions:export-list")).content.decode()
        assert reverse("petitions:export-file", args=[job.pk]) in listing
        download = client.get(reverse("petitions:export-file", args=[job.pk]))
        content = b"".join(download.streaming_content)
        assert download["Content-Disposition"].startswith("attachment")
        assert cases["phan_anh"].tracking_code.encode() in content
        for secret in ("Thạch Văn 7", DENOUNCER.id_number, DENOUNCER.phone):
            assert secret.encode() not in content
        assert AuditEntry.objects.filter(action="petition.export", actor=world.intake_a).exists()
        assert AuditEntry.objects.filter(action="petition.export_download").exists()
        assert world.intake_a.notifications.filter(kind="export").exists()
        # Nobody else downloads it, not even the head of the same organization.
        for other in (world.head_a, world.outsider_c, world.superuser):
            client.force_login(other)
            assert client.get(reverse("petitions:export-file", args=[job.pk])).status_code == 404

    def test_a_background_export_needs_the_form_s_csrf_token(self, world, cases, monkeypatch):
        from django.test import Client

        from danvan.petitions.models import ExportJob

        monkeypatch.setattr(exports, "MAX_SYNC_ROWS", 1)
        client = Client(enforce_csrf_checks=True)
        client.force_login(world.intake_a)
        url = reverse("petitions:petition-export") + "?format=csv"
        assert client.post(url).status_code == 403
        assert not ExportJob.objects.exists()

    def test_a_background_export_the_worker_cannot_do_is_recorded(
        self, world, cases, settings, tmp_path
    ):
        from danvan.organizations.models import Membership
        from danvan.petitions.models import ExportJob

        settings.MEDIA_ROOT = tmp_path / "media"
        job = exports.export_request(
            actor=world.intake_a, filters=None, file_format="xlsx", count=30_000
        )
        Membership.objects.filter(user=world.intake_a).update(is_active=False)
        job = exports.export_run(job.pk)
        assert job.status == ExportJob.Status.FAILED
        assert "không còn quyền" in job.error
        assert exports.export_run(job.pk).status == ExportJob.Status.FAILED  # idempotent

    def test_a_job_abandoned_by_a_crashed_worker_is_taken_over(
        self, world, cases, settings, tmp_path
    ):
        from danvan.petitions.models import JOB_LEASE, ExportJob

        settings.MEDIA_ROOT = tmp_path / "media"
        job = exports.export_request(actor=world.intake_a, filters=None, file_format="csv", count=9)
        started = dt.datetime.now(dt.UTC)
        ExportJob.objects.filter(pk=job.pk).update(status="running", started_at=started)
        assert exports.export_run(job.pk).status == ExportJob.Status.RUNNING  # still leased
        ExportJob.objects.filter(pk=job.pk).update(started_at=started - JOB_LEASE * 2)
        for _ in range(exports.MAX_PENDING_PER_USER):  # the lost job no longer counts as busy
            exports.export_request(actor=world.intake_a, filters=None, file_format="csv", count=9)
        assert exports.export_run(job.pk).status == ExportJob.Status.DONE

    def test_background_exports_are_limited(self, world, cases, monkeypatch):
        for _ in range(exports.MAX_PENDING_PER_USER):
            exports.export_request(actor=world.intake_a, filters=None, file_format="csv", count=9)
        with pytest.raises(exports.ExportRefusedError) as caught:
            exports.export_request(actor=world.intake_a, filters=None, file_format="csv", count=9)
        assert "đang có 3 tệp đang xuất" in caught.value.message
        monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 5)
        with pytest.raises(exports.ExportRefusedError) as caught:
            exports.export_request(actor=world.head_a, filters=None, file_format="xlsx", count=6)
        assert "CSV" in caught.value.message

    def test_old_exports_are_purged_with_their_files(self, world, cases, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path / "media"
        job = exports.export_request(actor=world.intake_a, filters=None, file_format="csv", count=9)
        job = exports.export_run(job.pk)
        path = job.file.path
        assert exports.export_purge() == 0
        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=exports.EXPORT_KEEP_DAYS + 1)
        assert exports.export_purge(now=later) == 1
        import os

        assert not os.path.exists(path)
