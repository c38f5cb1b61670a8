"""Applies workflow decisions to the database: one transaction per transition, with history."""
from typing import Callable, Optional

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from portal.workflow import engine as workflow
from portal.extensions import db
from portal.models import Application, History, Officer, ReturnedItem, Unit, utcnow
from portal.workflow.engine import Actor, Case, Correction, Decision, Stage, WorkflowError

# Called inside the transaction after the history row is flushed: listener(app, decision, history).
Listener = Callable[[Application, Decision, History], None]
LISTENERS_KEY = "layanan.transition_listeners"


def on_transition(app, listener: Listener) -> None:
    """Register a function run inside every transition's transaction (e.g. write the outbox)."""
    app.extensions.setdefault(LISTENERS_KEY, []).append(listener)


def stage_of(unit: Unit) -> Stage:
    """The workflow's view of a unit."""
    return Stage(unit_id=unit.id, unit_kind=unit.kind, unit_name=unit.name)


def stages_for(flow: str, home_unit: Unit) -> tuple[Stage, ...]:
    """The stages an application of `flow` from `home_unit` passes through."""
    parent = stage_of(home_unit.parent) if home_unit.parent is not None else None
    return workflow.resolve_stages(flow, stage_of(home_unit), parent)


def case_of(application: Application) -> Case:
    """Build the workflow case of a stored application."""
    return Case(
        status=application.status,
        stages=stages_for(application.service.flow, application.home_unit),
        stage_index=application.stage_index,
        step_index=application.step_index,
        version=application.version,
        label=application.status_label or "",
    )


def actor_for(officer: Officer, acting_prefix: str = "", as_position: Optional[str] = None) -> Actor:
    """The workflow actor of a logged-in officer (optionally standing in for another position)."""
    return Actor(
        kind="officer", officer_id=officer.id, unit_id=officer.unit_id,
        position=as_position or officer.position, name=officer.name,
        is_administrator=officer.is_administrator, acting_prefix=acting_prefix,
    )


CITIZEN = Actor(kind="citizen", name="Pemohon")
SYSTEM = Actor(kind="system", name="Sistem")


def _store_case(application: Application, decision: Decision) -> None:
    case = decision.case
    application.status = case.status
    application.status_label = decision.status_label
    application.stage_index = case.stage_index
    application.step_index = case.step_index
    pending = case.pending
    application.pending_unit_id = pending[0] if pending else None
    application.pending_step = pending[1] if pending else None
    application.final_unit_id = case.final_stage.unit_id
    now = utcnow()
    if case.status == "konfirmasi" and application.confirmed_at is None:
        application.confirmed_at = now
    if case.status == "selesai":
        application.finished_at = now


def _history_row(application: Application, decision: Decision, actor: Actor,
                 changes: Optional[dict], internal_note: str) -> History:
    return History(
        application_id=application.id, officer_id=actor.officer_id, actor_kind=actor.kind,
        actor_name=actor.name, position=decision.position,
        position_title=decision.position_title, unit_id=decision.unit_id,
        action=decision.action, remark=decision.remark, from_status=decision.from_status,
        to_status=decision.to_status, status_label=decision.event_label, changes=changes,
        internal_note=internal_note.strip() or None,
        returned_items=[ReturnedItem(item_key=item.key, label=item.label,
                                     reason=item.reason.strip())
                        for item in decision.corrections],
    )


def load_for_update(application_id: int) -> Application:
    """Load an application with a row lock (PostgreSQL/MariaDB), fresh from the database."""
    query = (select(Application).where(Application.id == application_id)
             .with_for_update().execution_options(populate_existing=True))
    application = db.session.execute(query).scalar_one_or_none()
    if application is None:
        raise LookupError(f"application {application_id} not found")
    return application


def _finish(application: Application, decision: Decision, actor: Actor,
            changes: Optional[dict], internal_note: str = "") -> History:
    _store_case(application, decision)
    history = _history_row(application, decision, actor, changes, internal_note)
    db.session.add(history)
    db.session.flush()
    for listener in current_app.extensions.get(LISTENERS_KEY, []):
        listener(application, decision, history)
    db.session.commit()
    return history


def register(application: Application, vouched: bool = False,
             actor: Optional[Actor] = None) -> History:
    """Store a new application (already added to the session) as Terdaftar, with history.

    `vouched`: submitted from a logged-in, verified citizen account, so it skips the
    confirmation link and waits at once for the first officer (Konfirmasi). `actor`: the
    officer who took it in at the counter (it skips the link too); None for the citizen.
    Everything the caller added to the session (e.g. its documents) commits with it.
    """
    try:
        application.status = "terdaftar"
        db.session.add(application)
        db.session.flush()
        stages = stages_for(application.service.flow, application.home_unit)
        at_counter = actor is not None and actor.kind == "officer"
        decision = workflow.submit(stages, vouched=vouched, at_counter=at_counter)
        return _finish(application, decision, actor or CITIZEN, None)
    except BaseException:
        db.session.rollback()
        raise


def perform(application_id: int, action: str, actor: Actor, *,
            expected_version: Optional[int] = None, remark: str = "",
            changes: Optional[dict] = None, apply_changes: Optional[Callable] = None,
            corrections: tuple[Correction, ...] = (), internal_note: str = "") -> History:
    """Perform one workflow transition in one transaction and return its history row.

    This is the only function that changes an application's status. `apply_changes`
    (for revisions and resubmissions) edits the row inside the same transaction;
    `corrections` (for a return) and `internal_note` (officers only) are stored with the
    history row. On any error nothing is kept; a concurrent decision surfaces as
    WorkflowError('stale').
    """
    try:
        application = load_for_update(application_id)
        decision = workflow.decide(case_of(application), action, actor,
                                   expected_version=expected_version, remark=remark,
                                   corrections=corrections)
        if apply_changes is not None:
            apply_changes(application)
        history = _finish(application, decision, actor, changes, internal_note)
    except StaleDataError:
        db.session.rollback()
        raise WorkflowError("stale") from None
    except BaseException:
        db.session.rollback()
        raise
    return history
