"""Fewer, better notices: the citizen hears of the milestones, on the channels they chose.

One KLKC application used to send the citizen 10 emails before the letter was ready (7 of
them a plain "Disetujui") and an 11th at hand-over. Now: received (with the confirmation
link), "sedang diproses di Kecamatan …" when the case changes unit, the letter ready (only
once it exists) and handed over, plus returned and refused when they happen.
"""
import pytest

from portal.citizens import accounts
from portal.extensions import db
from portal.letters.issuing import hand_over
from portal.messaging.channels.whatsapp_text import text
from portal.models import OutboxMessage
from portal.workflow import transitions

KLKC = "pindah-antar-kecamatan"
STORY_NOTICES = ["citizen_submitted", "citizen_in_process", "citizen_letter_ready",
                 "citizen_handed_over"]


@pytest.fixture
def app(whatsapp_app):
    """The app under test has the `log` WhatsApp driver, as `make run`."""
    return whatsapp_app("log")


def notices(channel=None):
    db.session.expire_all()
    query = db.select(OutboxMessage).where(OutboxMessage.template.like("citizen_%"))
    if channel:
        query = query.filter_by(channel=channel)
    return db.session.execute(query.order_by(OutboxMessage.id)).scalars().all()


@pytest.fixture
def klkc_story(finish_application, print_letter, officer):
    """A KLKC application from submission to hand-over; returns it."""
    def run(**applicant):
        application = finish_application(KLKC, **applicant)
        assert "citizen_letter_ready" not in [m.template for m in notices()]  # not at Selesai
        letter = print_letter(application)
        assert letter.render_status == "ready"
        hand_over(application.id, officer("Lubuk Baja", "admin"), "Siti Rahmawati",
                  application.version)
        return application
    return run


def test_the_klkc_story_sends_four_whatsapp_notices_and_no_email(klkc_story, inbox):
    application = klkc_story()
    whatsapp = notices("whatsapp")
    assert [m.template for m in whatsapp] == STORY_NOTICES
    assert all(m.recipient == "+6281234567890" and m.delivery_status == "delivered"
               for m in whatsapp)
    assert notices("email") == [] and inbox.to("siti@contoh.id") == []
    moved = text(whatsapp[1])
    assert application.reg_no in moved and "sedang diproses di Kecamatan Lubuk Baja" in moved
    ready = text(whatsapp[2])
    assert "sudah jadi" in ready and "Kecamatan Lubuk Baja" in ready


def test_a_citizen_who_chose_email_gets_the_same_four_emails(klkc_story, inbox):
    klkc_story(notify_channel="email")
    emails = notices("email")
    assert [m.template for m in emails] == STORY_NOTICES
    assert {m.fallback_reason for m in emails} == {"no_opt_in"}
    subjects = [mail["Subject"] for mail in inbox.wait_for_to("siti@contoh.id", 4)]
    assert len(subjects) == 4 and "sedang diproses di Kecamatan Lubuk Baja" in subjects[1]
    assert "selesai, surat siap" in subjects[2]


def test_both_channels_send_each_notice_once_on_each(klkc_story, inbox):
    klkc_story(notify_channel="both")
    assert [m.template for m in notices("whatsapp")] == STORY_NOTICES
    assert [m.template for m in notices("email")] == STORY_NOTICES
    assert len(inbox.wait_for_to("siti@contoh.id", 4)) == 4


def test_a_citizen_who_asked_for_every_step_hears_of_each_approval(klkc_story):
    klkc_story(notify_every_step=True)
    templates = [m.template for m in notices("whatsapp")]
    assert templates == (["citizen_submitted", "citizen_confirmed"] + ["citizen_approved"] * 3
                         + ["citizen_in_process"] + ["citizen_approved"] * 4
                         + ["citizen_letter_ready", "citizen_handed_over"])


def test_returned_and_refused_are_milestones_the_resubmission_is_not(make_application, officer):
    application = make_application(KLKC)
    transitions.perform(application.id, "confirm", transitions.CITIZEN)
    admin = transitions.actor_for(officer("Lubuk Baja Kota", "admin"))
    transitions.perform(application.id, "return", admin, expected_version=application.version,
                        remark="Foto KTP buram")
    transitions.perform(application.id, "resubmit", transitions.CITIZEN)
    while application.pending_step != "kepala":
        approver = officer("Lubuk Baja Kota", application.pending_step)
        transitions.perform(application.id, "approve", transitions.actor_for(approver),
                            expected_version=application.version)
    transitions.perform(application.id, "refuse",
                        transitions.actor_for(officer("Lubuk Baja Kota", "kepala")),
                        expected_version=application.version, remark="Bukan warga wilayah ini")
    whatsapp = notices("whatsapp")
    assert [m.template for m in whatsapp] == ["citizen_submitted", "citizen_returned",
                                              "citizen_refused"]
    assert "/perbaikan/" in text(whatsapp[1]) and "Foto KTP buram" in text(whatsapp[1])
    assert "Bukan warga wilayah ini" in text(whatsapp[2])


def test_a_cancellation_by_the_system_is_told_one_by_the_citizen_is_not(make_application):
    by_system = make_application(KLKC)
    transitions.perform(by_system.id, "cancel", transitions.SYSTEM, remark="Tidak dikonfirmasi")
    by_citizen = make_application(KLKC, applicant_nik="2171064501900002")
    transitions.perform(by_citizen.id, "cancel", transitions.CITIZEN)
    cancelled = [m for m in notices() if m.template == "citizen_cancelled"]
    assert [m.application_id for m in cancelled] == [by_system.id]


def test_account_activation_and_refusal_reach_the_citizen_on_whatsapp(
        citizen_account, officer, inbox):
    admin = officer("Lubuk Baja Kota", "admin")
    activated = citizen_account(status="waiting")
    refused = citizen_account(status="waiting", nik="2171064501900002", phone="+6281399990000",
                              email="rudi@contoh.id")
    accounts.activate(activated, admin)
    accounts.refuse(refused, admin, "Foto KTP tidak terbaca")
    rows = notices()
    assert [(m.channel, m.recipient, m.template) for m in rows] == [
        ("whatsapp", "+6281234567890", "citizen_account_activated"),
        ("whatsapp", "+6281399990000", "citizen_account_refused")]
    assert "/akun/masuk" in text(rows[0]) and "Foto KTP tidak terbaca" in text(rows[1])
    assert inbox.to("siti@contoh.id") == [] and inbox.to("rudi@contoh.id") == []
