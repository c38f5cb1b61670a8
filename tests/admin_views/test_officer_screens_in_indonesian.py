"""Flask-Admin's and WTForms' own words on the officer screens: Indonesian, English on ?lang=en."""
import re
from datetime import date

import pytest

from portal.extensions import db
from portal.models import Holiday
from tests.admin_views.test_admin_services_editor import NEW_SERVICE


def errors_of(page: str) -> list[str]:
    """The messages shown under the form's fields."""
    return re.findall(r"<li>([^<]*)</li>", "".join(
        re.findall(r'<div class="invalid-feedback">(.*?)</div>', page, flags=re.S)))


def submit_buttons(page: str) -> list[str]:
    """The labels of the form's submit buttons."""
    return re.findall(r'type="submit"[^>]*value="([^"]*)"', page)


@pytest.fixture
def admin_of_lubuk_baja_kota(login_as, officer):
    """A client logged in as the Admin of Kelurahan Lubuk Baja Kota."""
    return login_as(officer("Lubuk Baja Kota", "admin"))


@pytest.fixture
def administrator_client(console, login_as, administrator):
    """A client logged in as the Administrator (Diskominfo)."""
    return login_as(administrator)


def test_an_empty_queue_reads_in_indonesian(admin_of_lubuk_baja_kota):
    page = admin_of_lubuk_baja_kota.get("/admin/data-baru/").get_data(as_text=True)

    assert re.search(r'class="nav-link active">\s*Daftar\s*<', page)
    assert re.search(r'<button[^>]*type="submit">Cari</button>', page)
    assert "Tidak ada data." in page
    assert "Tambah Filter" in page and '"operation": "sama dengan"' in page
    for english in (">List", ">Search</button>", "There are no items in the table.",
                    "Add Filter", '"operation": "equals"'):
        assert english not in page


def test_the_console_create_form_reads_and_answers_in_indonesian(administrator_client):
    form = administrator_client.get("/admin/unit/new/").get_data(as_text=True)
    assert submit_buttons(form) == ["Simpan", "Simpan dan Tambah Lagi",
                                    "Simpan dan Lanjutkan Mengubah"]
    assert re.search(r'class="btn btn-danger" role="button" >Batal</a>', form)
    assert 'value="Save' not in form and ">Cancel</a>" not in form

    answer = administrator_client.post("/admin/unit/new/", data={}).get_data(as_text=True)
    assert "Kolom ini wajib diisi." in errors_of(answer)  # the kind, a select left empty
    assert "This field is required." not in answer


def test_a_date_typed_as_words_is_refused_in_indonesian(administrator_client):
    answer = administrator_client.post("/admin/hari-libur/new/", data={
        "day": "besok lusa", "name": "Cuti bersama"}).get_data(as_text=True)

    assert errors_of(answer) == ["Tanggal tidak valid."]
    assert db.session.execute(db.select(Holiday)).first() is None


def test_a_size_typed_as_a_word_in_a_document_row_is_refused_in_indonesian(administrator_client):
    """The document rows are Flask-Admin's own inline forms, not Flask-WTF's."""
    answer = administrator_client.post("/admin/layanan/new/", data={
        **NEW_SERVICE, "documents-0-max_size_kb": "dua ribu"}).get_data(as_text=True)

    assert "Bukan bilangan bulat yang valid." in errors_of(answer)
    assert "Not a valid integer value." not in answer


def test_deleting_several_holidays_says_how_many_in_indonesian(administrator_client):
    days = [Holiday(day=date(2031, 1, day), name=f"Libur {day}") for day in (1, 2, 3)]
    db.session.add_all(days)
    db.session.commit()
    ids = [str(holiday.id) for holiday in days]

    listing = administrator_client.get("/admin/hari-libur/").get_data(as_text=True)
    assert "Untuk yang dipilih" in listing and "Yakin ingin menghapus data yang dipilih?" in listing
    several = administrator_client.post("/admin/hari-libur/action/", data={
        "action": "delete", "rowid": ids[:2]}, follow_redirects=True).get_data(as_text=True)
    assert "2 data berhasil dihapus." in several
    one = administrator_client.post("/admin/hari-libur/action/", data={
        "action": "delete", "rowid": ids[2:]}, follow_redirects=True).get_data(as_text=True)
    assert "1 data berhasil dihapus." in one
    assert "successfully deleted" not in several + one


def test_asking_for_english_turns_the_same_screens_english(
        console, login_as, officer, administrator, forget_language):
    officer_client = login_as(officer("Lubuk Baja Kota", "admin"))
    queue = officer_client.get("/admin/data-baru/").get_data(as_text=True)
    assert "Tidak ada data." in queue
    forget_language()
    queue = officer_client.get("/admin/data-baru/?lang=en").get_data(as_text=True)
    assert re.search(r'class="nav-link active">\s*List\s*<', queue)
    assert ">Search</button>" in queue and "There are no items in the table." in queue
    assert not re.search(r">\s*Daftar\s*<", queue) and "Tidak ada data." not in queue

    forget_language()
    console_client = login_as(administrator)  # the same client: its session keeps English
    form = console_client.get("/admin/unit/new/").get_data(as_text=True)
    assert submit_buttons(form) == ["Save", "Save and Add Another", "Save and Continue Editing"]
    assert ">Cancel</a>" in form
    answer = console_client.post("/admin/unit/new/", data={}).get_data(as_text=True)
    assert "This field is required." in errors_of(answer)
    assert "Kolom ini wajib diisi." not in answer
    holiday = console_client.post("/admin/hari-libur/new/", data={"day": "tomorrow", "name": "x"})
    assert errors_of(holiday.get_data(as_text=True)) == ["Not a valid date value."]


def test_each_request_answers_in_its_own_language(administrator_client, forget_language):
    """Catalogues are cached per language, not by the first request: switching to and fro works."""
    for language, required, date_message in (
            ("id", "Kolom ini wajib diisi.", "Tanggal tidak valid."),
            ("en", "This field is required.", "Not a valid date value."),
            ("id", "Kolom ini wajib diisi.", "Tanggal tidak valid.")):
        forget_language()
        unit = administrator_client.post(f"/admin/unit/new/?lang={language}", data={})
        assert required in errors_of(unit.get_data(as_text=True))
        holiday = administrator_client.post(f"/admin/hari-libur/new/?lang={language}",
                                            data={"day": "31/02/2031", "name": "x"})
        assert errors_of(holiday.get_data(as_text=True)) == [date_message]
