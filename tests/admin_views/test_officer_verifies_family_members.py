"""Anggota Keluarga Baru: the Admin of the account's kelurahan verifies a member on another KK
against the uploaded proof and the account's KK image, or refuses it with an emailed reason."""
import html

from portal.extensions import db
from portal.models import AuditEntry, FamilyMember, OutboxMessage

from tests.fixtures.citizen import sample_pdf, sample_png

BASE = "/admin/anggota-keluarga-baru"


def _status(member_id: int) -> str:
    db.session.expire_all()
    return db.session.get(FamilyMember, member_id).status


def _audited(action: str) -> AuditEntry:
    return db.session.execute(db.select(AuditEntry).filter_by(action=action)).scalar_one()


def test_the_list_shows_only_waiting_members_of_the_officers_kelurahan(
        client, waiting_family_member, citizen_account, officer, login_as):
    other = citizen_account(nik="2171064501900002", name="Budi Seberang", home="Batu Selicin")
    db.session.add_all([
        FamilyMember(account_id=other.id, nik="2171064501900021", name="Anak Seberang",
                     relationship_label="Anak", kk="2171060101208888", status="waiting"),
        FamilyMember(account_id=waiting_family_member.account_id, nik="2171064501900012",
                     name="Anak Terverifikasi", relationship_label="Anak",
                     kk="2171060101200001", status="active")])
    db.session.commit()
    login_as(officer("Lubuk Baja Kota", "admin"))
    page = client.get(f"{BASE}/").get_data(as_text=True)
    assert "Rudi Adik" in page and "Siti Rahmawati" in page
    assert "Anak Seberang" not in page and "Anak Terverifikasi" not in page
    assert "Anggota Keluarga Baru (1)" in page


def test_the_details_show_the_member_the_proof_and_the_accounts_kk_and_are_audited(
        client, waiting_family_member, officer, login_as):
    member = waiting_family_member
    login_as(officer("Lubuk Baja Kota", "admin"))
    page = client.get(f"{BASE}/details/?id={member.id}").get_data(as_text=True)
    assert "2171060101209999" in page and "2171060101200001" in page  # member's KK, account's KK
    assert f"{BASE}/image/{member.id}/proof" in page and f"{BASE}/image/{member.id}/kk" in page
    proof = client.get(f"{BASE}/image/{member.id}/proof")
    assert proof.mimetype == "application/pdf" and proof.data == sample_pdf()
    assert client.get(f"{BASE}/image/{member.id}/kk").data == sample_png()
    assert client.get(f"{BASE}/image/{member.id}/ktp").status_code == 404
    assert _audited("view_family_member").object_id == str(member.id)
    views = db.session.execute(db.select(AuditEntry).filter_by(action="document_view")).scalars()
    assert sorted(entry.detail["requirement"] for entry in views) == ["kk", "proof"]


def test_a_waiting_member_cannot_be_applied_for_until_the_officer_verifies_it(
        client, app, waiting_family_member, officer, login_as, citizen_login, make_application):
    member = waiting_family_member
    citizen = app.test_client()
    citizen_login(citizen)
    application = make_application(applicant_nik=member.nik, applicant_name=member.name)
    form = html.unescape(citizen.get(f"/layanan/skck/ajukan?untuk={member.id}").get_data(True))
    assert member.nik not in form
    assert application.reg_no not in citizen.get("/akun/permohonan").get_data(as_text=True)

    admin = officer("Lubuk Baja Kota", "admin")
    login_as(admin)
    assert client.post(f"{BASE}/activate/{member.id}").status_code == 303
    assert _status(member.id) == "active"
    entry = _audited("family_member_activated")
    assert (entry.object_id, entry.officer_id) == (str(member.id), admin.id)
    message = db.session.execute(db.select(OutboxMessage).filter_by(
        template="citizen_family_member_activated")).scalar_one()
    assert message.recipient == "siti@contoh.id" and message.payload["member"] == "Rudi Adik"
    form = html.unescape(citizen.get(f"/layanan/skck/ajukan?untuk={member.id}").get_data(True))
    assert f'value="{member.nik}"' in form and 'value="Rudi Adik"' in form
    assert application.reg_no in citizen.get("/akun/permohonan").get_data(as_text=True)
    assert client.get(f"{BASE}/details/?id={member.id}").status_code == 404  # no longer waiting


def test_refusing_needs_a_reason(client, waiting_family_member, officer, login_as):
    login_as(officer("Lubuk Baja Kota", "admin"))
    response = client.post(f"{BASE}/refuse/{waiting_family_member.id}", data={"reason": "  "})
    assert response.status_code == 400
    assert "Alasan penolakan wajib diisi" in response.get_data(as_text=True)
    assert _status(waiting_family_member.id) == "waiting"


def test_a_refused_member_is_emailed_with_the_reason_audited_and_shown_to_the_citizen(
        mailing_app, waiting_family_member, officer, login_as, citizen_login):
    mail_app, inbox = mailing_app
    mail_client = mail_app.test_client()
    member_id = waiting_family_member.id
    login_as(officer("Lubuk Baja Kota", "admin"), mail_client)
    reason = "Akta kelahiran yang diunggah bukan atas nama anggota ini."
    with mail_app.app_context():
        assert mail_client.post(f"{BASE}/refuse/{member_id}",
                                data={"reason": reason}).status_code == 303
    message = inbox.wait_for_to("siti@contoh.id", 1)[0]
    assert "tidak dapat diverifikasi" in message["Subject"]
    body = message.get_body(("plain",)).get_content()
    assert reason in body and "Rudi Adik" in body
    assert _status(member_id) == "refused"
    assert _audited("family_member_refused").detail["reason"] == reason
    citizen = mail_app.test_client()
    citizen_login(citizen)
    with mail_app.app_context():
        page = html.unescape(citizen.get("/akun/keluarga").get_data(as_text=True))
        form = html.unescape(citizen.get(f"/layanan/skck/ajukan?untuk={member_id}").get_data(True))
    assert f"Ditolak: {reason}" in page
    assert "2171064501900011" not in form
