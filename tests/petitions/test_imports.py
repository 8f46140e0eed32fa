"""Bulk import of petitions from XLSX/CSV: all rows or none, a report per row and column.

Files are built in the tests (``csv_file``, ``xlsx_file``).  The clock is frozen on
25/11/2026; the world's communes are Phường Phú Khương (28756, commune A) and Phường An Hội
(28777, commune C) of Vĩnh Long; the old xã Long Đức of Trà Vinh city is today's Phường Long
Đức (29263).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from danvan.core.models import AuditEntry
from danvan.petitions import imports
from danvan.petitions.enums import Channel, Field, Kind
from danvan.petitions.errors import ErrorCode, PetitionError
from danvan.petitions.models import ConfidentialIdentity, Petition, Petitioner

pytestmark = pytest.mark.django_db

HEADERS = [
    "STT",
    "Loại đơn",
    "Lĩnh vực",
    "Trích yếu",
    "Nội dung",
    "Xã/phường",
    "Ngày tiếp nhận",
    "Họ tên người gửi",
    "CCCD",
    "Điện thoại",
    "Địa chỉ người gửi",
    "Số người",
    "Người đại diện",
    "Quyết định bị khiếu nại",
    "Người bị tố cáo",
    "Có chữ ký",
    "Khẩn",
]
OLD_LONG_DUC = "xã Long Đức, thành phố Trà Vinh, tỉnh Trà Vinh"


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC), tick=False):
        yield


def row(**values: object) -> dict[str, object]:
    base: dict[str, object] = {
        "Loại đơn": "Phản ánh",
        "Lĩnh vực": "Đất đai",
        "Trích yếu": "Lấn chiếm lối đi chung",
        "Nội dung": "Hộ liền kề xây tường lấn lối đi chung của xóm.",
        "Xã/phường": "28756",
        "Ngày tiếp nhận": "20/11/2026",
        "Họ tên người gửi": "Thạch Thị Sa Rết",
        "CCCD": "084195001111",
        "Điện thoại": "0912 345 678",
        "Địa chỉ người gửi": "Khóm 3, phường Phú Khương",
        "Có chữ ký": "Có",
    }
    base.update(values)
    return base


def good_rows() -> list[dict[str, object]]:
    return [
        row(),
        row(**{"Loại đơn": "kien_nghi", "Lĩnh vực": "giao thong", "Xã/phường": "Phú Khương"}),
        row(
            **{
                "Loại đơn": "khieu nai",
                "Lĩnh vực": "dat_dai",
                "Xã/phường": "an hoi",
                "Quyết định bị khiếu nại": "Quyết định số 12/QĐ-UBND ngày 01/10/2026",
            }
        ),
        row(
            **{
                "Loại đơn": "Tố cáo",
                "Lĩnh vực": "Tham nhũng",
                "Xã/phường": OLD_LONG_DUC,
                "Họ tên người gửi": "Kim Văn Mật",
                "CCCD": "084095009999",
                "Người bị tố cáo": "Ông Nguyễn Văn B, cán bộ địa chính",
                "Khẩn": "x",
            }
        ),
    ]


def _cell(values: dict[str, object], header: str, number: int) -> object:
    if header == "STT":
        return number if values else ""  # a blank row stays blank
    value = values.get(header)
    return "" if value is None else value


def csv_file(
    rows: list[dict[str, object]],
    headers: list[str] = HEADERS,
    *,
    bom: bool = True,
    delimiter: str = ",",
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    for i, values in enumerate(rows, start=1):
        writer.writerow([_cell(values, h, i) for h in headers])
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode()


def xlsx_file(
    rows: list[dict[str, object]], headers: list[str] = HEADERS, *, title: str = ""
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    sheet.append(headers)
    for i, values in enumerate(rows, start=1):
        sheet.append([_cell(values, h, i) or None for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(world, data: bytes, name: str = "don-thu.csv", actor=None, organization=None, **kw):
    return imports.petition_import(
        actor=actor or world.intake_a,
        organization=organization or world.ubnd_a,
        file_name=name,
        data=data,
        **kw,
    )


def messages_at(result, row: int | None) -> dict[str, str]:
    return {e.column: e.message for e in result.errors if e.row == row}


class GoodFileTests:
    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_every_row_becomes_a_petition(self, world, fmt):
        rows = good_rows()
        data = csv_file(rows) if fmt == "csv" else xlsx_file(rows)
        result = run(world, data, f"don-thu.{fmt}")

        assert result.errors == []
        assert result.ok
        assert (result.rows, result.created, result.already_imported) == (4, 4, 0)
        petitions = list(Petition.objects.order_by("id"))
        assert [p.kind for p in petitions] == [
            Kind.PHAN_ANH,
            Kind.KIEN_NGHI,
            Kind.KHIEU_NAI,
            Kind.TO_CAO,
        ]
        assert [p.field for p in petitions] == [
            Field.DAT_DAI,
            Field.GIAO_THONG,
            Field.DAT_DAI,
            Field.THAM_NHUNG,
        ]
        # commune by code, by name, without diacritics, and from a pre-2025 address
        assert [p.commune.code for p in petitions] == ["28756", "28756", "28777", "29263"]
        assert petitions[3].address_as_written == OLD_LONG_DUC
        assert all(p.channel == Channel.IMPORT for p in petitions)
        assert all(p.organization == world.ubnd_a for p in petitions)
        assert all(p.received_by == world.intake_a for p in petitions)
        assert all(p.received_on == dt.date(2026, 11, 20) for p in petitions)
        assert all(p.due_on is not None for p in petitions)
        assert petitions[3].is_urgent
        assert not petitions[0].is_urgent
        assert petitions[2].contested_decision.startswith("Quyết định số 12")
        first = petitions[0].petitioners.get()
        assert (first.full_name, first.id_number, first.phone) == (
            "Thạch Thị Sa Rết",
            "084195001111",
            "0912345678",
        )
        # The denouncer is stored encrypted apart from the case.
        assert ConfidentialIdentity.objects.filter(petition=petitions[3]).exists()
        assert petitions[3].petitioners.get().full_name == ""
        assert not Petitioner.objects.filter(full_name="Kim Văn Mật").exists()

    def test_the_import_is_audited_once_per_file_and_once_per_petition(self, world):
        run(world, csv_file(good_rows()[:2]))
        entry = AuditEntry.objects.get(action="petition.import")
        assert entry.changes["created"] == 2
        assert entry.actor == world.intake_a
        assert AuditEntry.objects.filter(action="petition.create").count() == 2

    def test_csv_without_bom_with_semicolons_and_unaccented_headers(self, world):
        headers = [_plain(h) for h in HEADERS]  # "loai don", "xa/phuong"…
        rows = [{_plain(k): v for k, v in r.items()} for r in good_rows()[:2]]
        data = csv_file(rows, headers, bom=False, delimiter=";")
        result = run(world, data)
        assert result.errors == []
        assert result.created == 2

    def test_csv_with_bom_reads_the_first_header(self, world):
        data = csv_file([row()], bom=True)
        assert data.startswith(b"\xef\xbb\xbf")
        assert run(world, data).created == 1

    def test_a_title_above_the_header_row_is_allowed(self, world):
        result = run(world, xlsx_file([row()], title="DANH SÁCH ĐƠN THÁNG 11"), "a.xlsx")
        assert result.errors == []
        assert result.created == 1

    def test_excel_numbers_and_dates_are_read_as_officers_meant_them(self, world):
        data = xlsx_file(
            [
                row(
                    **{
                        "CCCD": 84195001111,
                        "Điện thoại": 912345678,
                        "Ngày tiếp nhận": dt.datetime(2026, 11, 19),  # noqa: DTZ001  (as Excel gives)
                        "Xã/phường": 28756,
                    }
                )
            ]
        )
        result = run(world, data, "a.xlsx")
        assert result.errors == []
        petition = Petition.objects.get()
        assert petition.received_on == dt.date(2026, 11, 19)
        person = petition.petitioners.get()
        assert (person.id_number, person.phone) == ("084195001111", "0912345678")

    def test_a_group_with_its_representative_is_a_mass_petition(self, world):
        data = csv_file([row(**{"Số người": "12", "Người đại diện": "Có"})])
        result = run(world, data)
        assert result.errors == []
        petition = Petition.objects.get()
        assert petition.petitioner_count == 12
        assert petition.is_mass

    def test_blank_rows_are_skipped(self, world):
        data = csv_file([row(), {}, row(**{"Trích yếu": "Khác"})])
        result = run(world, data)
        assert (result.rows, result.created) == (2, 2)

    def test_the_same_file_twice_creates_nothing_the_second_time(self, world):
        data = csv_file(good_rows())
        assert run(world, data).created == 4
        again = run(world, data)
        assert again.ok
        assert (again.created, again.already_imported) == (0, 4)
        assert "Bỏ qua 4 dòng" in again.summary()
        assert Petition.objects.count() == 4

    def test_a_dry_run_checks_everything_and_keeps_nothing(self, world):
        result = run(world, csv_file(good_rows()), dry_run=True)
        assert result.ok
        assert result.created == 0
        assert "4 dòng sẽ được nhập" in result.summary()
        assert not Petition.objects.exists()
        assert not AuditEntry.objects.filter(action__startswith="petition.").exists()


def _plain(header: str) -> str:
    text = unicodedata.normalize("NFD", header)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("đ", "d").replace("Đ", "D").lower()


class BadRowTests:
    def test_one_bad_row_among_good_ones_imports_nothing(self, world):
        rows = good_rows()
        rows.insert(2, row(**{"Loại đơn": "Khiếu kiện"}))
        result = run(world, csv_file(rows))

        assert not result.ok
        assert result.created == 0
        assert not Petition.objects.exists()
        assert not Petitioner.objects.exists()
        assert not ConfidentialIdentity.objects.exists()
        # the header is row 1: the third data row is spreadsheet row 4
        assert [(e.row, e.column) for e in result.errors] == [(4, "Loại đơn")]
        assert "“Khiếu kiện” không phải là loại đơn hợp lệ" in result.errors[0].message
        assert "Không nhập đơn nào: 1 lỗi ở 1 dòng" in result.summary()
        assert str(result.errors[0]).startswith("Dòng 4, cột “Loại đơn”:")

    @pytest.mark.parametrize(
        ("values", "column", "text"),
        [
            ({"Loại đơn": "đơn thư"}, "Loại đơn", "không phải là loại đơn hợp lệ"),
            ({"Loại đơn": ""}, "Loại đơn", "Bắt buộc"),
            ({"Lĩnh vực": "thể thao"}, "Lĩnh vực", "không phải là lĩnh vực hợp lệ"),
            ({"Trích yếu": ""}, "Trích yếu", "Bắt buộc"),
            ({"Trích yếu": "x" * 256}, "Trích yếu", "quá giới hạn 255 ký tự"),
            ({"Nội dung": " "}, "Nội dung", "Bắt buộc"),
            ({"Ngày tiếp nhận": "31/02/2026"}, "Ngày tiếp nhận", "không phải là ngày hợp lệ"),
            ({"Ngày tiếp nhận": "11/20/2026"}, "Ngày tiếp nhận", "không phải là ngày hợp lệ"),
            ({"Ngày tiếp nhận": "hôm qua"}, "Ngày tiếp nhận", "không phải là ngày hợp lệ"),
            ({"Ngày tiếp nhận": "01/12/2026"}, "Ngày tiếp nhận", "sau ngày hôm nay"),
            ({"Ngày tiếp nhận": ""}, "Ngày tiếp nhận", "Bắt buộc"),
            ({"Xã/phường": "Xã Không Có Thật"}, "Xã/phường", "Không tìm thấy xã, phường"),
            ({"Xã/phường": "99999"}, "Xã/phường", "Không có xã, phường, đặc khu nào mang mã"),
            ({"Xã/phường": ""}, "Xã/phường", "Bắt buộc"),
            (
                {"Xã/phường": "Xã Tân Thạnh, Huyện Thới Lai, TP Cần Thơ"},
                "Xã/phường",
                "nay thuộc nhiều xã, phường",
            ),
            ({"Họ tên người gửi": ""}, "Họ tên người gửi", "Bắt buộc"),
            ({"Địa chỉ người gửi": ""}, "Địa chỉ người gửi", "Bắt buộc khi có họ tên"),
            ({"CCCD": "12345"}, "CCCD", "12 chữ số"),
            ({"Điện thoại": "gọi sau"}, "Điện thoại", "không hợp lệ"),
            ({"Số người": "mười"}, "Số người", "số nguyên"),
            ({"Khẩn": "có lẽ"}, "Khẩn", "Ghi “Có” hoặc “Không”"),
            ({"Loại đơn": "Khiếu nại"}, "Quyết định bị khiếu nại", "Bắt buộc với khiếu nại"),
        ],
    )
    def test_each_kind_of_row_error_names_its_row_and_column(self, world, values, column, text):
        result = run(world, csv_file([row(), row(**values)]))
        assert not Petition.objects.exists()
        found = messages_at(result, 3)
        assert column in found, result.errors
        assert text in found[column]
        assert messages_at(result, 2) == {}

    def test_the_representatives_rule_comes_from_the_service(self, world):
        # Twelve people and the one named sender is not their representative: the law (Luật
        # Tiếp công dân Art. 29) is checked by services.petition_create, reported on its row.
        rows = [row(), row(**{"Số người": "12", "Người đại diện": "Không"})]
        result = run(world, csv_file(rows))
        assert [(e.row, e.column) for e in result.errors] == [(3, "Người đại diện")]
        assert "Điều 29 Luật Tiếp công dân" in result.errors[0].message
        assert not Petition.objects.exists()
        assert not AuditEntry.objects.filter(action__startswith="petition.").exists()

    def test_every_row_is_reported_in_one_pass(self, world):
        rows = [
            row(**{"Loại đơn": "?"}),
            row(),
            row(**{"Số người": "7", "Người đại diện": "Không"}),
            row(**{"Ngày tiếp nhận": "32/01/2026", "Xã/phường": "nowhere"}),
        ]
        result = run(world, csv_file(rows))
        assert [(e.row, e.column) for e in result.errors] == [
            (2, "Loại đơn"),
            (4, "Người đại diện"),
            (5, "Xã/phường"),
            (5, "Ngày tiếp nhận"),
        ]
        assert result.error_rows == 3

    def test_an_anonymous_row_needs_no_name_but_a_complaint_cannot_be_anonymous(self, world):
        anonymous = {
            "Họ tên người gửi": "",
            "CCCD": "",
            "Điện thoại": "",
            "Địa chỉ người gửi": "",
            "Nặc danh": "Có",
        }
        headers = [*HEADERS, "Nặc danh"]
        ok = run(world, csv_file([row(**anonymous)], headers), dry_run=True)
        assert ok.errors == []
        refused = run(
            world,
            csv_file(
                [row(**anonymous, **{"Loại đơn": "Khiếu nại", "Quyết định bị khiếu nại": "QĐ 1"})],
                headers,
            ),
        )
        assert messages_at(refused, 2).keys() == {"Nặc danh"}


class BadFileTests:
    @pytest.mark.parametrize(
        ("name", "text"),
        [
            ("don-thu.docx", "Chỉ nhận tệp bảng tính .xlsx hoặc .csv"),
            ("don-thu.pdf", "Chỉ nhận tệp bảng tính .xlsx hoặc .csv"),
            ("don-thu.xls", "lưu lại dưới dạng"),
        ],
    )
    def test_other_files_are_refused(self, world, name, text):
        result = run(world, b"PK\x03\x04 whatever", name)
        assert [(e.row, e.column) for e in result.errors] == [(None, "")]
        assert text in result.errors[0].message

    def test_an_oversized_file_is_refused(self, world):
        data = csv_file([row()]) + b" " * imports.MAX_FILE_BYTES
        result = run(world, data)
        assert "Tệp quá lớn" in result.errors[0].message
        assert "tối đa là 5 MB" in result.errors[0].message

    def test_too_many_rows(self, world):
        data = csv_file([row()] * (imports.MAX_ROWS + 1))
        result = run(world, data)
        assert len(result.errors) == 1
        assert "Tệp có hơn 5.000 dòng dữ liệu" in result.errors[0].message
        assert not Petition.objects.exists()

    def test_a_csv_not_in_utf8_is_refused_with_the_reason(self, world):
        text = "Loại đơn,Lĩnh vực\nPhản ánh,Đất đai\n"
        data = unicodedata.normalize("NFD", text).encode("cp1258", errors="replace")
        result = run(world, data)
        assert "bảng mã UTF-8" in result.errors[0].message
        assert "Windows-1258" in result.errors[0].message

    def test_a_damaged_xlsx_is_refused(self, world):
        result = run(world, b"this is not a zip", "a.xlsx")
        assert "không phải là bảng tính .xlsx hợp lệ" in result.errors[0].message

    def test_missing_and_unknown_columns_are_reported_on_the_header_row(self, world):
        headers = [h for h in HEADERS if h != "Trích yếu"] + ["Ghi chú riêng"]
        result = run(world, csv_file([row()], headers))
        assert {(e.row, e.column) for e in result.errors} == {
            (1, "Trích yếu"),
            (1, "Ghi chú riêng"),
        }

    def test_a_file_without_the_header_row_or_without_data(self, world):
        no_header = run(world, b"a,b\n1,2\n")
        assert "Không tìm thấy dòng tiêu đề" in no_header.errors[0].message
        no_rows = run(world, csv_file([]))
        assert "không có dòng dữ liệu" in no_rows.errors[0].message


class PermissionTests:
    def test_an_outsider_cannot_import_into_another_communes_organization(self, world):
        with pytest.raises(PetitionError) as caught:
            run(world, csv_file([row()]), actor=world.outsider_c, organization=world.ubnd_a)
        assert caught.value.code == ErrorCode.PERMISSION_DENIED
        assert not Petition.objects.exists()

    @pytest.mark.parametrize("persona", ["handling_b", "leader", "front_cadre_a"])
    def test_roles_without_the_import_permission_cannot_import(self, world, persona):
        with pytest.raises(PetitionError):
            run(world, csv_file([row()]), actor=getattr(world, persona), organization=world.ubnd_a)

    def test_the_outsider_imports_into_their_own_organization(self, world):
        result = run(
            world,
            csv_file([row(**{"Xã/phường": "An Hội"})]),
            actor=world.outsider_c,
            organization=world.ubnd_c,
        )
        assert result.created == 1
        assert Petition.objects.get().organization == world.ubnd_c


class TemplateTests:
    def test_the_template_has_the_header_row_and_an_example_that_imports(self, world):
        data = imports.template_xlsx()
        workbook = load_workbook(io.BytesIO(data))
        sheet = workbook[imports.TEMPLATE_SHEET]
        header = [c.value for c in sheet[1]]
        assert header == [c.header for c in imports.COLUMNS]
        assert {"Hướng dẫn", "Danh mục"} <= set(workbook.sheetnames)
        result = run(world, data, imports.TEMPLATE_FILE_NAME)
        assert result.errors == []
        assert Petition.objects.get().commune.code == "29263"


# --- the pages ---------------------------------------------------------------------------------


def upload(data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


class ImportPageTests:
    def test_anonymous_is_sent_to_login(self, client):
        for name in ("petitions:petition-import", "petitions:petition-import-template"):
            response = client.get(reverse(name))
            assert response.status_code == 302
            assert reverse("accounts:login") in response["Location"]

    def test_the_form_offers_only_organizations_in_reach(self, client, world):
        client.force_login(world.intake_a)
        response = client.get(reverse("petitions:petition-import"))
        body = response.content.decode()
        assert response.status_code == 200
        assert world.ubnd_a.name in body
        assert world.ubnd_c.name not in body
        assert 'for="id_file"' in body
        assert 'for="id_organization"' in body

    def test_a_good_file_redirects_to_the_list_with_the_count(self, client, world):
        client.force_login(world.intake_a)
        response = client.post(
            reverse("petitions:petition-import"),
            {"organization": world.ubnd_a.pk, "file": upload(csv_file(good_rows()), "d.csv")},
            follow=True,
        )
        assert response.redirect_chain[0][0].startswith(reverse("petitions:petition-list"))
        assert "Đã nhập 4 đơn." in response.content.decode()
        assert Petition.objects.count() == 4

    def test_a_bad_file_shows_the_report_and_imports_nothing(self, client, world):
        client.force_login(world.intake_a)
        rows = [row(), row(**{"Ngày tiếp nhận": "31/02/2026"})]
        response = client.post(
            reverse("petitions:petition-import"),
            {"organization": world.ubnd_a.pk, "file": upload(xlsx_file(rows), "d.xlsx")},
        )
        body = response.content.decode()
        assert response.status_code == 200
        assert "Không nhập đơn nào" in body
        assert "<td>3</td><td>Ngày tiếp nhận</td>" in body
        assert not Petition.objects.exists()

    def test_a_long_file_is_imported_in_the_background(
        self, client, world, monkeypatch, settings, tmp_path, django_capture_on_commit_callbacks
    ):
        from danvan.petitions.models import ImportJob

        settings.MEDIA_ROOT = tmp_path / "media"
        monkeypatch.setattr(imports, "MAX_WEB_ROWS", 2)
        client.force_login(world.intake_a)
        with django_capture_on_commit_callbacks(execute=True):  # the worker, in-process
            response = client.post(
                reverse("petitions:petition-import"),
                {"organization": world.ubnd_a.pk, "file": upload(csv_file(good_rows()), "d.csv")},
            )
        job = ImportJob.objects.get()
        assert response["Location"] == reverse("petitions:import-job", args=[job.pk])
        assert job.status == ImportJob.Status.DONE
        assert Petition.objects.count() == 4
        page = client.get(response["Location"]).content.decode()
        assert "Đã nhập 4 đơn." in page
        assert world.intake_a.notifications.filter(kind="import").exists()
        # the report is its requester's alone
        client.force_login(world.head_a)
        assert client.get(response["Location"]).status_code == 404

    def test_a_long_bad_file_imports_nothing_and_reports_each_row(
        self, client, world, monkeypatch, settings, tmp_path, django_capture_on_commit_callbacks
    ):
        settings.MEDIA_ROOT = tmp_path / "media"
        monkeypatch.setattr(imports, "MAX_WEB_ROWS", 2)
        client.force_login(world.intake_a)
        rows = [row(), row(), row(**{"Ngày tiếp nhận": "31/02/2026"})]
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("petitions:petition-import"),
                {"organization": world.ubnd_a.pk, "file": upload(csv_file(rows), "d.csv")},
            )
        body = client.get(response["Location"]).content.decode()
        assert "Không nhập đơn nào" in body
        assert "<td>4</td><td>Ngày tiếp nhận</td>" in body
        assert not Petition.objects.exists()

    def test_the_page_refuses_a_file_longer_than_the_command_takes(
        self, client, world, monkeypatch
    ):
        monkeypatch.setattr(imports, "MAX_WEB_ROWS", 1)
        monkeypatch.setattr(imports, "MAX_ROWS", 2)
        client.force_login(world.intake_a)
        response = client.post(
            reverse("petitions:petition-import"),
            {"organization": world.ubnd_a.pk, "file": upload(csv_file([row()] * 3), "d.csv")},
        )
        assert "Tệp có hơn 1 dòng dữ liệu" in response.content.decode()
        assert not Petition.objects.exists()

    def test_a_wrong_file_type_is_refused_on_the_form(self, client, world):
        client.force_login(world.intake_a)
        response = client.post(
            reverse("petitions:petition-import"),
            {"organization": world.ubnd_a.pk, "file": upload(b"PK..", "don.docx")},
        )
        assert response.status_code == 200
        assert "Chỉ nhận tệp bảng tính .xlsx hoặc .csv" in response.content.decode()

    def test_outsider_cannot_import_into_commune_a(self, client, world):
        client.force_login(world.outsider_c)
        response = client.post(
            reverse("petitions:petition-import"),
            {"organization": world.ubnd_a.pk, "file": upload(csv_file([row()]), "d.csv")},
        )
        assert response.status_code == 403
        assert not Petition.objects.exists()

    @pytest.mark.parametrize("persona", ["handling_b", "leader", "mass_mobilization"])
    def test_officers_without_the_permission_get_403(self, client, world, persona):
        client.force_login(getattr(world, persona))
        assert client.get(reverse("petitions:petition-import")).status_code == 403
        assert client.get(reverse("petitions:petition-import-template")).status_code == 403

    def test_the_template_downloads(self, client, world):
        client.force_login(world.intake_a)
        response = client.get(reverse("petitions:petition-import-template"))
        assert response.status_code == 200
        assert response["Content-Type"] == imports.XLSX_CONTENT_TYPE
        assert "attachment" in response["Content-Disposition"]
        workbook = load_workbook(io.BytesIO(response.content), read_only=True)
        first = next(workbook[imports.TEMPLATE_SHEET].iter_rows(values_only=True))
        assert first[0] == "Loại đơn"


class CommandTests:
    def test_the_command_imports_a_good_file(self, world, tmp_path):
        path = tmp_path / "don-thu.csv"
        path.write_bytes(csv_file(good_rows()))
        out = io.StringIO()
        call_command(
            "import_petitions",
            str(path),
            organization=world.ubnd_a.code,
            actor=world.intake_a.username,
            stdout=out,
        )
        assert "Đã nhập 4 đơn." in out.getvalue()
        assert Petition.objects.filter(received_by=world.intake_a).count() == 4

    def test_the_command_reports_each_row_and_fails(self, world, tmp_path):
        path = tmp_path / "don-thu.xlsx"
        path.write_bytes(xlsx_file([row(), row(**{"Lĩnh vực": "?"})]))
        err = io.StringIO()
        with pytest.raises(CommandError, match="Không nhập đơn nào"):
            call_command("import_petitions", str(path), organization=world.ubnd_a.code, stderr=err)
        assert "Dòng 3, cột “Lĩnh vực”" in err.getvalue()
        assert not Petition.objects.exists()

    def test_the_command_refuses_an_actor_without_the_permission(self, world, tmp_path):
        path = tmp_path / "don-thu.csv"
        path.write_bytes(csv_file([row()]))
        with pytest.raises(CommandError, match="không có quyền"):
            call_command(
                "import_petitions",
                str(path),
                organization=world.ubnd_a.code,
                actor=world.outsider_c.username,
            )

    def test_the_command_without_actor_runs_as_the_system(self, world, tmp_path):
        path = tmp_path / "don-thu.csv"
        path.write_bytes(csv_file([row()]))
        call_command(
            "import_petitions", str(path), organization=world.ubnd_a.code, stdout=io.StringIO()
        )
        assert Petition.objects.get().received_by is None

    def test_unknown_organization(self, world, tmp_path):
        path = tmp_path / "don-thu.csv"
        path.write_bytes(csv_file([row()]))
        with pytest.raises(CommandError, match="Không có cơ quan"):
            call_command("import_petitions", str(path), organization="khong-co")
