"""Writes notifications into the outbox, in the caller's transaction; the relay delivers them."""
from typing import Optional

from flask_babel import force_locale

from portal.citizens.secret_links import issue_token
from portal.extensions import db
from portal.i18n import DEFAULT_LOCALE
from portal.messaging.channels import public_url
from portal.models import Application, History, Letter, OutboxMessage
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
    # The last approval says nothing yet: notify_letter_ready speaks once the letter exists.
    if template is None or not application.applicant_email or decision.to_status == "selesai":
        return
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


def notify_letter_ready(letter: Letter) -> None:
    """Tell the applicant their letter exists: with a personal download link where allowed.

    Called in the transaction that stores the letter's final (signed) PDF. The link carries a
    fresh secret of the application (`/surat/unduh/<secret>`), so it works without an account.
    """
    application = letter.application
    if application is None or not application.applicant_email:
        return
    payload = {"reg_no": application.reg_no, "service": application.service.name,
               "status_label": application.status_label, "number": letter.number,
               "office": letter.unit.title, "signed": letter.is_signed, "download_url": ""}
    if application.service.allow_citizen_download:
        payload["download_url"] = public_url("verification.citizen_download",
                                             secret=issue_token(application))
    queue_message("email", application.applicant_email, "citizen_letter_ready", payload,
                  key=f"letter-{letter.id}-ready", application_id=application.id)
