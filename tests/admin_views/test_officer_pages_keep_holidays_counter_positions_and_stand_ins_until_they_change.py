"""Holidays, counter positions, stand-ins and the services filter, read on every officer page,
are kept in each process per content version; a write to them anywhere (console, script,
seed) renews it, so the next page shows the change."""
from datetime import date, datetime

from sqlalchemy import insert

from portal.extensions import db
from portal.models import CounterPosition, Holiday, Substitution, frozen_clock
from portal.officers.counter import allowed_positions
from portal.workflow.sla import Calendar


def test_a_holiday_or_counter_position_written_anywhere_shows_on_the_next_page(app, demo):
    with app.test_request_context():
        assert "kasi" not in allowed_positions()
        assert Calendar.load(date(2027, 1, 1)).holidays == frozenset()
    # Plain SQL past the ORM is not seen: the values are kept.
    db.session.execute(insert(CounterPosition).values(position="kasi"))
    db.session.commit()
    with app.test_request_context():
        assert "kasi" not in allowed_positions()
    db.session.add(Holiday(day=date(2027, 1, 1), name="Tahun Baru"))
    db.session.commit()  # through the ORM, not the console: the kept values are renewed
    with app.test_request_context():
        assert "kasi" in allowed_positions()
        assert Calendar.load(date(2027, 1, 1)).holidays == {date(2027, 1, 1)}



def test_a_stand_in_recorded_after_a_page_was_seen_opens_the_post_queue_at_once(
        officer, login_as, make_application, advance_at):
    lurah, sekretaris = officer("Lubuk Baja Kota", "kepala"), officer("Lubuk Baja Kota",
                                                                       "sekretaris")
    with frozen_clock(datetime(2026, 11, 9, 2)):
        application = make_application(service_code="sku")
    advance_at(application, *[(action, datetime(2026, 11, 9, 3 + i)) for i, action in
                              enumerate(("confirm", "approve", "approve", "approve"))])
    with frozen_clock(datetime(2026, 11, 11, 3)):
        browser = login_as(sekretaris)
        assert application.reg_no not in browser.get("/admin/data-baru/").get_data(
            as_text=True)
        db.session.add(Substitution(head_officer=lurah, substitute_officer=sekretaris,
                                    starts_on=date(2026, 11, 9), ends_on=date(2026, 11, 13),
                                    reason="Cuti"))
        db.session.commit()
        assert application.reg_no in browser.get("/admin/data-baru/").get_data(as_text=True)
