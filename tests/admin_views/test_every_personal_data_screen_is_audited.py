"""Acceptance (UU 27/2022): every console screen that shows a full NIK, KK, phone number or
identity image adds an audit row with a readable label — searches by NIK or phone, the Revisi
form, lists of new accounts, letter drafts, a proxy's NIK, complaints, officers' NIKs.

SCREENS is the list of such screens: what is shown, who opens it, where, and the action the
audit log must then hold. A new screen of personal data belongs in it."""
import pytest

from portal.extensions import db
from portal.letters.issuing import hand_over, letter_of
from portal.models import AuditEntry, Complaint, Officer
from portal.officers.audit import ACTION_LABELS, action_label
from portal.standards.complaints import file_complaint
from tests.fixtures.citizen import sample_png

NIK, KK, PHONE = "2171064501900001", "2171060101200001", "+6281234567890"
PROXY_NIK, OFFICER_NIK = "2171064501900099", "2171010101800001"
PNG = sample_png()


class Screen:
    """The fixtures a screen's set-up asks for, by name."""

    def __init__(self, request):
        self.request = request

    def __getattr__(self, name):
        return self.request.getfixturevalue(name)


def _queued(s: Screen):
    return s.advance(s.make_application("sku"))


def _revision_form(s):
    application = _queued(s)
    return (s.officer("Lubuk Baja Kota", "admin"),
            f"/admin/data-baru/edit/?id={application.id}", [NIK, KK, PHONE])


def _case_file(s):
    application = _queued(s)
    return (s.officer("Lubuk Baja Kota", "admin"),
            f"/admin/data-baru/details/?id={application.id}", [NIK, KK, PHONE])


def _search_queue_by_nik(s):
    _queued(s)
    return s.officer("Lubuk Baja Kota", "admin"), f"/admin/data-baru/?search={NIK}", ["Siti"]


def _search_all_by_phone(s):
    _queued(s)
    return s.administrator, "/admin/permohonan/?search=0812-3456-7890", ["Siti"]


def _application_document(s):
    document = s.attach_document(_queued(s), PNG, "image/png", "ktp.png", key="ktp")
    return (s.officer("Lubuk Baja Kota", "admin"),
            f"/admin/data-baru/document/{document.id}?inline=1", [PNG])


def _new_accounts_list(s):
    s.waiting_account
    return s.officer("Lubuk Baja Kota", "admin"), "/admin/akun-baru/", [NIK]


def _new_accounts_search(s):
    s.waiting_account
    return s.officer("Lubuk Baja Kota", "admin"), f"/admin/akun-baru/?search={NIK}", [NIK]


def _new_account_details(s):
    account = s.waiting_account
    return (s.officer("Lubuk Baja Kota", "admin"),
            f"/admin/akun-baru/details/?id={account.id}", [NIK])


def _new_account_identity_image(s):
    account = s.waiting_account
    return (s.officer("Lubuk Baja Kota", "admin"),
            f"/admin/akun-baru/image/{account.id}/ktp", [])


def _new_family_members_list(s):
    s.waiting_family_member
    return s.officer("Lubuk Baja Kota", "admin"), "/admin/anggota-keluarga-baru/", [
        "2171064501900011"]


def _new_family_member_details(s):
    member = s.waiting_family_member
    return (s.officer("Lubuk Baja Kota", "admin"),
            f"/admin/anggota-keluarga-baru/details/?id={member.id}", ["2171064501900011"])


def _letter_draft_before_printing(s):
    application = s.finish_application("sku")
    return (s.officer(application.final_unit.name, "admin"),
            f"/admin/surat/cetak?application_id={application.id}", [NIK])


def _letter_download(s):
    application = s.finish_application("sku")
    letter = s.issue_letter(application)
    return s.officer(application.final_unit.name, "admin"), f"/admin/surat/{letter.id}/unduh", [
        b"%PDF"]


def _handed_over_to_a_proxy(s):
    application = s.finish_application("sku")
    letter = s.issue_letter(application)
    admin = s.officer(application.final_unit.name, "admin")
    proof = s.identity_image("kuasa")
    db.session.add(proof)
    db.session.commit()
    hand_over(application.id, admin, "Budi Kuasa", expected_version=application.version,
              proxy_nik=PROXY_NIK, proxy_proof=proof)
    return admin, f"/admin/surat/{letter.id}", [PROXY_NIK]


def _letter_to_sign(s):
    s.local_signing
    application = s.finish_application("sku")
    return (s.officer("Lubuk Baja Kota", "kepala"),
            f"/admin/tanda-tangan/{letter_of(application.id).id}", [NIK])


def _complaint(s):
    complaint = file_complaint(s.demo["Lubuk Baja Kota"], "Antrean terlalu lama.", "Siti",
                               phone="081234567890", notify_channel="whatsapp")
    db.session.commit()
    return (s.officer("Lubuk Baja Kota", "admin"),
            f"/admin/pengaduan/details/?id={complaint.id}", ["81234567890"])


def _officer_form(s):
    kasi = s.officer("Lubuk Baja Kota", "kasi")
    kasi.nik = OFFICER_NIK
    db.session.commit()
    return s.administrator, f"/admin/petugas/edit/?id={kasi.id}", [OFFICER_NIK]


def _audit_log(s):
    s.citizen_account()
    s.citizen_login(s.app.test_client())  # logged as "warga <NIK>"
    return s.administrator, "/admin/log-audit/", [NIK]


def _audit_log_export(s):
    s.citizen_account()
    s.citizen_login(s.app.test_client())
    return s.administrator, "/admin/log-audit/export/csv/", [NIK]


# (screen, set-up, audit action)
SCREENS = [
    ("Revisi form", _revision_form, "view_revision_form"),
    ("Lihat Data", _case_file, "view_application"),
    ("search a queue by NIK", _search_queue_by_nik, "search_personal_data"),
    ("search all applications by phone", _search_all_by_phone, "search_personal_data"),
    ("an application's identity document", _application_document, "document_view"),
    ("Akun Baru list", _new_accounts_list, "list_personal_data"),
    ("Akun Baru search by NIK", _new_accounts_search, "search_personal_data"),
    ("Akun Baru details", _new_account_details, "view_citizen_account"),
    ("Akun Baru KTP image", _new_account_identity_image, "document_view"),
    ("Anggota Keluarga Baru list", _new_family_members_list, "list_personal_data"),
    ("Anggota Keluarga Baru details", _new_family_member_details, "view_family_member"),
    ("letter draft before Cetak", _letter_draft_before_printing, "view_letter_draft"),
    ("letter download", _letter_download, "letter_download"),
    ("letter handed over to a proxy", _handed_over_to_a_proxy, "view_letter_proxy"),
    ("letter waiting for its signature", _letter_to_sign, "view_letter_draft"),
    ("complaint with the reporter's phone", _complaint, "view_complaint"),
    ("officer form with the officer's NIK", _officer_form, "view_officer"),
    ("audit log naming citizens by NIK", _audit_log, "list_personal_data"),
    ("audit log exported as CSV", _audit_log_export, "export_personal_data"),
]


def _last_audit_id() -> int:
    return db.session.scalar(db.select(db.func.coalesce(db.func.max(AuditEntry.id), 0)))


@pytest.mark.parametrize("screen, set_up, action", SCREENS, ids=[row[0] for row in SCREENS])
def test_opening_a_screen_of_personal_data_adds_a_labelled_audit_row(
        request, console, client, switch_officer, demo, screen, set_up, action):
    viewer, url, shown = set_up(Screen(request))
    switch_officer(viewer)
    before = _last_audit_id()
    response = client.get(url)
    assert response.status_code == 200, (screen, response.status_code)
    for datum in shown:
        assert (datum if isinstance(datum, bytes) else datum.encode()) in response.data, datum
    db.session.expire_all()
    rows = db.session.execute(db.select(AuditEntry).where(AuditEntry.id > before)).scalars().all()
    assert [(row.action, row.officer_id) for row in rows] == [(action, viewer.id)], screen
    assert action in ACTION_LABELS and action_label(action) != action


def test_every_action_of_the_sweep_reads_in_indonesian():
    assert {action for _, _, action in SCREENS} <= set(ACTION_LABELS)
