"""Acceptance: the audit log records decisions, returns, revisions, prints, hand-overs, revocations
and officer-account changes, names objects by registration number and name, and filters them."""
from datetime import datetime

from portal.extensions import db
from portal.letters.issuing import hand_over, revoke
from portal.models import AuditEntry, frozen_clock
from portal.workflow import transitions


def actions_of(application_id) -> list[str]:
    query = db.select(AuditEntry.action).filter_by(
        object_type="application", object_id=str(application_id)).order_by(AuditEntry.id)
    return list(db.session.execute(query).scalars())


def listed(test_client, query: str = "") -> str:
    """The rows of the audit log's table (the filter menus name every action too)."""
    html = test_client.get(f"/admin/log-audit/{query}").get_data(as_text=True)
    return html.split("model-list")[1].split("</table>")[0]


def test_decisions_returns_refusals_prints_hand_overs_and_revocations_are_logged(
        client, officer, administrator, make_application, advance, advance_at, finish_application,
        print_letter):
    returned = advance(make_application(applicant_name="Rina Wati"), approvals=1)
    advance_at(returned, ("return", datetime(2026, 12, 1, 2)))
    refused = advance(make_application("sku"), approvals=3)
    advance_at(refused, ("refuse", datetime(2026, 12, 1, 3)))
    assert actions_of(returned.id) == ["application_approve", "application_return"]
    assert actions_of(refused.id)[-1] == "application_refuse"
    finished = finish_application("sku")
    letter = print_letter(finished)
    hand_over(finished.id, officer("Lubuk Baja Kota", "admin"), "Siti Rahmawati", finished.version)
    assert actions_of(finished.id)[-1] == "application_hand_over"
    revoke(letter.id, administrator, "Salah ketik nama.")
    letter_actions = db.session.execute(db.select(AuditEntry.action).filter_by(
        object_type="letter", object_id=str(letter.id)).order_by(AuditEntry.id)).scalars().all()
    assert letter_actions == ["letter_print", "letter_revoke"]
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="application_return")).scalar_one()
    assert entry.detail["reg_no"] == returned.reg_no and entry.officer_id is not None


def test_the_log_names_objects_and_filters_by_officer_action_and_day(
        console, client, login_as, officer, administrator, make_application, advance):
    kasi = officer("Lubuk Baja Kota", "kasi")
    with frozen_clock(datetime(2026, 11, 30, 18)):  # 1 December, 01:00 WIB
        approved = advance(make_application(applicant_name="Rina Wati"), approvals=2)
    admin_client = login_as(administrator)
    edited = admin_client.post(f"/admin/petugas/edit/?id={kasi.id}", data={
        "nip": kasi.nip, "name": "Kasi Baru", "email": kasi.email, "position": kasi.position,
        "unit": str(kasi.unit_id), "notify_mode": kasi.notify_mode, "active": "y"})
    assert edited.status_code == 302
    page = listed(admin_client)
    assert f"{approved.reg_no} — Rina Wati" in page and "Menyetujui permohonan" in page
    assert "Mengubah data (konsol)" in page and f"Kasi Baru ({kasi.nip})" in page
    by_officer = listed(admin_client, f"?flt0_1={kasi.id}")
    assert "Menyetujui permohonan" in by_officer and "Mengubah data (konsol)" not in by_officer
    by_action = listed(admin_client, "?flt0_2=admin_update")
    assert "Mengubah data (konsol)" in by_action and "Rina Wati" not in by_action
    on_the_day = listed(admin_client, "?flt0_5=2026-12-01+to+2026-12-01")
    assert "Rina Wati" in on_the_day and "Mengubah data (konsol)" not in on_the_day
    day_before = listed(admin_client, "?flt0_5=2026-11-30+to+2026-11-30")
    assert "Rina Wati" not in day_before
