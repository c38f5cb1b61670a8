"""Which workflow transitions the citizen hears about: the milestones, not every approval.

A citizen is told what they act on or wait for: the application received (with the
confirmation step, unless it came from a verified account), returned for correction (with
the items to correct), their data changed by the Admin (the fields named, never the values),
refused, cancelled by the system, handed over (or sent by post, with its tracking number)
and, when the case moves to another unit, "sedang diproses di Kecamatan …". The letter's "finished" notice waits for the letter
itself (`citizen_notices.notify_letter_ready`). A citizen who asked for every step also
hears of each approval and of what they did themselves.
"""
from typing import Optional

from flask_babel import force_locale

from portal.i18n import DEFAULT_LOCALE
from portal.letters.postal import dispatched
from portal.messaging.citizen_notices import notify_applicant, queue_message
from portal.models import Application, History
from portal.workflow.corrections import named_items
from portal.workflow.engine import Decision

# Transitions every citizen hears about: action -> notice template.
MILESTONES = {"return": "citizen_returned", "refuse": "citizen_refused",
              "revise": "citizen_revised", "hand_over": "citizen_handed_over"}
# Heard about when the system did it (the citizen did not see it happen).
SYSTEM_MILESTONES = {"cancel": "citizen_cancelled"}
# Heard about only by citizens who asked for every step.
EVERY_STEP = {"confirm": "citizen_confirmed", "approve": "citizen_approved",
              "resubmit": "citizen_resubmitted", "cancel": "citizen_cancelled"}
# The submission's notice: waiting for the confirmation link, or already in the queue.
SUBMITTED = {"terdaftar": "citizen_submitted", "konfirmasi": "citizen_received"}
UNIT_CHANGED = "citizen_in_process"
# A hand-over that sent the letter by post or courier: the notice carries the tracking number.
DISPATCHED = "citizen_dispatched"


def changes_unit(decision: Decision) -> bool:
    """True for an approval that hands the case to the next unit's stage."""
    pending = decision.case.pending
    return decision.action == "approve" and pending is not None and pending[0] != decision.unit_id


def notice_template(application: Application, decision: Decision,
                    history: History) -> Optional[str]:
    """The notice a transition sends the citizen, or None."""
    if decision.action == "submit":
        return SUBMITTED.get(decision.to_status)
    if changes_unit(decision):
        return UNIT_CHANGED
    if decision.action == "hand_over" and dispatched(application.id) is not None:
        return DISPATCHED
    template = MILESTONES.get(decision.action)
    if template is None and history.actor_kind == "system":
        template = SYSTEM_MILESTONES.get(decision.action)
    if template is None and application.notify_every_step:
        template = EVERY_STEP.get(decision.action)
    return template


def notice_key(history: History) -> str:
    """The key of the notice a history row causes (its rows add the channel)."""
    return f"history-{history.id}-citizen"


def named(application: Application, decision: Decision, history: History) -> dict:
    """Who acted and which items a return, resubmission or revision names (never values)."""
    if decision.action == "return":
        return {"who": history.acting_title,
                "items": [{"label": item.label, "reason": item.reason}
                          for item in decision.corrections]}
    delivery = dispatched(application.id) if decision.action == "hand_over" else None
    if delivery is not None:
        return {"courier": delivery.courier, "tracking_number": delivery.tracking_number}
    if decision.action in ("resubmit", "revise"):
        with force_locale(DEFAULT_LOCALE):  # messages are written in Indonesian
            items = named_items(history, application.definition_snapshot or {})
        return {"who": history.acting_title, "items": [{"label": label} for label in items]}
    return {}


def citizen_status_listener(application: Application, decision: Decision,
                            history: History) -> None:
    """Tell the applicant about a milestone of their application."""
    template = notice_template(application, decision, history)
    if template is None:
        return
    payload = {
        "reg_no": application.reg_no,
        "service": application.service.name,
        "status": decision.to_status,
        "status_label": decision.status_label,
        "remark": decision.remark,
        "unit": decision.case.stage.unit_title,
        "history_id": history.id,
        **named(application, decision, history),
    }
    notify_applicant(application, template, payload, notice_key(history))
    previous = (history.changes or {}).get("applicant_email", {}).get("before")
    if decision.action == "revise" and previous:  # the old address hears of the change too
        queue_message("email", previous, template, payload,
                      key=f"{notice_key(history)}-previous-email", application_id=application.id)
