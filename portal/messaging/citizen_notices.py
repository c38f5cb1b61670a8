"""Writes notifications into the outbox, in the caller's transaction; the relay delivers them."""
from typing import Optional

from portal.extensions import db
from portal.models import Application, History, OutboxMessage
from portal.workflow.engine import Decision

# Transitions the citizen is told about; the value names the message template.
CITIZEN_TEMPLATES = {
    "submit": "submitted",
    "confirm": "confirmed",
    "approve": "approved",
    "return": "returned",
    "refuse": "refused",
    "resubmit": "resubmitted",
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
    }
    queue_message("email", application.applicant_email, f"citizen_{template}", payload,
                  key=f"history-{history.id}-citizen-email", application_id=application.id)
