"""Every status change is one transaction with its history row and its notification."""
import threading

import pytest
from sqlalchemy.exc import IntegrityError

from portal.workflow import transitions
from portal.extensions import db
from portal.models import Application, History, OutboxMessage
from portal.workflow.engine import WorkflowError


def history_of(application_id):
    return db.session.execute(db.select(History).filter_by(application_id=application_id)
                              .order_by(History.id)).scalars().all()


def outbox_of(application_id):
    return db.session.execute(db.select(OutboxMessage).filter_by(application_id=application_id)
                              .order_by(OutboxMessage.id)).scalars().all()


def test_submission_is_registered_with_history_and_a_message(make_application):
    application = make_application()
    assert application.status == "terdaftar" and application.status_label == "Terdaftar"
    assert [(h.action, h.to_status) for h in history_of(application.id)] == [("submit", "terdaftar")]
    assert [m.template for m in outbox_of(application.id)] == ["citizen_submitted"]


def test_an_approval_moves_the_queue_and_records_who_decided(make_application, officer):
    application = make_application(home="Lubuk Baja Kota", notify_every_step=True)
    transitions.perform(application.id, "confirm", transitions.SYSTEM)
    admin = officer("Lubuk Baja Kota", "admin")
    assert (application.pending_unit_id, application.pending_step) == (admin.unit_id, "admin")
    version = application.version
    transitions.perform(application.id, "approve", transitions.actor_for(admin),
                        expected_version=version)
    db.session.expire_all()
    stored = db.session.get(Application, application.id)
    assert stored.version == version + 1
    assert (stored.pending_unit_id, stored.pending_step) == (admin.unit_id, "kasi")
    assert stored.status_label == "Disetujui Admin Kelurahan Lubuk Baja Kota"
    last = history_of(application.id)[-1]
    assert (last.officer_id, last.position_title, last.unit_id, last.action) == (
        admin.id, "Admin Kelurahan", admin.unit_id, "approve")
    assert "citizen_approved" in [m.template for m in outbox_of(application.id)]


def test_a_stale_decision_changes_nothing(make_application, officer):
    application = make_application()
    transitions.perform(application.id, "confirm", transitions.SYSTEM)
    actor = transitions.actor_for(officer("Lubuk Baja Kota", "admin"))
    with pytest.raises(WorkflowError) as refused:
        transitions.perform(application.id, "approve", actor,
                            expected_version=application.version - 1)
    assert refused.value.code == "stale"
    db.session.expire_all()
    assert db.session.get(Application, application.id).pending_step == "admin"
    assert len(history_of(application.id)) == 2


def test_a_failure_inside_the_transaction_rolls_everything_back(app, make_application, officer):
    application = make_application()
    transitions.perform(application.id, "confirm", transitions.SYSTEM)
    before = (application.version, len(history_of(application.id)), len(outbox_of(application.id)))

    def broken_listener(application, decision, history):
        raise RuntimeError("outbox insert failed")

    transitions.on_transition(app, broken_listener)
    actor = transitions.actor_for(officer("Lubuk Baja Kota", "admin"))
    with pytest.raises(RuntimeError):
        transitions.perform(application.id, "approve", actor, expected_version=before[0])
    db.session.expire_all()
    stored = db.session.get(Application, application.id)
    assert (stored.version, len(history_of(stored.id)), len(outbox_of(stored.id))) == before
    assert stored.status == "konfirmasi" and stored.pending_step == "admin"


def test_history_rows_cannot_be_changed_or_deleted(make_application):
    row = history_of(make_application().id)[0]
    row.remark = "rewritten"
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(History, row.id))
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.commit()
    db.session.rollback()


def test_one_message_per_history_row(make_application):
    application = make_application()
    first = outbox_of(application.id)[0]
    db.session.add(OutboxMessage(recipient="x@contoh.id", template="citizen_submitted",
                                 idempotency_key=first.idempotency_key))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_two_officers_deciding_at_once_only_one_wins(app, postgresql_only, make_application,
                                                     officer):
    application = make_application()
    transitions.perform(application.id, "confirm", transitions.SYSTEM)
    actor = transitions.actor_for(officer("Lubuk Baja Kota", "admin"))
    version, app_id = application.version, application.id
    barrier, outcomes = threading.Barrier(2), []

    def decide(action, remark):
        with app.app_context():
            barrier.wait()
            try:
                transitions.perform(app_id, action, actor, expected_version=version, remark=remark)
                outcomes.append("ok")
            except WorkflowError as error:
                outcomes.append(error.code)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=decide, args=("approve", "")),
               threading.Thread(target=decide, args=("return", "KK tidak jelas"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "stale"]
    db.session.expire_all()
    decisions = [h for h in history_of(app_id) if h.officer_id is not None]
    assert len(decisions) == 1
