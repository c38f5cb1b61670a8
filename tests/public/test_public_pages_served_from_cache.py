"""Catalogue, service pages and tracking come from a cache that every relevant change renews;
no cached page carries one visitor's session to another; ETag, 304 and long-lived assets."""
import re

import pytest
from sqlalchemy import update

from portal.extensions import cache, db
from portal.models import Service
from tests.admin_views.test_admin_officers_and_units import unit_form
from tests.admin_views.test_admin_services_editor import form_of


def cached_pages() -> list[str]:
    """The keys of the rendered pages now in the (in-process) cache."""
    return [key for key in cache.cache._cache if re.match(r"([\w-]+:)?page:", key)]


@pytest.fixture
def admin_client(console, app, login_as, administrator):
    """A second browser, the Administrator's, logged in to the console."""
    return login_as(administrator, app.test_client())


def skck() -> Service:
    db.session.expire_all()
    return db.session.execute(db.select(Service).filter_by(code="skck")).scalar_one()


def test_the_service_page_is_rendered_once_and_an_edit_shows_at_once(client, admin_client):
    first = client.get("/layanan/skck").get_data(as_text=True)
    assert cached_pages(), "the page was not kept"
    service = skck()
    # Plain SQL past the ORM (no console, no session rows) is not seen: the page is kept.
    db.session.execute(update(Service).where(Service.id == service.id).values(
        name="Nama Diam-Diam"))
    db.session.commit()
    assert client.get("/layanan/skck").get_data(as_text=True) == first
    response = admin_client.post(f"/admin/layanan/edit/?id={service.id}",
                                 data={**form_of(skck()), "name": "SKCK Baru 2027"})
    assert response.status_code == 302
    assert "SKCK Baru 2027" in client.get("/layanan/skck").get_data(as_text=True)
    assert "SKCK Baru 2027" in client.get("/").get_data(as_text=True)


def test_closing_a_service_in_the_console_takes_it_off_the_catalogue_at_once(
        client, admin_client):
    name = skck().name
    assert name in client.get("/").get_data(as_text=True)
    data = form_of(skck())
    del data["is_open"]
    assert admin_client.post(f"/admin/layanan/edit/?id={skck().id}", data=data).status_code == 302
    assert name not in client.get("/").get_data(as_text=True)
    assert client.get("/layanan/skck").status_code == 404


def test_each_language_has_its_own_cached_page(client, demo):
    assert 'lang="id"' in client.get("/").get_data(as_text=True)
    assert 'lang="en"' in client.get("/?lang=en").get_data(as_text=True)
    assert 'lang="en"' in client.get("/").get_data(as_text=True)  # remembered in the session


def test_a_logged_in_citizen_neither_fills_nor_reads_the_cache(make_app, citizen_account,
                                                               citizen_login):
    citizen_account()
    app = make_app()  # requests of its clients run in their own app contexts
    citizen = app.test_client()
    assert citizen_login(citizen).status_code == 303
    assert citizen.get("/layanan/skck").status_code == 200
    assert citizen.get("/").status_code == 200
    with app.app_context():
        assert cached_pages() == []
    anonymous = app.test_client()
    anonymous.get("/")
    with app.app_context():
        assert len(cached_pages()) == 1
        version, _ = cache.get(cached_pages()[0])  # kept as (content version, page)
        cache.set(cached_pages()[0], (version, "SALINAN BERSAMA"))
    # The citizen's page is rendered for them, never the shared copy.
    assert "SALINAN BERSAMA" not in citizen.get("/").get_data(as_text=True)
    assert anonymous.get("/").get_data(as_text=True) == "SALINAN BERSAMA"


def test_a_page_that_carries_a_csrf_token_is_never_kept(make_app, make_application):
    application = make_application()  # Terdaftar: its page has the resend form
    app = make_app(WTF_CSRF_ENABLED=True)
    url = f"/lacak?no={application.reg_no}"
    page = app.test_client().get(url).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    other = app.test_client().get(url).get_data(as_text=True)
    assert token not in other and 'name="csrf_token"' in other


def test_searches_are_answered_fresh_and_not_kept(client, demo):
    assert "SKCK" in client.get("/?q=skck").get_data(as_text=True)
    assert cached_pages() == []


def test_the_tracking_timeline_is_renewed_by_every_status_change(client, make_application,
                                                                  advance):
    application = make_application()
    url = f"/lacak?no={application.reg_no}"
    assert "Menunggu konfirmasi" in client.get(url).get_data(as_text=True)
    assert "Disetujui" not in client.get(url).get_data(as_text=True)
    advance(application, approvals=1)
    page = client.get(url).get_data(as_text=True)
    assert "Disetujui Admin Kelurahan Lubuk Baja Kota" in page
    assert "Menunggu konfirmasi" not in page


def test_renaming_a_unit_shows_on_the_tracking_page_at_once(client, admin_client, demo,
                                                            make_application):
    application = make_application()
    url = f"/lacak?no={application.reg_no}"
    assert "Kelurahan Lubuk Baja Kota" in client.get(url).get_data(as_text=True)
    unit = demo["Lubuk Baja Kota"]
    response = admin_client.post(f"/admin/unit/edit/?id={unit.id}",
                                 data=unit_form(unit, name="Lubuk Baja Raya"))
    assert response.status_code == 302
    assert "Kelurahan Lubuk Baja Raya" in client.get(url).get_data(as_text=True)


def test_the_tracking_page_shows_one_application_per_number(client, make_application):
    siti = make_application()
    budi = make_application(applicant_name="Budi Santoso", applicant_nik="2171061203850002")
    assert "S. R." in client.get(f"/lacak?no={siti.reg_no}").get_data(as_text=True)
    page = client.get(f"/lacak?no={budi.reg_no}").get_data(as_text=True)
    assert "B. S." in page and "S. R." not in page and siti.reg_no not in page


def test_public_pages_answer_304_to_a_matching_etag(client, make_application):
    application = make_application()
    for url, policy in (("/", "no-cache"), ("/layanan/skck", "no-cache"),
                        (f"/lacak?no={application.reg_no}", "private, no-cache")):
        response = client.get(url)
        assert response.headers["Cache-Control"] == policy and response.headers["ETag"]
        again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304 and again.get_data() == b""
        changed = client.get(url, headers={"If-None-Match": '"lama"'})
        assert changed.status_code == 200


def test_static_files_are_fingerprinted_and_kept_for_a_year(client, demo):
    page = client.get("/").get_data(as_text=True)
    css = re.search(r'href="(/aset/site\.css\?v=[0-9a-f]{10})"', page).group(1)
    script = re.search(r'src="(/aset/site\.js\?v=[0-9a-f]{10})"', page).group(1)
    for url in (css, script):
        with client.get(url) as response:
            assert response.status_code == 200
            assert "immutable" in response.headers["Cache-Control"]
            assert response.cache_control.max_age == 365 * 24 * 3600
    with client.get("/aset/site.css?v=0000000000") as stale:
        assert "immutable" not in stale.headers.get("Cache-Control", "")
    with client.get("/aset/site.css") as plain:
        etag = plain.headers["ETag"]
    with client.get("/aset/site.css", headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304


def test_cached_pages_need_no_nonce_and_the_nonce_stays_per_request(make_app, demo):
    client = make_app().test_client()  # each request in its own app context, as served
    first, second = client.get("/"), client.get("/")
    nonce = lambda response: re.search(  # noqa: E731
        r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    assert nonce(first) != nonce(second)
    assert "nonce=" not in second.get_data(as_text=True)
    assert re.search(r'<script src="/aset/site\.js\?v=\w+" defer>', second.get_data(as_text=True))

