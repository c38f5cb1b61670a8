"""Service levels: the working-day clock skips weekends, holidays and time with the citizen."""
from datetime import date, datetime, timedelta

from portal.extensions import db
from portal.models import ApplicationClock, Holiday, OutboxMessage, frozen_clock
from portal.messaging.overdue_digest import write_overdue_digests
from portal.workflow.sla import Calendar, due_date, is_overdue, working_days_taken


def at(day: str, hour_wib: int = 9) -> datetime:
    """A moment given in Batam office time (WIB, UTC+7), as naive UTC."""
    local = datetime.fromisoformat(day)
    return local.replace(hour=hour_wib - 7)


def test_calendar_counts_working_days_after_the_start_up_to_the_end():
    calendar = Calendar({date(2026, 12, 25)})
    # Thu 17 Dec -> Tue 29 Dec: Fri 18, Mon 21..Thu 24, Mon 28, Tue 29 (25th is a holiday).
    assert calendar.working_days(date(2026, 12, 17), date(2026, 12, 29)) == 7
    assert calendar.working_days(date(2026, 12, 17), date(2026, 12, 17)) == 0
    assert calendar.add_working_days(date(2026, 12, 23), 2) == date(2026, 12, 28)


def test_weekend_holiday_and_return_to_citizen_do_not_count(app, make_application, advance_at):
    db.session.add(Holiday(day=date(2026, 12, 25), name="Hari Raya Natal"))
    db.session.commit()
    with frozen_clock(at("2026-12-17", 8)):
        application = make_application(service_code="sku")  # KL, level 2 days
    advance_at(application,
            ("confirm", at("2026-12-17")),
            ("approve", at("2026-12-18")),                       # Fri: day 1
            ("return", at("2026-12-21")),                        # Mon: day 2 (weekend skipped)
            ("resubmit", at("2026-12-23")),                      # Tue 22, Wed 23 with the citizen
            ("approve", at("2026-12-24")),                       # Thu: day 3
            ("approve", at("2026-12-28")),                       # Fri 25 holiday; Mon: day 4
            ("approve", at("2026-12-29")))                       # Tue: day 5, Selesai
    assert application.status == "selesai"
    assert working_days_taken(application) == 5
    stored = db.session.get(ApplicationClock, application.id)
    assert (stored.working_days, stored.within_level) == (5, False)


def test_the_office_date_decides_the_day_not_utc(app, make_application, advance_at):
    # 23:30 WIB on Friday is 16:30 UTC Friday; 06:00 WIB on Monday is still Sunday in UTC.
    with frozen_clock(at("2026-12-04", 8)):
        application = make_application(service_code="sku")
    advance_at(application, ("confirm", at("2026-12-04", 23)))
    monday_early = datetime(2026, 12, 6, 23, 0)  # Sunday 23:00 UTC = Monday 06:00 WIB
    assert working_days_taken(application, now=monday_early) == 1


def test_overdue_only_while_waiting_at_an_officer_beyond_the_level(app, make_application,
                                                                 advance_at):
    with frozen_clock(at("2026-11-02", 8)):
        application = make_application(service_code="sku")  # level 2
    advance_at(application, ("confirm", at("2026-11-02")))      # Monday
    assert due_date(application) == date(2026, 11, 4)
    assert not is_overdue(application, now=at("2026-11-04", 15))
    assert is_overdue(application, now=at("2026-11-05"))
    advance_at(application, ("return", at("2026-11-05", 10)))
    assert not is_overdue(application, now=at("2026-11-20"))  # with the citizen


def test_daily_digest_tells_each_head_about_their_units_overdue_items(
        app, make_application, advance_at, officer):
    with frozen_clock(at("2026-11-02", 8)):
        late = make_application(service_code="sku", home="Lubuk Baja Kota")
        on_time = make_application(service_code="tdup", home="Baloi Indah")  # KC, level 7
    advance_at(late, ("confirm", at("2026-11-02")))
    advance_at(on_time, ("confirm", at("2026-11-02")))
    messages = write_overdue_digests(at("2026-11-06"))
    lurah = officer("Lubuk Baja Kota", "kepala")
    assert [(m.recipient, m.template) for m in messages] == [
        (lurah.email, "officer_overdue_digest")]
    item = messages[0].payload["items"][0]
    assert (item["reg_no"], item["working_days"], item["due_date"]) == (
        late.reg_no, 4, "2026-11-04")
    assert item["step"] == "Admin Kelurahan Lubuk Baja Kota"
    assert write_overdue_digests(at("2026-11-06", 15)) == []  # once per unit and day
    assert db.session.query(OutboxMessage).filter_by(
        template="officer_overdue_digest").count() == 1


def test_flask_sla_digest_writes_the_outbox_inline_without_redis(app, runner, make_application,
                                                                 advance_at):
    with frozen_clock(at("2026-11-02", 8)):
        late = make_application(service_code="sku")
    advance_at(late, ("confirm", at("2026-11-02")))
    result = runner.invoke(args=["sla", "digest"])
    assert result.exit_code == 0, result.output
    assert "Ringkasan terlambat ditulis: 1" in result.output
    digest = db.session.query(OutboxMessage).filter_by(template="officer_overdue_digest").one()
    assert digest.payload["items"][0]["reg_no"] == late.reg_no


def test_digest_message_templates_render(app):
    payload = {"unit": "Kelurahan Lubuk Baja Kota", "head_name": "Zulkifli", "day": "2026-11-06",
               "items": [{"reg_no": "LBK-2611-ABCDEFGH", "service": "Surat Keterangan Usaha",
                          "applicant_name": "Siti", "step": "Admin Kelurahan Lubuk Baja Kota",
                          "working_days": 4, "service_level_days": 2,
                          "due_date": "2026-11-04"}]}
    env = app.jinja_env
    subject = env.get_template("messages/officer_overdue_digest.subject.txt").render(
        **payload, base_url="http://localhost", tracking_url="")
    body = env.get_template("messages/officer_overdue_digest.txt").render(
        **payload, base_url="http://localhost", tracking_url="")
    html = env.get_template("messages/officer_overdue_digest.html").render(
        **payload, base_url="http://localhost", tracking_url="")
    assert "1 permohonan melewati batas waktu" in subject
    assert "LBK-2611-ABCDEFGH" in body and "jatuh tempo 2026-11-04" in body
    assert "<td>LBK-2611-ABCDEFGH</td>" in html


def test_rebuilding_clocks_after_a_new_holiday(app, runner, make_application, advance_at):
    with frozen_clock(at("2026-11-02", 8)):
        application = make_application(service_code="kematian")  # KL, level 1
    advance_at(application, ("confirm", at("2026-11-02")), ("approve", at("2026-11-02", 10)),
            ("approve", at("2026-11-02", 11)), ("approve", at("2026-11-02", 12)),
            ("approve", at("2026-11-04")))
    assert db.session.get(ApplicationClock, application.id).working_days == 2
    db.session.add(Holiday(day=date(2026, 11, 3), name="Cuti bersama"))
    db.session.commit()
    result = runner.invoke(args=["sla", "rebuild-clocks"])
    assert result.exit_code == 0, result.output
    stored = db.session.get(ApplicationClock, application.id)
    assert (stored.working_days, stored.within_level) == (1, True)


def test_overdue_items_are_flagged_in_the_officers_queue(make_application, advance_at, officer,
                                                         login_as):
    with frozen_clock(datetime(2026, 11, 2, 2)):
        late = make_application(service_code="kematian")  # promised in 1 working day
        fresh = make_application(service_code="sku", applicant_nik="2171060101900002")
    advance_at(late, ("confirm", datetime(2026, 11, 2, 3)))
    advance_at(fresh, ("confirm", datetime(2026, 11, 12, 3)))
    with frozen_clock(datetime(2026, 11, 12, 4)):
        html = login_as(officer("Lubuk Baja Kota", "admin")).get("/admin/data-baru/").get_data(
            as_text=True)
    late_row = html[html.index(late.reg_no):html.index(late.reg_no) + 2500]
    fresh_row = html[html.index(fresh.reg_no):html.index(fresh.reg_no) + 1500]
    assert "Lewat batas" in late_row.split("</tr>")[0]
    assert "Lewat batas" not in fresh_row.split("</tr>")[0]


def test_counted_working_days_match_a_day_by_day_count_over_two_years():
    holidays = {date(2026, 12, 25), date(2027, 1, 1), date(2027, 3, 6), date(2027, 8, 17)}
    calendar = Calendar(holidays)  # 6 March 2027 is a Saturday: it takes no day off
    paused = frozenset({date(2027, 1, 1), date(2027, 1, 4), date(2027, 1, 9), date(2027, 1, 11)})
    first = date(2026, 12, 20)
    for start in (first + timedelta(days=n) for n in range(0, 30, 3)):
        for end in (start + timedelta(days=n) for n in range(-2, 640, 11)):
            days = (start + timedelta(days=n) for n in range(1, (end - start).days + 1))
            expected = sum(1 for day in days if day.weekday() < 5 and day not in holidays
                           and day not in paused)
            assert calendar.working_days(start, end, paused) == expected, (start, end)
