"""Fair-use rules as service settings: one open application, a cooldown, a daily quota."""
import html
import threading
from datetime import date, datetime

import pytest
from flask import g

from portal.extensions import db
from portal.models import Application, DailyQuotaCounter, Holiday, Service, frozen_clock
from portal.workflow import transitions

from tests.fixtures.citizen import form_token_of, post_multipart

FRIDAY_MORNING = datetime(2026, 7, 10, 2, 0)  # 09:00 in Batam (WIB)


def _settings(code: str = "skck", **rules) -> Service:
    service = db.session.execute(db.select(Service).filter_by(code=code)).scalar_one()
    for name, value in rules.items():
        setattr(service, name, value)
    db.session.commit()
    return service


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_a_second_open_application_of_the_same_nik_is_refused_with_its_number(
        client, demo, apply_online):
    _settings(one_open_per_nik=True)
    first = apply_online(client)[1]
    response, second = apply_online(client, name="Siti Ketik Ulang")
    assert response.status_code == 200 and second is None
    page = _page(response)
    assert "belum selesai" in page and first.reg_no in page
    assert 'value="Siti Ketik Ulang"' in page  # nothing typed is lost
    assert "Berkas diterima" in page or "sudah diterima" in page


def test_a_cancelled_application_frees_the_nik_for_a_new_one(client, demo, apply_online):
    _settings(one_open_per_nik=True)
    first = apply_online(client)[1]
    transitions.perform(first.id, "cancel", transitions.CITIZEN)
    response, second = apply_online(client)
    assert response.status_code == 303 and second is not None


def test_the_cooldown_names_the_first_date_a_new_application_is_possible(
        client, demo, apply_online):
    _settings(cooldown_days=30)
    with frozen_clock(FRIDAY_MORNING):
        assert apply_online(client)[1] is not None
    with frozen_clock(datetime(2026, 8, 8, 2, 0)):
        response, refused = apply_online(client)
    assert refused is None
    assert "mulai 9 Agustus 2026" in _page(response)
    with frozen_clock(datetime(2026, 8, 9, 2, 0)):
        assert apply_online(client)[1] is not None


def test_other_niks_and_services_are_not_held_by_the_cooldown(client, demo, apply_online):
    _settings(cooldown_days=30)
    assert apply_online(client)[1] is not None
    assert apply_online(client, nik="2171064501900002")[1] is not None
    assert apply_online(client, service_code="sku")[1] is not None


def test_a_full_daily_quota_names_the_next_working_day(client, demo, apply_online):
    service = _settings(daily_quota=2)
    with frozen_clock(FRIDAY_MORNING):
        assert apply_online(client, nik="2171064501900001")[1] is not None
        assert apply_online(client, nik="2171064501900002")[1] is not None
        response, refused = apply_online(client, nik="2171064501900003")
        assert refused is None
        assert "mulai 13 Juli 2026" in _page(response)  # Monday: the weekend has no service
        other_office = apply_online(client, nik="2171064501900003", home="Batu Selicin")[1]
    assert other_office is not None
    counters = db.session.execute(db.select(DailyQuotaCounter).filter_by(
        service_id=service.id)).scalars().all()
    assert sorted(counter.used for counter in counters) == [1, 2]


def test_the_next_date_with_room_skips_the_holidays_of_the_calendar(client, demo, apply_online):
    _settings(daily_quota=1)
    db.session.add_all([Holiday(day=date(2026, 7, 13), name="Cuti bersama"),
                        Holiday(day=date(2026, 7, 14), name="Tahun Baru Islam")])
    db.session.commit()
    with frozen_clock(FRIDAY_MORNING):
        assert apply_online(client, nik="2171064501900001")[1] is not None
        response, refused = apply_online(client, nik="2171064501900002")
    assert refused is None
    assert "mulai 15 Juli 2026" in _page(response)


def test_services_without_rules_take_any_number_of_applications(client, demo, apply_online):
    for _ in range(3):
        assert apply_online(client)[1] is not None


def _race(app, citizen_form, forms: list[dict]) -> list:
    """Post the forms at the same moment from separate clients; return the responses."""
    clients = [app.test_client() for _ in forms]
    for test_client, data in zip(clients, forms):
        data["form_token"] = form_token_of(test_client.get("/layanan/skck/ajukan"))
    barrier = threading.Barrier(len(forms))
    responses = [None] * len(forms)

    def post(index):
        barrier.wait()
        responses[index] = post_multipart(clients[index], "/layanan/skck/ajukan", forms[index])

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(forms))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return responses


def test_two_submissions_at_once_cannot_both_pass_the_cooldown(
        app, postgresql_only, demo, citizen_form, apply_online):
    _settings(cooldown_days=30)
    cancelled = apply_online(app.test_client())[1]  # its lock row exists: the race is on the lock
    transitions.perform(cancelled.id, "cancel", transitions.CITIZEN)
    responses = _race(app, citizen_form, [citizen_form(), citizen_form()])
    assert sorted(r.status_code for r in responses) == [200, 303]
    refused = next(r for r in responses if r.status_code == 200)
    assert "Permohonan baru dapat diajukan mulai" in _page(refused)
    db.session.expire_all()
    assert db.session.execute(db.select(db.func.count(Application.id)).filter_by(
        status="terdaftar")).scalar_one() == 1


def test_two_submissions_at_once_cannot_both_take_the_last_quota_place(
        app, postgresql_only, demo, citizen_form, apply_online):
    _settings(daily_quota=2)
    apply_online(app.test_client(), nik="2171064501900009")  # today's counter row exists
    forms = [citizen_form(nik="2171064501900001"), citizen_form(nik="2171064501900002")]
    responses = _race(app, citizen_form, forms)
    assert sorted(r.status_code for r in responses) == [200, 303]
    refused = next(r for r in responses if r.status_code == 200)
    assert "Silakan ajukan kembali mulai" in _page(refused)
    db.session.expire_all()
    assert db.session.execute(db.select(db.func.count(Application.id))).scalar_one() == 2


# --- The Administrator sets the rules in the services editor ------------------------------

def _edit_in_console(client, login_as, administrator, code: str = "skck", **changes):
    from tests.admin_views.test_admin_services_editor import form_of, service_by_code

    login_as(administrator)
    service = service_by_code(code)
    response = client.post(f"/admin/layanan/edit/?id={service.id}",
                           data={**form_of(service), **changes})
    g.pop("_login_user", None)
    with client.session_transaction() as session:
        session.clear()  # back to an anonymous citizen
    return response


def test_the_services_editor_shows_the_fair_use_rules_in_indonesian(
        client, console, login_as, administrator):
    login_as(administrator)
    service = _settings(cooldown_days=30, daily_quota=40)
    page = _page(client.get(f"/admin/layanan/edit/?id={service.id}"))
    for label in ("Satu permohonan terbuka per NIK", "Jeda antarpermohonan per NIK",
                  "Kuota harian per kantor"):
        assert label in page
    assert 'name="cooldown_days"' in page and 'value="30"' in page and 'value="40"' in page


@pytest.mark.parametrize("changes, message", [
    ({"cooldown_days": "-1"}, "Isi dengan bilangan bulat 0 atau lebih"),
    ({"daily_quota": "-5"}, "Isi dengan bilangan bulat 0 atau lebih"),
    ({"daily_quota": "dua"}, "Isi dengan bilangan bulat, mis. 0 atau 30."),
    ({"cooldown_days": ""}, "Wajib diisi."),
])
def test_a_negative_or_non_numeric_rule_is_refused_next_to_the_field(
        client, console, login_as, administrator, changes, message):
    response = _edit_in_console(client, login_as, administrator, **changes)
    assert response.status_code == 200 and message in _page(response)
    assert "Not a valid" not in _page(response)
    service = db.session.execute(db.select(Service).filter_by(code="skck")).scalar_one()
    db.session.refresh(service)
    assert (service.cooldown_days, service.daily_quota) == (0, 0)


def test_a_quota_set_in_the_editor_holds_at_the_next_submission(
        client, console, login_as, administrator, apply_online):
    response = _edit_in_console(client, login_as, administrator, daily_quota="1")
    assert response.status_code == 302, _page(response)
    with frozen_clock(FRIDAY_MORNING):
        assert apply_online(client, nik="2171064501900001")[1] is not None
        response, refused = apply_online(client, nik="2171064501900002")
    assert refused is None and "Kuota harian" in _page(response)


@pytest.mark.parametrize("changes, refusal", [
    ({"one_open_per_nik": "y"}, "belum selesai"),
    ({"cooldown_days": "30"}, "sekali dalam 30 hari"),
])
def test_one_open_application_or_a_cooldown_set_in_the_editor_holds(
        client, console, login_as, administrator, apply_online, changes, refusal):
    response = _edit_in_console(client, login_as, administrator, **changes)
    assert response.status_code == 302, _page(response)
    assert apply_online(client)[1] is not None
    response, refused = apply_online(client)
    assert refused is None and refusal in _page(response)
