"""Acceptance: a citizen's phone app does the whole story over the API only: log in, submit
with two uploads (the account's KTP and KK stand in for the rest), see the officers' steps,
correct what was returned (only that), and download the signed letter."""
import hashlib
import io

from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from portal.extensions import db
from portal.models import Application, Document, History, Officer, Service
from portal.workflow import corrections, transitions
from tests.fixtures.accounts import CITIZEN_PASSWORD
from tests.fixtures.citizen import citizen_form_data, sample_pdf, sample_png

API = "/api/v1"
NIK = "2171064501900001"


def send_multipart(client, url: str, data: dict, **headers):
    """POST a form with files, as a phone app sends it, with its headers."""
    fields = MultiDict()
    for key, value in data.items():
        if isinstance(value, tuple):
            value = FileStorage(stream=io.BytesIO(value[0]), filename=value[1])
        fields.add(key, value)
    boundary, body = encode_multipart(fields)
    return client.post(url, data=body, headers=headers,
                       content_type=f"multipart/form-data; boundary={boundary}")


def log_in(client) -> dict:
    """Log in with NIK and password; the Authorization header for the token."""
    answer = client.post(f"{API}/masuk", json={"nik": NIK, "password": CITIZEN_PASSWORD})
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert body["token_type"] == "Bearer" and body["expires_at"].endswith("Z")
    return {"Authorization": f"Bearer {body['token']}"}


def sku_form(demo) -> dict:
    """The SKU form with two uploads: the RT/RW letter (PDF) and the business photo (PNG)."""
    service = db.session.execute(db.select(Service).filter_by(code="sku")).scalar_one()
    form = {key: value for key, value in citizen_form_data(service, demo["Lubuk Baja Kota"])
            .items() if not key.startswith("doc_")}
    form["f_nama_usaha"] = "Kedai Kopi Nagoya"
    form["doc_pengantar_rtrw"] = (sample_pdf(), "pengantar.pdf")
    form["doc_foto_usaha"] = (sample_png((10, 120, 10)), "usaha.png")
    return form


def approve(application: Application, steps: int = 99) -> None:
    """The officers it waits for approve it, `steps` times or until it is finished."""
    for _ in range(steps):
        if application.status == "selesai":
            return
        waiting = db.session.execute(db.select(Officer).filter_by(
            unit_id=application.pending_unit_id, position=application.pending_step)).scalar_one()
        transitions.perform(application.id, "approve", transitions.actor_for(waiting),
                            expected_version=application.version)


def return_with_ticks(application: Application, officer) -> None:
    """The Kasi returns it, ticking the address and the business photo."""
    snapshot = application.definition_snapshot
    transitions.perform(
        application.id, "return", transitions.actor_for(officer("Lubuk Baja Kota", "kasi")),
        expected_version=application.version, remark="Mohon dilengkapi.",
        corrections=(corrections.correction("applicant_address", "Tulis RT/RW", snapshot),
                     corrections.correction("document.foto_usaha", "Foto buram", snapshot)))


def submit(client, auth, form, key="aplikasi-1-0001"):
    return send_multipart(client, f"{API}/layanan/sku/permohonan", form,
                          **auth, **{"Idempotency-Key": key})


def test_the_whole_story_over_the_api(app, demo, officer, citizen_account, identity_images,
                                      print_letter):
    identity_images(citizen_account())
    phone = app.test_client()
    auth = log_in(phone)

    created = submit(phone, auth, sku_form(demo))
    assert created.status_code == 201, created.get_json()
    again = submit(phone, auth, sku_form(demo))  # the app retried after a dropped connection
    assert again.status_code == 201
    reg_no = created.get_json()["reg_no"]
    assert again.get_json()["reg_no"] == reg_no
    assert db.session.query(Application).count() == 1
    body = created.get_json()
    assert body["status"]["code"] == "konfirmasi"  # a verified account: no confirmation link
    assert body["applicant"]["nik"] == NIK and body["form_data"]["nama_usaha"] == (
        "Kedai Kopi Nagoya")
    assert sorted(doc["key"] for doc in body["documents"]) == [
        "foto_usaha", "kk", "ktp", "pengantar_rtrw"]

    application = db.session.execute(db.select(Application).filter_by(reg_no=reg_no)).scalar_one()
    approve(application, 1)  # the Admin approves
    return_with_ticks(application, officer)
    returned = phone.get(f"{API}/permohonan/{reg_no}", headers=auth).get_json()
    assert returned["can_correct"] is True
    assert {item["key"]: item["reason"] for item in returned["to_correct"]} == {
        "address": "Tulis RT/RW", "doc_foto_usaha": "Foto buram"}

    locked = send_multipart(phone, f"{API}/permohonan/{reg_no}/perbaikan",
                            {"name": "Nama Lain", "address": "Jl. Duyung No. 5 RT 001/RW 002",
                             "doc_foto_usaha": (sample_png((200, 200, 0)), "baru.png")}, **auth)
    assert locked.status_code == 422
    assert "Nama lengkap" in locked.get_json()["error"]["message"]
    no_photo = send_multipart(phone, f"{API}/permohonan/{reg_no}/perbaikan",
                              {"address": "Jl. Duyung No. 5 RT 001/RW 002"}, **auth)
    assert no_photo.status_code == 422
    assert no_photo.get_json()["error"]["fields"]["doc_foto_usaha"].startswith("Petugas meminta")
    db.session.expire_all()
    assert application.status == "dikembalikan" and application.applicant_name == "Siti Rahmawati"

    fixed = send_multipart(phone, f"{API}/permohonan/{reg_no}/perbaikan",
                           {"address": "Jl. Duyung No. 5 RT 001/RW 002",
                            "doc_foto_usaha": (sample_png((200, 200, 0)), "baru.png")}, **auth)
    assert fixed.status_code == 200, fixed.get_json()
    assert fixed.get_json()["applicant"]["address"] == "Jl. Duyung No. 5 RT 001/RW 002"
    assert fixed.get_json()["to_correct"] == []
    db.session.expire_all()
    assert application.applicant_name == "Siti Rahmawati"
    photos = db.session.execute(db.select(Document).filter_by(
        application_id=application.id, requirement_key="foto_usaha")).scalars().all()
    assert sorted(doc.superseded_at is None for doc in photos) == [False, True]

    approve(application)
    letter = print_letter(application)
    final = phone.get(f"{API}/permohonan/{reg_no}", headers=auth).get_json()
    steps = [row["status"] for row in final["timeline"]]
    assert steps[:3] == ["konfirmasi", "disetujui", "dikembalikan"], steps
    assert steps[-1] == "selesai" and final["letter_available"] is True
    resubmitted = next(row for row in final["timeline"] if row["items"] and
                       row["status"] != "dikembalikan")
    assert sorted(resubmitted["items"]) == ["Alamat", "Foto tempat usaha"]
    assert db.session.query(History).filter_by(application_id=application.id,
                                               action="resubmit").count() == 1

    pdf = phone.get(f"{API}/permohonan/{reg_no}/surat", headers=auth)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert hashlib.sha256(pdf.data).hexdigest() == letter.sha256
    assert pdf.headers["Cache-Control"] == "private, no-store"
    listed = phone.get(f"{API}/permohonan", headers=auth).get_json()
    assert [row["reg_no"] for row in listed["applications"]] == [reg_no]
