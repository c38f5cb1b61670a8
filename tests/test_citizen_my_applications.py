"""My applications at /akun/permohonan, and the applicant block pre-filled when logged in."""
import html

from portal import transitions
from portal.extensions import db
from portal.models import Officer


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_the_form_is_prefilled_from_the_account_when_logged_in(
        client, demo, citizen_account, citizen_login):
    citizen_account(address="Jl. Raja Ali Haji No. 9")
    citizen_login(client)
    page = _page(client.get("/layanan/skck/ajukan"))
    assert 'value="2171064501900001"' in page and 'value="Siti Rahmawati"' in page
    assert "Jl. Raja Ali Haji No. 9" in page
    assert f'<option selected value="{demo["Lubuk Baja Kota"].id}"' in page


def test_a_visitor_without_an_account_gets_an_empty_form(client, demo):
    page = _page(client.get("/layanan/skck/ajukan"))
    assert 'value="2171064501900001"' not in page


def test_my_applications_lists_my_own_with_status_and_nobody_elses(
        client, demo, citizen_account, citizen_login, make_application):
    citizen_account()
    mine = make_application(applicant_nik="2171064501900001")
    other = make_application(applicant_nik="2171064501909999", applicant_name="Orang Lain")
    citizen_login(client)
    page = _page(client.get("/akun/permohonan"))
    assert mine.reg_no in page and mine.status_label in page
    assert other.reg_no not in page and "Orang Lain" not in page


def test_a_returned_application_shows_the_remark_and_opens_the_correction(
        client, demo, citizen_account, citizen_login, make_application, advance):
    citizen_account()
    application = advance(make_application(applicant_nik="2171064501900001"))
    admin = db.session.execute(db.select(Officer).filter_by(
        unit_id=application.pending_unit_id, position="admin")).scalar_one()
    transitions.perform(application.id, "return", transitions.actor_for(admin),
                        expected_version=application.version, remark="Foto KK tidak terbaca")
    citizen_login(client)
    page = _page(client.get("/akun/permohonan"))
    assert "Foto KK tidak terbaca" in page and "Perbaiki" in page
    opened = client.post(f"/akun/permohonan/{application.reg_no}/perbaiki")
    assert opened.status_code == 303 and "/perbaikan/" in opened.headers["Location"]
    correction = client.get(opened.headers["Location"])
    assert correction.status_code == 200 and application.reg_no in _page(correction)


def test_nobody_opens_the_correction_of_someone_elses_application(
        client, demo, citizen_account, citizen_login, make_application):
    citizen_account()
    other = make_application(applicant_nik="2171064501909999")
    citizen_login(client)
    assert client.post(f"/akun/permohonan/{other.reg_no}/perbaiki").status_code == 404
