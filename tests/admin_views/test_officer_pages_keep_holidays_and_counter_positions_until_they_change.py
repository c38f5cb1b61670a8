"""Holidays, counter positions and the services filter, read on every officer page, are kept
in each process per content version; a write to them anywhere (console, script, seed) renews
it, so the next page shows the change."""
from datetime import date

from sqlalchemy import insert

from portal.extensions import db
from portal.models import CounterPosition, Holiday
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

