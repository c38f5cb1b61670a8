"""Acceptance: officers hear about new work at once (with a deep link) or in a daily digest."""
from datetime import date

from portal.extensions import db
from portal.models import OutboxMessage
from portal.messaging.officer_notices import queue_digests


def officer_mail(template="officer_new_work"):
    return db.session.execute(db.select(OutboxMessage).filter_by(template=template)
                              .order_by(OutboxMessage.id)).scalars().all()


def test_the_officers_of_the_next_step_get_an_email_with_a_deep_link(
        make_application, advance, officer, login_as):
    application = advance(make_application("sku"))
    admin = officer("Lubuk Baja Kota", "admin")
    [message] = officer_mail()
    assert message.recipient == admin.email and message.payload["reg_no"] == application.reg_no
    assert message.payload["link"] == f"http://localhost/admin/data-baru/details/?id={application.id}"
    browser = login_as(admin)
    assert browser.get(message.payload["link"].replace("http://localhost", "")).status_code == 200
    advance(application, approvals=1)
    assert officer_mail()[-1].recipient == officer("Lubuk Baja Kota", "kasi").email


def test_digest_officers_get_one_summary_a_day_instead(make_application, advance, officer, runner):
    admin = officer("Lubuk Baja Kota", "admin")
    admin.notify_mode = "digest"
    db.session.commit()
    first = advance(make_application("sku"))
    second = advance(make_application("kk-perubahan"))
    assert officer_mail() == []
    assert queue_digests(date(2026, 11, 20)) == 1
    assert queue_digests(date(2026, 11, 20)) == 0
    [digest] = officer_mail("officer_digest")
    assert digest.recipient == admin.email and digest.payload["count"] == 2
    assert {item["reg_no"] for item in digest.payload["items"]} == {first.reg_no, second.reg_no}
    result = runner.invoke(args=["officer-digest"])
    assert result.exit_code == 0 and "Digest ditulis: 1" in result.output


def test_officer_message_templates_exist_for_every_part(app):
    for template in ("officer_new_work", "officer_digest"):
        for part in ("subject.txt", "txt", "html"):
            app.jinja_env.get_template(f"messages/{template}.{part}")
