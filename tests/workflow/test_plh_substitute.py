"""Stand-ins: a Plh. decides for the absent Lurah inside the date range, never outside it."""
from datetime import date, datetime

import pytest

from portal.workflow import transitions
from portal.extensions import db
from portal.models import History, Substitution, frozen_clock
from portal.workflow.substitutes import acting_position

ABSENT_FROM, ABSENT_UNTIL = date(2026, 11, 9), date(2026, 11, 13)
DURING = datetime(2026, 11, 11, 3)       # Wednesday 10:00 WIB
AFTER = datetime(2026, 11, 13, 17, 30)   # Saturday 00:30 WIB: the range has ended locally


@pytest.fixture
def absent_lurah(demo, officer):
    lurah, sekretaris = officer("Lubuk Baja Kota", "kepala"), officer("Lubuk Baja Kota",
                                                                       "sekretaris")
    db.session.add(Substitution(head_officer=lurah, substitute_officer=sekretaris,
                                starts_on=ABSENT_FROM, ends_on=ABSENT_UNTIL, reason="Cuti"))
    db.session.commit()
    return lurah, sekretaris


@pytest.fixture
def at_lurah(make_application, advance_at):
    with frozen_clock(datetime(2026, 11, 9, 2)):
        application = make_application(service_code="sku")
    return advance_at(application, *[(action, datetime(2026, 11, 9, 3 + i)) for i, action in
                                  enumerate(("confirm", "approve", "approve", "approve"))])


def test_the_substitute_decides_as_plh_lurah_while_the_head_is_absent(absent_lurah, at_lurah):
    lurah, sekretaris = absent_lurah
    assert at_lurah.pending_step == "kepala"
    acting = acting_position(sekretaris, sekretaris.unit_id, DURING)
    assert (acting.position, acting.prefix) == ("kepala", "Plh.")
    actor = transitions.actor_for(sekretaris, acting_prefix=acting.prefix,
                                  as_position=acting.position)
    with frozen_clock(DURING):
        history = transitions.perform(at_lurah.id, "approve", actor,
                                      expected_version=at_lurah.version)
    assert (history.position_title, history.officer_id, history.actor_name) == (
        "Plh. Lurah", sekretaris.id, sekretaris.name)
    assert at_lurah.status == "selesai"


def test_outside_the_date_range_the_substitute_cannot(absent_lurah, at_lurah):
    _, sekretaris = absent_lurah
    assert acting_position(sekretaris, sekretaris.unit_id, AFTER) is None
    assert acting_position(sekretaris, sekretaris.unit_id, datetime(2026, 11, 8, 3)) is None
    assert db.session.query(History).filter_by(position_title="Plh. Lurah").count() == 0


def test_only_the_named_substitute_of_that_unit_may_stand_in(absent_lurah, officer):
    kasi = officer("Lubuk Baja Kota", "kasi")
    other_unit = officer("Baloi Indah", "sekretaris")
    assert acting_position(kasi, kasi.unit_id, DURING) is None
    assert acting_position(other_unit, other_unit.unit_id, DURING) is None
    _, sekretaris = absent_lurah
    assert acting_position(sekretaris, other_unit.unit_id, DURING) is None


def test_the_administrator_records_a_stand_in_with_checked_dates(console, client, login_as,
                                                                 administrator, officer):
    login_as(administrator)
    lurah, kasi = officer("Baloi Indah", "kepala"), officer("Baloi Indah", "kasi")
    stranger = officer("Tanjung Uma", "sekretaris")
    bad = {"kind": "plh", "unit": str(lurah.unit_id), "position": "kepala",
           "head_officer": str(kasi.id), "substitute_officer": str(stranger.id),
           "starts_on": "2026-11-10", "ends_on": "2026-11-09", "reason": "Dinas luar"}
    html = client.post("/admin/plh/new/", data=bad).get_data(as_text=True)
    for message in ("Pejabat yang digantikan harus memegang jabatan itu.",
                    "Pelaksana harian harus dari unit yang sama.",
                    "Tanggal selesai tidak boleh sebelum tanggal mulai."):
        assert message in html
    good = {**bad, "head_officer": str(lurah.id), "substitute_officer": str(kasi.id),
            "ends_on": "2026-11-12"}
    assert client.post("/admin/plh/new/", data=good).status_code == 302
    stored = db.session.execute(db.select(Substitution)).scalar_one()
    assert (stored.substitute_officer_id, stored.ends_on) == (kasi.id, date(2026, 11, 12))
    assert (stored.kind, stored.unit_id, stored.position) == ("plh", lurah.unit_id, "kepala")


def test_the_plh_finds_the_item_in_data_baru_and_approves_it_on_screen(absent_lurah, at_lurah,
                                                                       login_as, client):
    _, sekretaris = absent_lurah
    with frozen_clock(DURING):
        browser = login_as(sekretaris)
        listing = browser.get("/admin/data-baru/").get_data(as_text=True)
        assert at_lurah.reg_no in listing
        response = browser.post(f"/admin/data-baru/decide/?id={at_lurah.id}",
                                data={"action": "approve", "version": at_lurah.version})
    assert response.status_code == 302
    last = db.session.query(History).filter_by(application_id=at_lurah.id).order_by(
        History.id.desc()).first()
    assert (last.action, last.position_title, last.officer_id) == (
        "approve", "Plh. Lurah", sekretaris.id)


def test_after_the_range_the_item_leaves_the_substitutes_queue(absent_lurah, at_lurah, login_as):
    _, sekretaris = absent_lurah
    with frozen_clock(AFTER):
        browser = login_as(sekretaris)
        assert at_lurah.reg_no not in browser.get("/admin/data-baru/").get_data(as_text=True)
        response = browser.post(f"/admin/data-baru/decide/?id={at_lurah.id}",
                                data={"action": "approve", "version": at_lurah.version})
    assert response.status_code in (403, 404)
    assert db.session.query(History).filter_by(position_title="Plh. Lurah").count() == 0
