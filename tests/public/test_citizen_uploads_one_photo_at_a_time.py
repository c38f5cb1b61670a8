"""A photo goes up on its own as soon as it is chosen, kept under the form token like an upload
sent with the form; the service worker script is served at the site's root with its version."""
import io

from portal.extensions import db
from portal.models import Application, Document
from tests.fixtures.citizen import form_token_of, post_multipart, sample_png

UPLOAD = "/layanan/skck/unggah/{key}"


def _send(client, token: str, key: str = "ktp", data: bytes = None, name: str = "ktp.png"):
    return post_multipart(client, UPLOAD.format(key=key), {
        "form_token": token, f"doc_{key}": (io.BytesIO(data or sample_png()), name)})


def test_one_photo_is_kept_under_the_form_token_and_the_form_then_needs_it_no_more(
        client, citizen_form):
    token = form_token_of(client.get("/layanan/skck/ajukan"))
    answer = _send(client, token)
    assert answer.status_code == 200 and answer.get_json()["name"] == "ktp.png"
    pending = db.session.execute(db.select(Document).filter_by(draft_token=token)).scalars().all()
    assert [doc.requirement_key for doc in pending] == ["ktp"]
    form = {key: value for key, value in citizen_form("skck").items() if key != "doc_ktp"}
    sent = post_multipart(client, "/layanan/skck/ajukan", {**form, "form_token": token})
    assert sent.status_code == 303
    application = db.session.execute(db.select(Application)).scalar_one()
    assert "ktp" in {doc.requirement_key for doc in application.documents}
    late = _send(client, token)  # the form is sent: a late retry attaches nothing
    assert late.status_code == 409 and late.get_json()["error"] == "Permohonan ini sudah terkirim."


def test_a_refused_photo_says_why_and_unknown_requirements_are_404(client, demo):
    token = form_token_of(client.get("/layanan/skck/ajukan"))
    refused = _send(client, token, data=b"not an image", name="ktp.png")
    assert refused.status_code == 400
    assert "Jenis berkas tidak diterima" in refused.get_json()["error"]
    assert _send(client, token, key="tidak-ada").status_code == 404
    assert _send(client, "pendek").status_code == 400
    assert db.session.execute(db.select(Document)).first() is None


def test_the_service_worker_is_served_at_the_root_with_its_cache_version(client, demo):
    response = client.get("/sw.js")
    script = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert 'const CACHE = "layanan-' in script and "__VERSION__" not in script
    assert "/aset/site.css" in script and "Tidak ada koneksi" in script
