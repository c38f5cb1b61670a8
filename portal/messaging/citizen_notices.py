"""Writes notifications into the outbox, in the caller's transaction; the relay delivers them."""
from typing import Optional

from flask_babel import force_locale

from portal.extensions import db
from portal.i18n import DEFAULT_LOCALE
from portal.models import Application, History, OutboxMessage
from portal.workflow.corrections import named_items
from portal.workflow.engine import Decision

# Transitions the citizen is told about; the value names the message template.
CITIZEN_TEMPLATES = {
    "submit": "submitted",
    "confirm": "confirmed",
    "approve": "approved",
    "return": "returned",
    "refuse": "refused",
    "resubmit": "resubmitted",
    "revise": "revised",
    "cancel": "cancelled",
    "hand_over": "handed_over",
}


def queue_message(channel: str, recipient: str, template: str, payload: dict, key: str,
                  application_id: Optional[int] = None) -> OutboxMessage:
    """Add one outbox row; `key` makes the message unique so it is delivered once."""
    message = OutboxMessage(channel=channel, recipient=recipient, template=template,
                            payload=payload, idempotency_key=key,
                            application_id=application_id)
    db.session.add(message)
    return message


def _named(application: Application, decision: Decision, history: History) -> dict:
    """Who acted and which items a return, resubmission or revision names (never values)."""
    if decision.action == "return":
        return {"who": history.acting_title,
                "items": [{"label": item.label, "reason": item.reason}
                          for item in decision.corrections]}
    if decision.action in ("resubmit", "revise"):
        with force_locale(DEFAULT_LOCALE):  # messages are written in Indonesian
            items = named_items(history, application.definition_snapshot or {})
        return {"who": history.acting_title, "items": [{"label": label} for label in items]}
    return {}


def citizen_status_listener(application: Application, decision: Decision,
                            history: History) -> None:
    """Tell the applicant about a status change of their application."""
    template = CITIZEN_TEMPLATES.get(decision.action)
    if template is None or not application.applicant_email:
        return
    if decision.to_status == "selesai":
        template = "finished"
    payload = {
        "reg_no": application.reg_no,
        "service": application.service.name,
        "status": decision.to_status,
        "status_label": decision.status_label,
        "remark": decision.remark,
        "history_id": history.id,
        **_named(application, decision, history),
    }
    queue_message("email", application.applicant_email, f"citizen_{template}", payload,
                  key=f"history-{history.id}-citizen-email", application_id=application.id)
    previous = (history.changes or {}).get("applicant_email", {}).get("before")
    if decision.action == "revise" and previous:  # the old address hears of the change too
        queue_message("email", previous, f"citizen_{template}", payload,
                      key=f"history-{history.id}-citizen-email-previous",
                      application_id=application.id)
