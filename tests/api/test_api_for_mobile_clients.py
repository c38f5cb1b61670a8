"""Acceptance: a mobile app reads the catalogue, tracks an application and checks a printed
letter through the JSON API at /api/v1 without an account, as its OpenAPI 3.1 document
(generated from the code) describes."""
import re
from datetime import datetime

import pytest
from openapi_schema_validator import OAS31Validator, oas31_format_checker
from openapi_spec_validator import validate

from portal.extensions import db
from portal.letters.issuing import revoke
from portal.models import Service

API = "/api/v1"
UNKNOWN_NUMBER = "LBK-2611-ZZZZZZZZ"


def document_of(client) -> dict:
    """The OpenAPI document the API serves."""
    return client.get(f"{API}/openapi.json").get_json()


def assert_documented(document: dict, path: str, response) -> None:
    """The answer's status is documented for `path` and its JSON matches the documented schema."""
    answers = document["paths"][path]["get"]["responses"]
    assert str(response.status_code) in answers, (path, response.status_code)
    schema = answers[str(response.status_code)]["content"]["application/json"]["schema"]
    OAS31Validator({**schema, "components": document["components"]},
                   format_checker=oas31_format_checker).validate(response.get_json())


def assert_json_error(response, status: int, code: str, message: str) -> None:
    """An error answered with the API's error object."""
    assert response.status_code == status
    assert response.mimetype == "application/json"
    assert response.get_json() == {"error": {"code": code, "message": message}}


@pytest.fixture
def printed(finish_application, print_letter):
    """A printed letter (Surat Keterangan Usaha of Kelurahan Lubuk Baja Kota)."""
    return print_letter(finish_application("sku", applicant_name="Siti Rahmawati"))


# --- Catalogue ------------------------------------------------------------------------------

def test_the_catalogue_lists_open_services_with_their_documents_and_fields(client, demo):
    db.session.execute(db.select(Service).filter_by(code="sku")).scalar_one(
    ).service_level_days = 4
    db.session.commit()
    response = client.get(f"{API}/layanan")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    open_codes = set(db.session.execute(
        db.select(Service.code).filter_by(is_open=True)).scalars())
    assert {service["code"] for service in body["services"]} == open_codes
    assert body["count"] == len(open_codes) == 23 and body["query"] == ""
    sku = next(service for service in body["services"] if service["code"] == "sku")
    assert sku["name"] == "Surat Keterangan Usaha"
    assert sku["flow"] == {"code": "KL", "label": "Diproses dan diputuskan di kantor kelurahan"}
    assert sku["service_level_days"] == 4 and sku["requires_account"] is False
    photo = next(doc for doc in sku["documents"] if doc["key"] == "foto_usaha")
    assert photo == {"key": "foto_usaha", "label": "Foto tempat usaha", "mandatory": True,
                     "at_counter": False, "accepted_types": ["jpg", "png"],
                     "accepted_types_label": "JPG, PNG", "max_size_kb": 5120,
                     "max_size_label": "5 MB"}
    assert {"name": "nama_usaha", "label": "Nama usaha", "type": "text", "required": True,
            "options": [], "help_text": ""} in sku["fields"]
    assert sku["links"] == {"page": "http://localhost/layanan/sku",
                            "apply": "http://localhost/layanan/sku/ajukan"}
    assert_documented(document_of(client), "/layanan", response)


def test_a_closed_service_leaves_the_catalogue_and_search_narrows_it(client, demo):
    service = db.session.execute(db.select(Service).filter_by(code="sku")).scalar_one()
    service.is_open = False
    db.session.commit()
    codes = [s["code"] for s in client.get(f"{API}/layanan").get_json()["services"]]
    assert "sku" not in codes and len(codes) == 22
    found = client.get(f"{API}/layanan?q=domisili").get_json()
    assert found["query"] == "domisili" and 0 < found["count"] < 22
    for listed in found["services"]:
        assert "domisili" in (listed["name"] + listed["description"]).lower()
    assert client.get(f"{API}/layanan?q=tidakadalayananini").get_json()["services"] == []


def test_one_service_by_its_code_with_the_account_rule(client, demo):
    service = db.session.execute(db.select(Service).filter_by(code="sku")).scalar_one()
    service.requires_account = True
    db.session.commit()
    response = client.get(f"{API}/layanan/sku")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=60"
    body = response.get_json()
    assert body["code"] == "sku" and body["requires_account"] is True
    assert [doc["key"] for doc in body["documents"]] == [d.key for d in service.documents]
    assert [field["name"] for field in body["fields"]] == [f.name for f in service.fields]
    assert_documented(document_of(client), "/layanan/{code}", response)


def test_a_closed_or_unknown_service_is_a_json_404_in_indonesian(client, demo):
    service = db.session.execute(db.select(Service).filter_by(code="sku")).scalar_one()
    service.is_open = False
    db.session.commit()
    document = document_of(client)
    for code in ("sku", "tidak-ada"):
        response = client.get(f"{API}/layanan/{code}")
        assert_json_error(response, 404, "not_found",
                          "Layanan tidak ditemukan atau sedang tidak dibuka.")
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert_documented(document, "/layanan/{code}", response)


# --- Tracking -------------------------------------------------------------------------------

def test_tracking_shows_the_masked_timeline_like_the_tracking_page(client, returned_by_kasi):
    application = returned_by_kasi

    response = client.get(f"{API}/lacak/{application.reg_no}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["reg_no"] == application.reg_no
    assert body["service"] == {"code": "pindah-antar-kecamatan",
                               "name": application.service.name}
    assert body["status"] == {"code": "dikembalikan", "label":
                              "Dikembalikan untuk perbaikan oleh Kasi Kelurahan Lubuk Baja Kota"}
    assert body["home_unit"]["name"] == "Kelurahan Lubuk Baja Kota"
    assert body["pickup_unit"] is None
    assert [row["status_label"] for row in body["timeline"]] == [
        "Terdaftar", "Konfirmasi", "Disetujui Admin Kelurahan Lubuk Baja Kota",
        "Dikembalikan untuk perbaikan oleh Kasi Kelurahan Lubuk Baja Kota"]
    returned = body["timeline"][-1]
    assert returned["status"] == "dikembalikan" and returned["position_title"].startswith("Kasi")
    assert returned["unit"]["name"] == "Kelurahan Lubuk Baja Kota"
    assert returned["remark"] == "Foto KK kurang jelas, mohon unggah ulang."
    for row in body["timeline"]:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", row["time"])
    assert datetime.fromisoformat(returned["time"]).tzinfo is not None
    assert body["applicant"] == {"initials": "S. R.", "nik": "2171********0001",
                                 "email": body["applicant"]["email"],
                                 "phone": "+628*******890"}
    assert body["applicant"]["email"].startswith("s***@c")
    text = response.get_data(as_text=True)
    for secret in ("2171064501900001", "Siti Rahmawati", "siti.rahma@contoh.id",
                   "+6281234567890", "81234567890", "2171060101200001", "Jl. Duyung"):
        assert secret not in text
    assert_documented(document_of(client), "/lacak/{reg_no}", response)


def test_unknown_and_malformed_numbers_get_byte_identical_answers(client, make_application):
    application = make_application()
    lowercase = client.get(f"{API}/lacak/%20{application.reg_no.lower()}%20")
    assert lowercase.get_json()["reg_no"] == application.reg_no
    answers = [client.get(f"{API}/lacak/{number}")
               for number in (UNKNOWN_NUMBER, "%3Cscript%3E'--", "LBK/2611/ZZZZZZZZ", "x" * 500)]
    assert {answer.get_data() for answer in answers} == {answers[0].get_data()}
    assert_json_error(answers[0], 404, "not_found",
                      "Permohonan tidak ditemukan. Periksa kembali nomor registrasi pada tanda "
                      "terima atau email Anda, termasuk tanda hubungnya.")
    assert answers[0].headers["Cache-Control"] == "no-store"
    assert_documented(document_of(client), "/lacak/{reg_no}", answers[0])


def test_the_tracking_page_and_the_api_share_one_budget(make_app, demo):
    app = make_app(RATELIMIT_ENABLED=True, TRACKING_RATE_LIMIT="3 per minute")
    client = app.test_client()
    assert client.get(f"/lacak?no={UNKNOWN_NUMBER}").status_code == 404
    assert client.get(f"{API}/lacak/{UNKNOWN_NUMBER}").status_code == 404
    assert client.get(f"/lacak?no={UNKNOWN_NUMBER}").status_code == 404
    blocked = client.get(f"{API}/lacak/{UNKNOWN_NUMBER}")
    assert_json_error(blocked, 429, "too_many_requests",
                      "Terlalu banyak permintaan. Tunggu sebentar (lihat Retry-After), lalu "
                      "coba lagi.")
    assert 0 < int(blocked.headers["Retry-After"]) <= 60
    assert blocked.headers["Access-Control-Allow-Origin"] == "*"
    page = client.get(f"/lacak?no={UNKNOWN_NUMBER}")
    assert page.status_code == 429 and page.mimetype == "text/html"
    assert "Terlalu banyak permintaan" in page.get_data(as_text=True)
    other = app.test_client().get(f"{API}/lacak/{UNKNOWN_NUMBER}",
                                  environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 404  # another address has its own budget
    assert client.get(f"{API}/layanan").status_code == 200  # the catalogue is not limited
    with app.app_context():
        document = document_of(app.test_client())
    assert_documented(document, "/lacak/{reg_no}", blocked)


# --- Letter verification --------------------------------------------------------------------

def test_a_printed_letter_by_its_short_code_as_typed(app, printed):
    client = app.test_client()  # no session: the officer who printed it is not logged in here
    typed = printed.short_code.lower().replace("-", " ")
    document = document_of(client)
    for code in (typed, printed.short_code):
        response = client.get(f"{API}/verifikasi/{code}")
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store"
        assert_documented(document, "/verifikasi/{kode}", response)
    body = response.get_json()
    assert body["number"] == printed.number
    assert body["service"] == {"code": "sku", "name": "Surat Keterangan Usaha"}
    assert body["issuing_unit"]["name"] == "Kelurahan Lubuk Baja Kota"
    assert body["signer"]["name"] == printed.signer_name
    assert body["signer"]["title"] == printed.signer_title
    assert body["applicant"] == "S*** R********"
    assert body["status"] == {"code": "valid", "label": "SAH: surat ini tercatat dan berlaku."}
    assert body["revoked_reason"] is None
    assert body["sha256"] == printed.sha256 and len(printed.sha256) == 64
    assert body["verification_url"] == f"http://localhost/verifikasi/{printed.verification_token}"
    assert datetime.fromisoformat(body["issued_on"]).year == printed.year
    text = response.get_data(as_text=True)
    assert "Siti Rahmawati" not in text and printed.application.applicant_nik not in text
    assert "Set-Cookie" not in response.headers


def test_a_revoked_letter_says_so_with_the_reason(app, printed, administrator):
    revoke(printed.id, administrator, "Data pemohon keliru")
    body = app.test_client().get(f"{API}/verifikasi/{printed.short_code}").get_json()
    assert body["status"] == {"code": "revoked",
                              "label": "TIDAK BERLAKU: surat ini telah dicabut."}
    assert body["revoked_reason"] == "Data pemohon keliru"


def test_an_unknown_code_is_a_json_404(client, demo):
    for code in ("AAAA-AAAA", "terlalu-pendek"):
        assert_json_error(client.get(f"{API}/verifikasi/{code}"), 404, "not_found",
                          "Kode verifikasi tidak ditemukan. Periksa kembali kode pada surat.")


def test_the_31st_letter_lookup_in_a_minute_gets_a_json_429(make_app, demo):
    client = make_app(RATELIMIT_ENABLED=True).test_client()
    codes = {client.get(f"{API}/verifikasi/AAAA-AA{i:02d}").status_code for i in range(30)}
    assert codes == {404}
    blocked = client.get(f"{API}/verifikasi/AAAA-AAAA")
    assert blocked.status_code == 429 and blocked.get_json()["error"]["code"] == "too_many_requests"
    assert "Retry-After" in blocked.headers


# --- Language, errors, headers --------------------------------------------------------------

def test_english_labels_on_request_without_a_session_cookie(
        client, demo, forget_language):
    english = client.get(f"{API}/layanan/sku?lang=en")
    assert english.get_json()["flow"]["label"] == "Processed and decided at the kelurahan office"
    assert "Set-Cookie" not in english.headers
    forget_language()
    assert_json_error(client.get(f"{API}/layanan/tidak-ada?lang=en"), 404, "not_found",
                      "Service not found or not open at the moment.")
    forget_language()
    assert client.get(f"{API}/layanan/sku").get_json()["flow"]["label"] == (
        "Diproses dan diputuskan di kantor kelurahan")  # the choice was not remembered


def test_every_api_answer_is_json_and_the_site_keeps_its_html_errors(make_app, client,
                                                                     monkeypatch):
    assert_json_error(client.get(f"{API}/tidak-ada"), 404, "not_found",
                      "Data atau alamat yang diminta tidak ditemukan.")
    for path in ("/layanan", "/lacak/" + UNKNOWN_NUMBER, "/verifikasi/AAAA-AAAA"):
        refused = client.post(API + path)
        assert_json_error(refused, 405, "method_not_allowed",
                          "Metode ini tidak tersedia untuk alamat ini.")
        assert "GET" in refused.headers["Allow"] and "POST" not in refused.headers["Allow"]
    guarded = make_app(WTF_CSRF_ENABLED=True).test_client()
    assert guarded.post(f"{API}/layanan").status_code == 405  # not a CSRF 400
    html = client.get("/tidak-ada")
    assert html.status_code == 404 and html.mimetype == "text/html"
    assert client.post("/lacak").mimetype == "text/html"

    crashing = make_app(TESTING=False, PROPAGATE_EXCEPTIONS=False)

    def explode(*args, **kwargs):
        raise RuntimeError("rahasia internal: password=hunter2")

    monkeypatch.setattr("public.api.routes.search_services", explode)
    crashed = crashing.test_client().get(f"{API}/layanan")
    assert_json_error(crashed, 500, "server_error",
                      "Maaf, permintaan belum dapat diproses. Silakan coba beberapa saat lagi.")
    assert "hunter2" not in crashed.get_data(as_text=True)


# --- The document and the reference page ----------------------------------------------------

def _documented_path(rule: str) -> str:
    """'/api/v1/lacak/<path:reg_no>' -> '/lacak/{reg_no}'."""
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.removeprefix(API))


def test_the_openapi_document_is_valid_and_matches_the_routes(app, client):
    response = client.get(f"{API}/openapi.json")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    document = response.get_json()
    validate(document)
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": "http://localhost/api/v1", "description": "Layanan ini"}]
    routes = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(API):
            routes.setdefault(_documented_path(rule.rule), set()).update(
                rule.methods - {"HEAD", "OPTIONS"})
    assert set(routes) == set(document["paths"]) == {
        "/", "/openapi.json", "/layanan", "/layanan/{code}", "/lacak/{reg_no}",
        "/verifikasi/{kode}", "/masuk", "/masuk/kode", "/keluar", "/permohonan",
        "/permohonan/{reg_no}", "/layanan/{code}/permohonan", "/permohonan/{reg_no}/perbaikan",
        "/permohonan/{reg_no}/surat", "/keluarga", "/permohonan/{reg_no}/pengambilan"}
    for path, methods in routes.items():
        assert set(document["paths"][path]) == {method.lower() for method in methods}
    for schema in ("Service", "ServiceList", "Tracking", "Letter", "Error"):
        assert schema in document["components"]["schemas"]
    assert_documented(document, "/openapi.json", response)


def test_the_reference_page_lists_every_endpoint_in_indonesian(client):
    document = document_of(client)
    response = client.get(f"{API}/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "API Layanan Kota Batam" in page and "Skema" in page
    for path, methods in document["paths"].items():
        for method in methods:
            assert f"{method.upper()} {API}{path}" in page
    for name in document["components"]["schemas"]:
        assert f'id="skema-{name}"' in page
    assert "Status dan riwayat permohonan menurut nomor registrasi" in page
    assert not re.search(r'<script[^>]+src="https?://', page)  # nothing from elsewhere
    assert "nonce-" in response.headers["Content-Security-Policy"]
