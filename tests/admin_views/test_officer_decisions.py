"""Acceptance: officers decide through the Flask-Admin screens (Lihat Data → Setujui / Kembalikan / Tolak)."""
import re
import threading

import pytest
from sqlalchemy import event

from portal.workflow import transitions
from portal.extensions import db
from portal.models import Application, AuditEntry, History, OutboxMessage
from portal.workflow.engine import POSITIONS

KLKC_OFFICERS = [("Lubuk Baja Kota", p) for p in POSITIONS] + [("Lubuk Baja", p) for p in POSITIONS]


def seen_version(client, application_id: int) -> int:
    """Open Lihat Data and return the version carried by its decision form."""
    page = client.get(f"/admin/data-baru/details/?id={application_id}")
    assert page.status_code == 200
    return int(re.search(r'name="version" type="hidden" value="(\d+)"',
                         page.get_data(as_text=True)).group(1))


def decide(client, application_id, action, version, remark=""):
    return client.post(f"/admin/data-baru/decide/?id={application_id}",
                       data={"action": action, "version": version, "remark": remark})


def test_eight_demo_officers_approve_a_klkc_application_to_selesai(
        make_application, advance, officer, form_login):
    application = advance(make_application("pindah-antar-kecamatan", home="Lubuk Baja Kota"))
    expected = []
    for unit_name, position in KLKC_OFFICERS:
        person = officer(unit_name, position)
        browser = form_login(person)
        queue = browser.get("/admin/data-baru/").get_data(as_text=True)
        assert application.reg_no in queue, f"{person.name} does not see it in Data Baru"
        response = decide(browser, application.id, "approve", seen_version(browser, application.id))
        assert response.status_code == 302
        expected.append((person.id, "approve"))
    db.session.expire_all()
    application = db.session.get(Application, application.id)
    assert application.status == "selesai" and application.status_label == "Selesai"
    approvals = [(h.officer_id, h.action) for h in application.history if h.actor_kind == "officer"]
    assert approvals == expected
    titles = [h.position_title for h in application.history if h.actor_kind == "officer"]
    assert titles == ["Admin Kelurahan", "Kasi Kelurahan", "Sekretaris Lurah", "Lurah",
                      "Admin Kecamatan", "Kasi Kecamatan", "Sekretaris Camat", "Camat"]


def test_a_stale_page_is_refused_with_a_clear_message_and_nothing_changes(
        make_application, advance, officer, login_as, app):
    application = advance(make_application())
    admin = officer("Lubuk Baja Kota", "admin")
    browser = login_as(admin)
    old_version = seen_version(browser, application.id)
    assert decide(browser, application.id, "approve", old_version).status_code == 302
    history_count = len(application.history)
    transitions.perform(application.id, "return", transitions.actor_for(officer("Lubuk Baja Kota", "kasi")),
                        expected_version=db.session.get(Application, application.id).version,
                        remark="KK buram")
    db.session.expire_all()
    before = db.session.get(Application, application.id).version
    kasi = login_as(officer("Lubuk Baja Kota", "kasi"), app.test_client())
    response = kasi.post(f"/admin/in-progress/decide/?id={application.id}",
                         data={"action": "approve", "version": old_version, "remark": "ok"})
    assert response.status_code == 409
    assert "sudah diproses oleh petugas lain" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Application, application.id).version == before
    assert len(db.session.get(Application, application.id).history) == history_count + 1


def test_kembalikan_needs_a_keterangan_and_keeps_what_was_typed(
        make_application, advance, officer, login_as):
    application = advance(make_application())
    browser = login_as(officer("Lubuk Baja Kota", "admin"))
    version = seen_version(browser, application.id)
    response = decide(browser, application.id, "return", version, remark="   ")
    assert response.status_code == 400
    assert "Keterangan wajib diisi" in response.get_data(as_text=True)
    response = decide(browser, application.id, "return", version, remark="Foto KTP buram")
    assert response.status_code == 302
    db.session.expire_all()
    returned = db.session.get(Application, application.id)
    assert returned.status == "dikembalikan" and returned.history[-1].remark == "Foto KTP buram"


def test_only_the_lurah_sees_and_may_use_tolak(make_application, advance, officer, login_as, app):
    application = advance(make_application("sku"), approvals=3)
    kasi = login_as(officer("Lubuk Baja Kota", "kasi"), app.test_client())
    page = kasi.get(f"/admin/in-progress/details/?id={application.id}").get_data(as_text=True)
    assert 'value="refuse"' not in page and 'value="approve"' not in page
    lurah = login_as(officer("Lubuk Baja Kota", "kepala"))
    page = lurah.get(f"/admin/data-baru/details/?id={application.id}").get_data(as_text=True)
    assert 'value="refuse"' in page and "Tolak" in page
    response = decide(lurah, application.id, "refuse", application.version, "Bukan warga wilayah ini")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Application, application.id).status_label == \
        "Ditolak Lurah Kelurahan Lubuk Baja Kota"


def test_a_failing_outbox_insert_rolls_back_the_whole_decision(
        make_application, advance, officer, login_as):
    application = advance(make_application())
    browser = login_as(officer("Lubuk Baja Kota", "admin"))
    version = seen_version(browser, application.id)
    history_before = db.session.query(History).count()
    outbox_before = db.session.query(OutboxMessage).count()

    def broken_outbox(mapper, connection, target):
        raise RuntimeError("outbox unavailable")

    event.listen(OutboxMessage, "before_insert", broken_outbox)
    try:
        with pytest.raises(RuntimeError, match="outbox unavailable"):
            decide(browser, application.id, "approve", version)
    finally:
        event.remove(OutboxMessage, "before_insert", broken_outbox)
    db.session.rollback()
    db.session.expire_all()
    unchanged = db.session.get(Application, application.id)
    assert (unchanged.status, unchanged.version, unchanged.pending_step) == ("konfirmasi", version, "admin")
    assert db.session.query(History).count() == history_before
    assert db.session.query(OutboxMessage).count() == outbox_before
    assert decide(browser, application.id, "approve", version).status_code == 302


def test_deciding_on_a_stale_page_says_it_was_already_decided(
        make_application, advance, officer, login_as, app):
    application = advance(make_application())
    late, early = (login_as(officer("Lubuk Baja Kota", "admin"), app.test_client())
                   for _ in range(2))
    version = seen_version(late, application.id)
    assert decide(early, application.id, "approve", version).status_code == 302
    answer = decide(late, application.id, "approve", version, remark="terlambat")
    assert answer.status_code == 409
    assert "sudah diproses oleh petugas lain" in answer.get_data(as_text=True)
    approvals = db.session.query(History).filter_by(application_id=application.id, action="approve")
    assert approvals.count() == 1


def test_a_stale_version_opens_nothing_for_an_officer_who_never_had_it(
        make_application, advance, officer, login_as, app):
    application = advance(make_application())
    admin = login_as(officer("Lubuk Baja Kota", "admin"), app.test_client())
    version = seen_version(admin, application.id)
    assert decide(admin, application.id, "approve", version).status_code == 302
    outsider = login_as(officer("Lubuk Baja Kota", "sekretaris"), app.test_client())
    answer = decide(outsider, application.id, "approve", version)
    assert answer.status_code == 404 and application.applicant_name not in answer.get_data(True)


def test_two_officers_deciding_at_once_exactly_one_wins(
        postgresql_only, make_application, advance, officer, login_as, app):
    application = advance(make_application())
    clients = [login_as(officer("Lubuk Baja Kota", "admin"), app.test_client()) for _ in range(2)]
    version = seen_version(clients[0], application.id)
    barrier = threading.Barrier(2)
    results = [None, None]

    def run(index):
        barrier.wait()
        results[index] = decide(clients[index], application.id, "approve", version,
                                remark=f"thread {index}")

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    codes = sorted(r.status_code for r in results)
    assert codes == [302, 409]
    loser = next(r for r in results if r.status_code == 409)
    assert "sudah diproses oleh petugas lain" in loser.get_data(as_text=True)
    db.session.expire_all()
    approvals = db.session.query(History).filter_by(application_id=application.id, action="approve")
    assert approvals.count() == 1


def test_the_admin_revises_data_through_the_edit_form_recorded_before_and_after(
        make_application, advance, officer, login_as):
    application = advance(make_application("pindah-antar-kecamatan"), approvals=1)
    browser = login_as(officer("Lubuk Baja Kota", "admin"))
    form_page = browser.get(f"/admin/in-progress/edit/?id={application.id}")
    assert form_page.status_code == 200
    fields = application.definition_snapshot["fields"]
    data = {"version": application.version, "applicant_name": "Siti Rahmawati Putri",
            "applicant_nik": application.applicant_nik, "applicant_kk": application.applicant_kk,
            "applicant_email": application.applicant_email, "applicant_phone": "081234567890",
            "applicant_address": application.applicant_address}
    for field in fields:
        data["data__" + field["name"]] = {"select": field["options"][0] if field["options"] else "",
                                         "number": "2"}.get(field["type"], "Isian baru")
    response = browser.post(f"/admin/in-progress/edit/?id={application.id}", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    revised = db.session.get(Application, application.id)
    assert revised.applicant_name == "Siti Rahmawati Putri"
    assert revised.status == "disetujui" and revised.pending_step == "kasi"
    last = revised.history[-1]
    assert last.action == "revise"
    assert last.changes["applicant_name"] == {"before": "Siti Rahmawati", "after": "Siti Rahmawati Putri"}
    assert "applicant_phone" not in last.changes  # 0812… is the same number as +62812…
    entry = db.session.query(AuditEntry).filter_by(action="revise_application").one()
    assert entry.detail["changes"]["applicant_name"]["after"] == "Siti Rahmawati Putri"


def test_a_revision_with_a_bad_nik_is_refused_next_to_the_field(
        make_application, advance, officer, login_as):
    application = advance(make_application("kk-perubahan"))
    browser = login_as(officer("Lubuk Baja Kota", "admin"))
    data = {"version": application.version, "applicant_name": "Nama Baru", "applicant_nik": "12345",
            "applicant_kk": application.applicant_kk, "applicant_email": application.applicant_email,
            "applicant_phone": application.applicant_phone,
            "applicant_address": application.applicant_address}
    response = browser.post(f"/admin/data-baru/edit/?id={application.id}", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Harus 16 digit angka." in page
    assert 'value="Nama Baru"' in page
    db.session.expire_all()
    assert db.session.get(Application, application.id).applicant_name == "Siti Rahmawati"


def test_the_administrator_sees_everything_read_only(make_application, advance, login_as, demo):
    from portal.models import Officer
    from portal.seed.officers import ADMINISTRATOR_NIP

    application = advance(make_application())
    unconfirmed = make_application(applicant_name="Belum Konfirmasi")
    administrator = db.session.execute(db.select(Officer).filter_by(nip=ADMINISTRATOR_NIP)).scalar_one()
    browser = login_as(administrator)
    listing = browser.get("/admin/permohonan/").get_data(as_text=True)
    assert application.reg_no in listing and unconfirmed.reg_no in listing
    page = browser.get(f"/admin/permohonan/details/?id={application.id}")
    assert page.status_code == 200 and 'id="decision"' not in page.get_data(as_text=True)
    response = browser.post(f"/admin/permohonan/decide/?id={application.id}",
                            data={"action": "approve", "version": application.version})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Application, application.id).status == "konfirmasi"
