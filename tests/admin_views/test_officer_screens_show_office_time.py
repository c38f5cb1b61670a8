"""Acceptance: every time an officer reads is office time (WIB), day first, to the minute."""
import csv
import io
import re
from datetime import date, datetime

from portal.extensions import db
from portal.local_time import moment_text
from portal.models import AuditEntry, PickupBooking

LATE_EVENING_UTC = datetime(2026, 12, 2, 18, 53, 37, 512595)  # 01:53 WIB the next day


def test_audit_log_list_and_export_show_wib_to_the_minute(console, client, login_as, administrator):
    db.session.add(AuditEntry(officer_id=administrator.id, actor="Administrator", action="login",
                              created_at=LATE_EVENING_UTC))
    db.session.commit()
    login_as(administrator)
    listing = client.get("/admin/log-audit/").get_data(as_text=True)
    assert "03/12/2026 01:53 WIB" in listing
    assert "18:53" not in listing and ".512595" not in listing and "2026-12-02" not in listing
    export = client.get("/admin/log-audit/export/csv/").data.decode("utf-8-sig")
    times = [row[0] for row in csv.reader(io.StringIO(export))][1:]
    # newest first: opening the list (personal data) was itself audited, at today's time
    assert times[-1] == "03/12/2026 01:53 WIB" and len(times) == 2
    assert all(re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d WIB", moment) for moment in times)


def test_akun_baru_shows_when_the_citizen_registered_in_wib(client, login_as, officer,
                                                             waiting_account):
    waiting_account.created_at = LATE_EVENING_UTC
    db.session.commit()
    listing = login_as(officer("Lubuk Baja Kota", "admin")).get("/admin/akun-baru/").get_data(True)
    assert "03/12/2026 01:53 WIB" in listing and "18:53:37" not in listing


def test_the_pickup_list_shows_days_day_first(client, login_as, officer, finish_application):
    application = finish_application("sku")
    db.session.add(PickupBooking(application=application, unit=application.final_unit,
                                 day=date(2026, 12, 7), slot="10:00", code="PKP7QX2M"))
    db.session.commit()
    listing = login_as(officer("Lubuk Baja Kota", "admin")).get("/admin/pengambilan/").get_data(True)
    assert "07/12/2026" in listing and "2026-12-07" not in listing


def test_the_office_zone_comes_from_configuration(make_app):
    with make_app(BABEL_DEFAULT_TIMEZONE="Asia/Makassar").app_context():
        assert moment_text(LATE_EVENING_UTC) == "03/12/2026 02:53 WITA"
