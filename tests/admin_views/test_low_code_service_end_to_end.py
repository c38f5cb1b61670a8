"""Low-code promise: a 24th service made in the admin screens goes live with no code change."""
import pytest

from portal.extensions import db
from portal.models import History, OutboxMessage
from tests.fixtures.letters import pdf_text
from tests.admin_views.test_admin_services_editor import NEW_SERVICE
from tests.fixtures.citizen import open_secret_link

CODE = NEW_SERVICE["code"]


@pytest.fixture
def pdf_text_of_letter(client, print_letter):
    """Press Cetak as the issuing Admin, download the PDF from the screen, return its text."""

    def read(application) -> str:
        letter = print_letter(application)
        response = client.get(f"/admin/surat/{letter.id}/unduh")
        assert response.status_code == 200 and response.data.startswith(b"%PDF")
        return pdf_text(response.data)

    return read


def _approve_on_screen(client, login_as, officer, application, unit_name, position):
    login_as(officer(unit_name, position))
    db.session.refresh(application)
    response = client.post(f"/admin/data-baru/decide/?id={application.id}",
                           data={"action": "approve", "version": application.version})
    assert response.status_code == 302, response.get_data(as_text=True)


def test_a_new_service_is_applied_for_approved_and_printed_with_the_generic_letter(
        console, client, login_as, administrator, officer, apply_online, pdf_text_of_letter):
    login_as(administrator)
    assert client.post("/admin/layanan/new/", data=NEW_SERVICE).status_code == 302
    client.get("/admin/logout/")
    assert "Surat Keterangan Tidak Mampu" in client.get("/").get_data(as_text=True)

    response, application = apply_online(
        client, CODE, "Lubuk Baja Kota", f_keperluan="Keringanan biaya sekolah anak",
        f_jumlah_tanggungan="Lebih dari 3")
    assert response.status_code == 303, response.get_data(as_text=True)
    submitted = db.session.execute(db.select(OutboxMessage).filter_by(
        application_id=application.id, template="citizen_submitted")).scalar_one()
    confirmed = open_secret_link(client, f"/konfirmasi/{submitted.payload['confirm_token']}",
                                 press=True)
    assert confirmed.status_code == 200

    for position in ("admin", "kasi", "sekretaris", "kepala"):
        _approve_on_screen(client, login_as, officer, application, "Lubuk Baja Kota", position)
    db.session.refresh(application)
    assert application.status == "selesai"
    approvals = db.session.scalars(db.select(History.position_title).filter_by(
        application_id=application.id, action="approve").order_by(History.id)).all()
    assert approvals == ["Admin Kelurahan", "Kasi Kelurahan", "Sekretaris Lurah", "Lurah"]

    text = pdf_text_of_letter(application)
    assert "Keringanan biaya sekolah anak" in text and "Lebih dari 3" in text
    assert "Jumlah tanggungan" in text and "Siti Rahmawati" in text
    assert "400/0001/LB-LBK/" in text
