"""The catalogue, the service pages, the site's own assets and its friendly error pages."""
import re

from portal.extensions import db
from portal.models import Service


def test_the_catalogue_lists_every_open_service_with_requirements_flow_and_service_level(client, demo):
    page = client.get("/").get_data(as_text=True)
    services = db.session.execute(db.select(Service)).scalars().all()
    assert len(services) == 23
    for service in services:
        assert service.name in page
        assert f'href="/layanan/{service.code}/ajukan"' in page
        for document in service.documents:
            assert document.label in page
    assert "Kelurahan → Kecamatan" in page and "3 hari kerja" in page


def test_search_narrows_the_catalogue(client, demo):
    page = client.get("/?q=ktp pergantian").get_data(as_text=True)
    assert "Permohonan KTP Pergantian" in page and "Surat Kematian" not in page
    assert "Tidak ada layanan" in client.get("/?q=zzzz").get_data(as_text=True)
    assert client.get("/?q=100%25_").status_code == 200


def test_a_service_page_says_who_decides_what_to_upload_and_what_to_bring(client, demo):
    page = client.get("/layanan/skck").get_data(as_text=True)
    assert "Surat Keterangan Catatan Kepolisian" in page
    assert "Diproses di kantor kelurahan, lalu diputuskan di kantor kecamatan" in page
    assert "Pas foto" in page and "Ajukan permohonan" in page


def test_a_closed_service_leaves_the_catalogue(client, demo):
    service = db.session.execute(db.select(Service).filter_by(code="skck")).scalar_one()
    service.is_open = False
    db.session.commit()
    assert service.name not in client.get("/").get_data(as_text=True)


def test_pages_use_only_local_assets_and_no_inline_script(client, demo, make_application):
    application = make_application()
    for url in ("/", "/layanan/skck", "/layanan/skck/ajukan", "/lacak",
                f"/lacak?no={application.reg_no}", "/tidak-ada"):
        response = client.get(url)
        page = response.get_data(as_text=True)
        assert not re.search(r'(src|href)="(https?:)?//', page), url
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
        assert scripts and all('src="/aset/' in attrs and not body.strip() for attrs, body in scripts)
        assert " style=" not in page and " on" + "click=" not in page
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self' 'nonce-" in csp and "unsafe-inline" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors 'self'" in csp and response.headers["Referrer-Policy"]
    for asset in ("/aset/site.css", "/aset/site.js"):
        with client.get(asset) as response:
            assert response.status_code == 200


def test_english_is_available(client, demo):
    page = client.get("/lacak?lang=en").get_data(as_text=True)
    assert 'lang="en"' in page and "Track" in page


def test_an_unknown_page_is_a_friendly_indonesian_404(client):
    response = client.get("/halaman/yang/tidak/ada")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.get_data(as_text=True)


def test_a_crash_shows_a_friendly_500_without_a_stack_trace(make_app):
    app = make_app(TESTING=False, PROPAGATE_EXCEPTIONS=False)

    def explode():
        raise RuntimeError("rahasia internal: password=hunter2")

    app.add_url_rule("/meledak", "explode", explode)
    response = app.test_client().get("/meledak")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Terjadi kesalahan pada sistem" in page
    assert "Traceback" not in page and "hunter2" not in page
