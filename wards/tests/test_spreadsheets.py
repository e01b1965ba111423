"""Import and export of yearly figures, targets and wards: preview, all or nothing, scoping, safety.

Alice is the officer of Khương Đình (`officer`), Bob the officer of Nhân Chính (`other_officer`),
LĐ-TB&XH imports for every ward, Nội vụ only exports.
"""

import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from common.tests.printing import assert_printable
from units.models import Ward
from wards.models import ReductionTarget, YearlyCount
from wards.resources import YearlyCountResource

IMPORT = reverse("admin:wards_yearlycount_import")
PROCESS = reverse("admin:wards_yearlycount_process_import")
EXPORT = reverse("admin:wards_yearlycount_export")
TEMPLATE = reverse("admin:wards_yearlycount_sheet_template")
XLSX, CSV = "0", "1"


def headers():
    return YearlyCountResource().get_export_headers()


def figures_row(ward, year, start, *, escaped=0, end=None, note="", **extra):
    """A row in the import's columns: no movement but `escaped` households leaving."""
    values = {
        "Mã phường": ward.code, "Phường": ward.name, "Năm": year, "Chỉ tiêu giảm trong năm": None,
        "Tổng số hộ dân cư": None, "Số hộ nghèo đầu năm": None, "Hộ nghèo giảm: thoát nghèo": 0,
        "Hộ nghèo giảm: lý do khác": 0, "Hộ nghèo tăng: lý do khác": 0, "Số hộ nghèo cuối năm": 0, "Trong đó: hộ nghèo phát sinh mới": 0, "Trong đó: hộ tái nghèo": 0,
        "Số hộ cận nghèo đầu năm": start, "Giảm: thoát cận nghèo": escaped,
        "Giảm: chuyển thành hộ nghèo": 0, "Giảm: lý do khác": 0, "Tăng: phát sinh mới": 0,
        "Tăng: tái cận nghèo": 0, "Tăng: từ hộ nghèo chuyển sang": 0, "Tăng: lý do khác": 0,
        "Số hộ cận nghèo cuối năm": start - escaped if end is None else end,
        "Ghi chú": note, "Trạng thái": None,
    }
    values.update(extra)
    return values


def xlsx(rows, columns=None):
    columns = columns or headers()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(c) for c in columns] if isinstance(row, dict) else row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def upload(client, content, name="so-lieu.xlsx", fmt=XLSX, url=IMPORT):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(url, {"import_file": SimpleUploadedFile(name, content), "format": fmt, "resource": "0"})


def confirm(client, preview, url=PROCESS):
    form = preview.context["confirm_form"]
    return client.post(url, {**form.initial, "confirm": "1"})


def snapshot():
    """Everything an import could change, to prove a refused file changed nothing."""
    return (
        list(YearlyCount.objects.order_by("pk").values()),
        YearlyCount.history.count(),
        list(ReductionTarget.objects.order_by("pk").values()),
        list(Ward.objects.order_by("pk").values()),
    )


def export(client, model="wards_yearlycount", fmt=XLSX):
    from units.resources import WardResource
    from wards import resources

    resource = {
        "wards_yearlycount": resources.YearlyCountResource, "wards_reductiontarget": resources.ReductionTargetResource,
        "units_ward": WardResource,
    }[model]
    fields = {f"{resource.__name__.lower()}_{name}": "on" for name in resource().get_export_order()}
    response = client.post(reverse(f"admin:{model}_export"), {"format": fmt, "resource": "0", **fields})
    assert response.status_code == 200, response.content[:300]
    return response


def rows_of(response):
    return list(openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0].values)


def errors_of(response):
    return response.context["report"]["errors"]


@pytest.fixture
def alice(client, officer):
    client.force_login(officer)
    return client


# The whole path ---------------------------------------------------------------------------------

def test_preview_then_confirm_writes_with_history(alice, officer, khuong_dinh, make_count):
    make_count(khuong_dinh, 2022, status="approved")
    changed = make_count(khuong_dinh, 2023)
    start = changed.near_poor_start
    content = xlsx([
        figures_row(khuong_dinh, 2022, YearlyCount.objects.get(year=2022).near_poor_start),
        figures_row(khuong_dinh, 2023, start, escaped=2, note="Hai hộ có việc làm ổn định"),
        figures_row(khuong_dinh, 2024, start - 2, escaped=1),
    ])
    before = snapshot()

    preview = upload(alice, content)

    assert preview.status_code == 200 and preview.context["confirm_form"]
    assert snapshot() == before, "the preview writes nothing"
    report = preview.context["report"]
    assert report["errors"] == []
    kinds = {(r["row"], r["kind"]) for r in report["rows"]}
    assert kinds == {(3, "update"), (4, "new")}  # the unchanged row 2 is counted, not listed
    assert report["counts"] == {"new": 1, "update": 1, "skip": 1}
    update = next(r for r in report["rows"] if r["kind"] == "update")
    assert {"column": "Giảm: thoát cận nghèo", "old": 0, "new": 2} in update["changes"]
    assert {"column": "Số hộ cận nghèo cuối năm", "old": start, "new": start - 2} in update["changes"]
    page = preview.content.decode()
    assert "Thay đổi" in page and "Mới" in page and "1 không đổi" in page and "Xác nhận nhập" in page

    done = confirm(alice, preview)

    assert done.status_code == 302
    changed.refresh_from_db()
    assert (changed.near_poor_escaped, changed.near_poor_end) == (2, start - 2)
    assert changed.note == "Hai hộ có việc làm ổn định"
    new = YearlyCount.objects.get(ward=khuong_dinh, year=2024)
    assert new.status == YearlyCount.Status.DRAFT and new.updated_by == officer
    history = changed.history.first()
    assert history.history_user == officer
    assert history.history_change_reason == "Nhập từ tệp so-lieu.xlsx"


def test_round_trip_changes_nothing(alice, khuong_dinh, make_count):
    make_count(khuong_dinh, 2022, status="approved")
    make_count(khuong_dinh, 2023, status="submitted", near_poor_escaped=1, note="=1+1")
    make_count(khuong_dinh, 2024, note="Ghi chú, có dấu phẩy; và chấm phẩy")
    before = snapshot()
    for fmt, name in ((XLSX, "xuat.xlsx"), (CSV, "xuat.csv")):
        exported = export(alice, fmt=fmt)

        preview = upload(alice, exported.content, name=name, fmt=fmt)

        assert errors_of(preview) == []
        assert preview.context["report"]["rows"] == []
        assert preview.context["report"]["counts"] == {"new": 0, "update": 0, "skip": 3}
        confirm(alice, preview)
        assert snapshot() == before


def test_csv_with_semicolons_and_ward_by_name(alice, khuong_dinh, make_count):
    make_count(khuong_dinh, 2022)
    start = YearlyCount.objects.get().near_poor_start
    columns = [c for c in headers() if c not in ("Mã phường", "Chỉ tiêu giảm trong năm", "Trạng thái", "Ghi chú")]
    row = figures_row(khuong_dinh, 2022, start, escaped=1, **{"Phường": "phường  KHƯƠNG ĐÌNH"})
    text = ";".join(columns) + "\n" + ";".join("" if row[c] is None else str(row[c]) for c in columns) + "\n"

    preview = upload(alice, text.encode("utf-8-sig"), name="so-lieu.csv", fmt=CSV)

    assert errors_of(preview) == []
    confirm(alice, preview)
    assert YearlyCount.objects.get().near_poor_escaped == 1


def test_social_affairs_fills_every_ward_from_the_template(client, social_affairs, plan):
    client.force_login(social_affairs)
    template = client.get(TEMPLATE, {"nam": 2022})
    assert template["Content-Disposition"] == 'attachment; filename="mau-so-lieu-2022.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(template.content))
    sheet = book.worksheets[0]
    assert_printable(sheet, title_rows="1:1", landscape=True)
    assert_printable(book["Hướng dẫn"], title_rows=None, landscape=True)
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == headers()
    assert len(rows) == 1 + 11

    preview = upload(client, template.content, name="mau-so-lieu-2022.xlsx")

    assert errors_of(preview) == []
    assert {r["kind"] for r in preview.context["report"]["rows"]} == {"new"}
    confirm(client, preview)
    assert YearlyCount.objects.filter(year=2022, status="draft").count() == 11


def test_officer_template_has_only_their_open_rows(alice, khuong_dinh, make_count):
    make_count(khuong_dinh, 2022, status="approved")
    assert alice.get(TEMPLATE)["Content-Disposition"].endswith('mau-so-lieu-2023.xlsx"'), "the first year to fill"
    rows_2022 = list(openpyxl.load_workbook(io.BytesIO(alice.get(TEMPLATE, {"nam": 2022}).content)).worksheets[0].values)
    rows_2023 = list(openpyxl.load_workbook(io.BytesIO(alice.get(TEMPLATE, {"nam": 2023}).content)).worksheets[0].values)
    assert len(rows_2022) == 1, "approved figures are not offered again"
    assert len(rows_2023) == 2 and rows_2023[1][:3] == (khuong_dinh.code, khuong_dinh.name, 2023)
    assert rows_2023[1][headers().index("Số hộ cận nghèo đầu năm")] == YearlyCount.objects.get().near_poor_end


# Bad files: each refused with its message, nothing written --------------------------------------

def _valid(ward):
    from wards.models import Baseline

    return figures_row(ward, 2022, Baseline.objects.get(ward=ward).near_poor)


def _bomb():
    content = xlsx([])
    source = zipfile.ZipFile(io.BytesIO(content))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b"<worksheet",
                    b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><worksheet', 1,
                ).replace(b"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>", b"", 1)
            target.writestr(item, data)
    return output.getvalue()


def _formula(ward):
    content = xlsx([_valid(ward)])
    book = openpyxl.load_workbook(io.BytesIO(content))
    book.active["H2"] = "=SUM(1,2)"
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


BAD_FILES = {
    "wrong format": (lambda w: b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n", "so-lieu.xlsx", XLSX, "không phải là tệp Excel .xlsx hợp lệ"),
    "truncated xlsx": (lambda w: xlsx([_valid(w)])[:900], "so-lieu.xlsx", XLSX, "không phải là tệp Excel .xlsx hợp lệ"),
    "wrong extension": (lambda w: xlsx([_valid(w)]), "so-lieu.pdf", XLSX, "không phải tệp .xlsx như định dạng đã chọn"),
    "text in a number": (lambda w: xlsx([{**_valid(w), "Giảm: thoát cận nghèo": "mười"}]), "a.xlsx", XLSX,
                         "Phải là số hộ (số nguyên), không phải «mười»"),
    "a negative figure": (lambda w: xlsx([{**_valid(w), "Tăng: lý do khác": -1, "Giảm: lý do khác": -1}]), "a.xlsx", XLSX,
                          "Số hộ không được là số âm."),
    "a broken balance": (lambda w: xlsx([{**_valid(w), "Giảm: thoát cận nghèo": 1}]), "a.xlsx", XLSX,
                         "Số liệu không cân đối"),
    "a duplicate ward-year": (lambda w: xlsx([_valid(w), _valid(w)]), "a.xlsx", XLSX, "Trùng Phường Khương Đình năm 2022 với dòng 2"),
    "another ward's row": (lambda w: xlsx([_valid(w), _valid(Ward.objects.get(code="00343"))]), "a.xlsx", XLSX,
                           "Tài khoản chỉ được nhập số liệu của Phường Khương Đình; dòng này là của Phường Nhân Chính."),
    "another ward by name only": (lambda w: xlsx([{**_valid(Ward.objects.get(code="00343")), "Mã phường": None}]), "a.xlsx", XLSX,
                                  "dòng này là của Phường Nhân Chính"),
    "an approved year": (lambda w: xlsx([{**figures_row(w, 2022, YearlyCount.objects.get(ward=w, year=2022).near_poor_start, escaped=1)}]),
                         "a.xlsx", XLSX, "đã duyệt, không thể sửa"),
    "a formula cell": (_formula, "a.xlsx", XLSX, "Ô H2 chứa công thức «=SUM(1,2)»"),
    "an empty file": (lambda w: b"", "a.xlsx", XLSX, "rỗng"),
    "headers only": (lambda w: xlsx([]), "a.xlsx", XLSX, "Không có dữ liệu hợp lệ để nhập"),
    "an extra column": (lambda w: xlsx([{**_valid(w), "id": 1}], headers() + ["id"]), "a.xlsx", XLSX,
                        "Cột không có trong mẫu: «id»"),
    "a missing column": (lambda w: xlsx([_valid(w)], [h for h in headers() if h != "Số hộ cận nghèo cuối năm"]), "a.xlsx", XLSX,
                         "Thiếu cột: «Số hộ cận nghèo cuối năm»"),
    "an XML bomb": (lambda w: _bomb(), "a.xlsx", XLSX, "khai báo XML không an toàn"),
    "a csv not in UTF-8": (lambda w: "Mã phường,Năm\n00364,2022\n".encode("utf-16"), "a.csv", CSV, "UTF-8"),
    "an unknown ward": (lambda w: xlsx([{**_valid(w), "Mã phường": "99999", "Phường": None}]), "a.xlsx", XLSX,
                        "Không có phường «99999» trong quận Thanh Xuân."),
    "a year outside the plan": (lambda w: xlsx([{**_valid(w), "Năm": 2030}]), "a.xlsx", XLSX,
                                "Năm 2030 nằm ngoài thời gian của kế hoạch"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_file_is_refused_and_writes_nothing(alice, khuong_dinh, make_count, case):
    make_count(khuong_dinh, 2022, status="approved") if case == "an approved year" else None
    make_file, name, fmt, message = BAD_FILES[case]
    content = make_file(khuong_dinh)
    before = snapshot()

    response = upload(alice, content, name=name, fmt=fmt)

    assert response.status_code == 200
    assert "confirm_form" not in response.context or not response.context["confirm_form"]
    assert message in response.content.decode(), response.content.decode()[-3000:]
    assert "Traceback" not in response.content.decode()
    assert snapshot() == before


def test_one_bad_row_keeps_the_good_ones_out_too(alice, khuong_dinh, make_count):
    draft = make_count(khuong_dinh, 2022)
    good = figures_row(khuong_dinh, 2022, draft.near_poor_start, escaped=1)
    bad = figures_row(khuong_dinh, 2023, draft.near_poor_start - 1, end=99)
    before = snapshot()

    response = upload(alice, xlsx([good, bad]))

    errors = errors_of(response)
    assert [(e["row"], e["column"]) for e in errors] == [(3, "Số hộ cận nghèo cuối năm")]
    assert "Tệp có 1 lỗi — chưa dòng nào được ghi" in response.content.decode()
    assert snapshot() == before


def test_figures_locked_between_preview_and_confirm_write_nothing(alice, khuong_dinh, make_count, officer):
    from wards import services

    draft = make_count(khuong_dinh, 2022)
    preview = upload(alice, xlsx([
        figures_row(khuong_dinh, 2022, draft.near_poor_start, escaped=1),
        figures_row(khuong_dinh, 2023, draft.near_poor_start - 1),
    ]))
    assert preview.context["confirm_form"]
    services.count_submit(count=draft, user=officer)
    before = snapshot()

    response = confirm(alice, preview)

    assert response.status_code == 200
    assert "không dòng nào được ghi" in response.content.decode()
    assert "đã gửi" in " ".join(e["message"] for e in errors_of(response))
    assert snapshot() == before


def test_oversized_upload_is_refused(alice, khuong_dinh, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1000
    before = snapshot()
    response = upload(alice, xlsx([_valid(khuong_dinh)] * 3))
    assert "Tệp quá lớn" in response.content.decode()
    assert snapshot() == before


# Export safety ----------------------------------------------------------------------------------

PAYLOADS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_exported_formula_payloads_come_back_as_text(alice, khuong_dinh, make_count, payload):
    make_count(khuong_dinh, 2022, note=payload)
    sheet = openpyxl.load_workbook(io.BytesIO(export(alice).content)).worksheets[0]
    cell = sheet.cell(row=2, column=headers().index("Ghi chú") + 1)
    assert cell.data_type == "s"
    # XML turns a carriage return into a line feed; what matters is the quote in front.
    assert cell.value == "'" + payload.replace("\r", "\n")

    as_csv = export(alice, fmt=CSV).content.decode("utf-8")
    assert "'" + payload[0] in as_csv and "," + payload[0] not in as_csv


def test_openpyxl_reads_xml_through_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


# Who may do what --------------------------------------------------------------------------------

def test_anonymous_goes_to_login(client, plan):
    for url in (IMPORT, EXPORT, TEMPLATE):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("role", ["home_affairs", "no_role"])
def test_roles_without_import_are_refused(client, request, role, khuong_dinh):
    client.force_login(request.getfixturevalue(role))
    before = snapshot()
    assert client.get(IMPORT).status_code == 403
    assert client.get(TEMPLATE).status_code == 403
    assert upload(client, xlsx([_valid(khuong_dinh)])).status_code == 403
    assert snapshot() == before


def test_officer_cannot_import_wards_or_targets(alice, plan):
    for model in ("units_ward", "wards_reductiontarget"):
        assert alice.get(reverse(f"admin:{model}_import")).status_code == 403


def test_officer_exports_only_their_ward(alice, khuong_dinh, nhan_chinh, make_count):
    make_count(khuong_dinh, 2022)
    make_count(nhan_chinh, 2022)
    assert [r[0] for r in rows_of(export(alice))[1:]] == [khuong_dinh.code]
    assert {r[0] for r in rows_of(export(alice, "wards_reductiontarget"))[1:]} == {khuong_dinh.code}
    assert [r[0] for r in rows_of(export(alice, "units_ward"))[1:]] == [khuong_dinh.code]


def test_home_affairs_exports_but_does_not_import(client, home_affairs, khuong_dinh, nhan_chinh, make_count):
    make_count(khuong_dinh, 2022)
    make_count(nhan_chinh, 2022)
    client.force_login(home_affairs)
    page = client.get(reverse("admin:wards_yearlycount_changelist")).content.decode()
    assert "Xuất ra tệp" in page and "Nhập từ tệp" not in page
    assert len(rows_of(export(client))) == 3


# Targets and wards ------------------------------------------------------------------------------

def test_social_affairs_imports_targets_with_a_preview(client, social_affairs, khuong_dinh):
    client.force_login(social_affairs)
    target = ReductionTarget.objects.get(ward=khuong_dinh, year=2023)
    content = xlsx([[khuong_dinh.code, khuong_dinh.name, 2023, target.reduction + 1]],
                   ["Mã phường", "Phường", "Năm", "Chỉ tiêu giảm (hộ)"])
    url = reverse("admin:wards_reductiontarget_import")

    preview = upload(client, content, url=url)

    [row] = preview.context["report"]["rows"]
    assert row["kind"] == "update"
    assert row["changes"] == [{"column": "Chỉ tiêu giảm (hộ)", "old": target.reduction, "new": target.reduction + 1}]
    confirm(client, preview, url=reverse("admin:wards_reductiontarget_process_import"))
    target.refresh_from_db()
    assert target.reduction == preview.context["report"]["rows"][0]["changes"][0]["new"]


def test_ward_list_round_trip(client, social_affairs, plan):
    client.force_login(social_affairs)
    exported = export(client, "units_ward")
    before = snapshot()
    preview = upload(client, exported.content, url=reverse("admin:units_ward_import"))
    assert errors_of(preview) == []
    assert preview.context["report"]["rows"] == []
    assert preview.context["report"]["counts"] == {"new": 0, "update": 0, "skip": 11}
    assert snapshot() == before
