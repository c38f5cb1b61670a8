"""A returned application is corrected through the secret link from the email, or withdrawn."""
import io
import re

from portal.workflow import transitions
from portal.extensions import db, mail
from portal.models import Application, Document, History

from tests.fixtures.citizen import open_secret_link, post_multipart, sample_png


def _returned_by_kasi(client, apply_online, officer):
    """Apply online (hearing of every step), confirm, Admin approves, Kasi returns."""
    _, application = apply_online(client, "skck", "Lubuk Baja Kota", notify_every_step="y")
    transitions.perform(application.id, "confirm", transitions.SYSTEM)
    for position, action in (("admin", "approve"), ("kasi", "return")):
        transitions.perform(application.id, action,
                            transitions.actor_for(officer("Lubuk Baja Kota", position)),
                            expected_version=application.version,
                            remark="Pas foto buram, mohon ganti." if action == "return" else "")
    return application


def _correction_link(outbox_mail) -> str:
    text = outbox_mail.body
    assert "Pas foto buram, mohon ganti." in text and "2171064501900001" not in text
    return re.search(r"http://localhost(/perbaikan/\S+)", text).group(1)


def _landed(client, link: str) -> str:
    """Open the emailed link: its token goes to the session, the page has none ("/perbaikan")."""
    response = client.get(link)
    assert response.status_code == 303 and response.headers["Location"] == "/perbaikan"
    return response.headers["Location"]


def _typed(citizen_form, **changes) -> dict:
    """The form as first submitted (without files), with the citizen's changes."""
    values = {k: v for k, v in citizen_form("skck").items() if not k.startswith("doc_")}
    values.pop("home_unit")
    return {**values, **changes}


def test_the_citizen_corrects_fields_replaces_a_document_and_resubmits(
        client, apply_online, officer, citizen_form):
    with mail.record_messages() as outbox:
        application = _returned_by_kasi(client, apply_online, officer)
    returned_mail = outbox[-1]
    assert "perlu diperbaiki" in returned_mail.subject
    emailed = _correction_link(returned_mail)
    link = _landed(client, emailed)
    old_photo = next(d for d in application.documents if d.requirement_key == "pas_foto")

    page = client.get(link).get_data(as_text=True)
    assert "Pas foto buram, mohon ganti." in page and "Kasi Kelurahan Lubuk Baja Kota" in page
    assert 'value="Siti Rahmawati"' in page
    # A return with a remark alone opens everything but the identity numbers.
    assert 'name="nik"' not in page and 'name="kk"' not in page and "2171064501900001" in page
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    token = re.search(r'name="form_token" type="hidden" value="([^"]+)"', page).group(1)
    form = _typed(citizen_form, form_token=token, version=version, phone="081298765432",
                  address="Jl. Duyung No. 7", f_keperluan="Melamar pekerjaan",
                  doc_pas_foto=(io.BytesIO(sample_png()), "foto.png"))
    with mail.record_messages() as outbox:
        done = post_multipart(client, link, form)
    assert done.status_code == 200 and "Perbaikan terkirim" in done.get_data(True)
    assert "Perbaikan permohonan" in outbox[0].subject

    db.session.expire_all()
    application = db.session.get(Application, application.id)
    assert application.status == "disetujui" and application.pending_step == "kasi"  # back at Kasi
    assert application.applicant_phone == "+6281298765432"
    assert application.applicant_address == "Jl. Duyung No. 7"
    assert application.form_data["keperluan"] == "Melamar pekerjaan"
    assert db.session.get(Document, old_photo.id).superseded_at is not None
    photos = [d for d in application.documents if d.requirement_key == "pas_foto"]
    assert len(photos) == 2 and sum(d.superseded_at is None for d in photos) == 1
    resubmit = application.history[-1]
    assert resubmit.action == "resubmit" and resubmit.actor_kind == "citizen"
    assert resubmit.changes["applicant_phone"] == {"before": "+6281234567890",
                                                   "after": "+6281298765432"}
    assert resubmit.changes["document.pas_foto"]["replaced"] is True
    assert resubmit.changes["document.pas_foto"]["replaced_id"] == old_photo.id

    assert open_secret_link(client, emailed).status_code == 404  # the link is used up


def test_errors_in_the_correction_form_keep_values_and_the_new_upload(client, apply_online, officer,
                                                                     citizen_form):
    with mail.record_messages() as outbox:
        application = _returned_by_kasi(client, apply_online, officer)
    link = _landed(client, _correction_link(outbox[-1]))
    page = client.get(link).get_data(as_text=True)
    token = re.search(r'name="form_token" type="hidden" value="([^"]+)"', page).group(1)
    form = _typed(citizen_form, form_token=token, version=str(application.version), phone="12345",
                  address="Jl. Baru", doc_pas_foto=(io.BytesIO(sample_png()), "foto.png"))
    response = post_multipart(client, link, form)
    text = response.get_data(as_text=True)
    assert "Nomor HP Indonesia tidak valid" in text and 'value="Jl. Baru"' not in text  # textarea
    assert "Jl. Baru</textarea>" in text and "Sudah diunggah: foto.png" in text
    db.session.expire_all()
    assert db.session.get(Application, application.id).status == "dikembalikan"


def test_the_citizen_withdraws_through_the_link(client, apply_online, officer):
    with mail.record_messages() as outbox:
        application = _returned_by_kasi(client, apply_online, officer)
    link = _landed(client, _correction_link(outbox[-1]))
    page = client.get(link).get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    response = client.post(link + "/batalkan", data={"version": version})
    assert response.status_code == 200 and "sudah dibatalkan" in response.get_data(True)
    db.session.expire_all()
    application = db.session.get(Application, application.id)
    assert application.status == "dibatalkan"
    last = db.session.execute(db.select(History).filter_by(application_id=application.id)
                              .order_by(History.id.desc())).scalars().first()
    assert (last.action, last.actor_kind) == ("cancel", "citizen")


def test_a_wrong_or_stale_link_shows_nothing_personal(client, apply_online, officer):
    assert open_secret_link(client, "/perbaikan/tebakan-acak-123").status_code == 404
    with mail.record_messages() as outbox:
        _returned_by_kasi(client, apply_online, officer)
    link = _landed(client, _correction_link(outbox[-1]))
    response = client.post(link + "/batalkan", data={"version": "1"})  # an old page
    assert response.status_code == 409
    assert "sudah diproses" in response.get_data(True)
