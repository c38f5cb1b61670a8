"""Audit log: read-only, filterable, and its CSV cannot smuggle a spreadsheet formula."""
import csv
import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

from portal.reports.exports import csv_bytes, neutralise, xlsx_bytes
from portal.extensions import db
from portal.models import AuditEntry


@pytest.mark.parametrize("value, stored", [
    ('=HYPERLINK("http://evil","klik")', '\'=HYPERLINK("http://evil","klik")'),
    ("+62812", "'+62812"), ("-1+2", "'-1+2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("Siti", "Siti"), (42, 42), (None, ""),
])
def test_formula_like_cells_get_a_leading_apostrophe(value, stored):
    assert neutralise(value) == stored


def test_xlsx_cells_stay_text_not_formulas():
    sheet = load_workbook(io.BytesIO(xlsx_bytes(["Nama", "Jumlah"], [["=1+1", 3]]))).active
    assert [c.value for c in sheet[2]] == ["'=1+1", 3]
    assert sheet["A2"].data_type == "s"


def test_csv_is_utf8_with_bom_for_spreadsheets():
    body = csv_bytes(["Nama"], [["Nur'aini Siregar"]])
    assert body.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(body.decode("utf-8-sig")))) == [
        ["Nama"], ["Nur'aini Siregar"]]


@pytest.fixture
def entries(demo, administrator):
    rows = [AuditEntry(officer_id=administrator.id, actor='=HYPERLINK("http://x.test","Klik")',
                       action="login", created_at=datetime(2026, 11, 2, 3)),
            AuditEntry(officer_id=administrator.id, actor="Administrator Diskominfo",
                       action="admin_update", object_type="services", object_id="6",
                       detail={"before": {"name": "A"}, "after": {"name": "B"}},
                       created_at=datetime(2026, 11, 3, 3))]
    db.session.add_all(rows)
    db.session.commit()
    return rows


def test_csv_export_escapes_a_name_starting_with_hyperlink(console, client, login_as,
                                                          administrator, entries):
    login_as(administrator)
    response = client.get("/admin/log-audit/export/csv/")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Waktu", "ID petugas", "Petugas", "Tindakan"]
    actors = [row[2] for row in rows[1:]]
    assert '\'=HYPERLINK("http://x.test","Klik")' in actors
    assert not any(actor.startswith("=") for actor in actors)


def test_filters_by_action_and_date_narrow_the_list_and_the_export(console, client, login_as,
                                                                 administrator, entries):
    login_as(administrator)
    page = client.get("/admin/log-audit/").get_data(as_text=True)
    assert "Mengubah data (konsol)" in page and "Masuk" in page
    listing = client.get("/admin/log-audit/?flt0_2=admin_update").get_data(as_text=True)
    assert "Mengubah data (konsol)" in listing and "HYPERLINK" not in listing
    export = client.get("/admin/log-audit/export/csv/?flt0_2=admin_update")
    rows = list(csv.reader(io.StringIO(export.data.decode("utf-8-sig"))))
    assert [row[3] for row in rows[1:]] == ["Mengubah data (konsol)"]


def test_the_audit_log_cannot_be_edited_or_deleted(console, client, login_as, administrator,
                                                   entries):
    login_as(administrator)
    assert client.get("/admin/log-audit/new/").status_code == 302
    assert client.post("/admin/log-audit/delete/", data={"id": entries[0].id}).status_code == 302
    assert db.session.query(AuditEntry).count() == 2
