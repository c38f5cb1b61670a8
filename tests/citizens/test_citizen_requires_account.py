"""A service may require a citizen account (a setting): visitors are sent to log in or register."""
import html
from urllib.parse import parse_qs, urlsplit

from flask import g

from portal.extensions import db
from portal.models import Application, Service

from tests.fixtures.citizen import citizen_form_data, post_multipart
from tests.admin_views.test_admin_services_editor import form_of, service_by_code


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _require_account(code: str = "skck") -> Service:
    service = db.session.execute(db.select(Service).filter_by(code=code)).scalar_one()
    service.requires_account = True
    db.session.commit()
    return service


def _login_link(page: str) -> str:
    start = page.index('href="/akun/masuk')
    return page[start + len('href="'):page.index('"', start + len('href="'))]


def test_a_visitor_gets_a_clear_page_with_login_and_register_links_instead_of_the_form(
        client, demo):
    _require_account()
    response = client.get("/layanan/skck/ajukan")
    page = _page(response)
    assert response.status_code == 200
    assert "hanya dapat diajukan oleh warga yang masuk dengan akun" in page
    assert 'href="/akun/daftar"' in page and 'name="form_token"' not in page
    link = urlsplit(_login_link(page))
    assert link.path == "/akun/masuk"
    assert parse_qs(link.query)["next"] == ["/layanan/skck/ajukan"]


def test_a_visitor_posting_the_form_anyway_is_refused_and_nothing_is_stored(client, demo):
    service = _require_account()
    response = post_multipart(client, "/layanan/skck/ajukan",
                              {**citizen_form_data(service, demo["Lubuk Baja Kota"]),
                               "form_token": "t" * 32})
    assert response.status_code == 403
    assert "masuk dengan akun" in _page(response)
    assert db.session.execute(db.select(db.func.count(Application.id))).scalar_one() == 0


def test_logging_in_from_that_page_leads_back_to_the_form(client, demo, citizen_account,
                                                         citizen_login):
    _require_account()
    citizen_account()
    login_link = _login_link(_page(client.get("/layanan/skck/ajukan")))
    response = client.post(login_link, data={"nik": "2171064501900001",
                                             "password": "Kopi-Tarik-Nagoya-2026"})
    assert response.status_code == 303 and response.location == "/layanan/skck/ajukan"
    assert 'name="form_token"' in _page(client.get(response.location))


def test_a_login_link_pointing_elsewhere_leads_to_my_applications(client, demo, citizen_account):
    citizen_account()
    response = client.post("/akun/masuk?next=https://evil.example/",
                           data={"nik": "2171064501900001", "password": "Kopi-Tarik-Nagoya-2026"})
    assert response.status_code == 303 and response.location == "/akun/permohonan"


def test_a_logged_in_citizen_applies_as_usual(client, demo, citizen_account, citizen_login,
                                              apply_online):
    _require_account()
    citizen_account()
    citizen_login(client)
    assert 'name="form_token"' in _page(client.get("/layanan/skck/ajukan"))
    response, application = apply_online(client)
    assert response.status_code == 303 and application is not None


def test_services_without_the_setting_stay_open_to_visitors(client, demo, apply_online):
    _require_account("sku")
    response, application = apply_online(client, "skck")
    assert response.status_code == 303 and application is not None


def test_the_catalogue_and_the_service_page_show_the_requirement(client, demo):
    _require_account()
    service_page = _page(client.get("/layanan/skck"))
    assert "Hanya dapat diajukan setelah masuk dengan akun warga." in service_page
    assert 'href="/akun/daftar"' in service_page
    assert parse_qs(urlsplit(_login_link(service_page)).query)["next"] == ["/layanan/skck/ajukan"]
    assert "Tidak wajib; dapat diajukan tanpa akun." in _page(client.get("/layanan/sku"))
    cards = _page(client.get("/")).split('<li class="card service-card">')[1:]
    marked = [card for card in cards if "Perlu akun" in card]
    assert len(marked) == 1 and 'href="/layanan/skck"' in marked[0]


def test_the_administrator_sets_it_in_the_services_editor(client, console, login_as,
                                                          administrator):
    login_as(administrator)
    service = service_by_code("skck")
    edit_page = _page(client.get(f"/admin/layanan/edit/?id={service.id}"))
    assert "Hanya untuk warga yang masuk dengan akun" in edit_page
    response = client.post(f"/admin/layanan/edit/?id={service.id}",
                           data={**form_of(service), "requires_account": "y"})
    assert response.status_code == 302, _page(response)
    assert service_by_code("skck").requires_account is True
    g.pop("_login_user", None)
    with client.session_transaction() as session:
        session.clear()
    assert "masuk dengan akun" in _page(client.get("/layanan/skck/ajukan"))
