"""Citizen notices, written into the outbox in the caller's transaction on the citizen's channels.

`notify` is the one way to tell a citizen something: it takes the notice's template name and
the citizen's contact (`contact_of_application`, `contact_of_account`) and writes one row per
channel the citizen chose: WhatsApp (with email as its fallback), email, or both. A notice
with no WhatsApp body, or with WhatsApp not configured, goes by email; a citizen who chose
WhatsApp but gave no number gets the email with the reason recorded. `queue_message` writes
one row on one channel (officers' mail, and what must go to an email address).
"""
from dataclasses import dataclass
from typing import Optional

from portal.citizens.secret_links import DOWNLOAD, issue_token
from portal.extensions import db
from portal.messaging.channels import public_url, whatsapp_enabled
from portal.messaging.channels.whatsapp_text import WHATSAPP_NOTICES
from portal.messaging.fallback import email_key
from portal.models import Application, CitizenAccount, Letter, OutboxMessage

# Row key suffix per channel (a notice's email row key is also its fallback's key).
CHANNEL_SUFFIX = {"whatsapp": "wa"}


@dataclass(frozen=True)
class Contact:
    """Where and how a citizen wants to hear from us."""

    email: str
    phone: str
    channel: str  # wa, email or both (portal.models.application.NOTIFY_CHANNELS)


def contact_of_application(application: Application) -> Contact:
    """The contact the applicant gave on the form."""
    return Contact(application.applicant_email or "", application.applicant_phone or "",
                   application.notify_channel or "email")


def contact_of_account(account: CitizenAccount) -> Contact:
    """The contact of a citizen's account."""
    return Contact(account.email or "", account.phone or "", account.notify_channel or "email")


def queue_message(channel: str, recipient: str, template: str, payload: dict, key: str,
                  application_id: Optional[int] = None, **columns) -> OutboxMessage:
    """Add one outbox row; `key` makes the message unique so it is delivered once."""
    message = OutboxMessage(channel=channel, recipient=recipient, template=template,
                            payload=payload, idempotency_key=key,
                            application_id=application_id, **columns)
    db.session.add(message)
    return message


def routes(contact: Contact, template: str) -> list[tuple[str, str, str]]:
    """(channel, recipient, why email went instead of WhatsApp) for each row of a notice."""
    if not (whatsapp_enabled() and template in WHATSAPP_NOTICES):
        return [("email", contact.email, "")]
    if not contact.phone:
        return [("email", contact.email, "no_number")]
    if contact.channel == "email":
        return [("email", contact.email, "no_opt_in")]
    rows = [("whatsapp", contact.phone, "")]
    if contact.channel == "both":
        rows.append(("email", contact.email, ""))
    return rows


def row_key(notice_key: str, channel: str) -> str:
    """The idempotency key of a notice's row on one channel."""
    if channel == "email":
        return email_key(notice_key)
    return f"{notice_key}-{CHANNEL_SUFFIX[channel]}"


def notify(contact: Contact, template: str, payload: dict, key: str,
           application_id: Optional[int] = None) -> list[OutboxMessage]:
    """Write one notice on the citizen's channels; `key` names the notice (once per key)."""
    rows = []
    for channel, recipient, reason in routes(contact, template):
        if not recipient:
            continue
        fallback = contact.email if channel == "whatsapp" else ""
        rows.append(queue_message(channel, recipient, template, dict(payload),
                                  row_key(key, channel), application_id, notice_key=key,
                                  fallback_recipient=fallback, fallback_reason=reason))
    return rows


def notify_applicant(application: Application, template: str, payload: dict,
                     key: str) -> list[OutboxMessage]:
    """Write one notice about an application to its applicant."""
    return notify(contact_of_application(application), template, payload, key, application.id)


def notify_account(account: CitizenAccount, template: str, payload: dict,
                   key: str) -> list[OutboxMessage]:
    """Write one notice about a citizen's account to its holder."""
    return notify(contact_of_account(account), template, payload, key)


def notice_exists(key: str) -> bool:
    """True when a notice with this key was already written (any channel)."""
    return db.session.execute(db.select(OutboxMessage.id).filter_by(notice_key=key)
                              .limit(1)).first() is not None


def notify_letter_ready(letter: Letter) -> list[OutboxMessage]:
    """Tell the applicant the letter exists (its final, signed PDF stored), once per letter.

    Called by the letter job right after the PDF is stored (the caller commits). Where the
    service allows it, the notice carries a personal download link: a fresh secret of the
    application (`/surat/unduh/<secret>`), so it works without an account; without it the
    notice says where to collect the letter.
    """
    application = letter.application
    key = f"letter-{letter.id}-ready"
    if application is None or notice_exists(key):
        return []
    payload = {"reg_no": application.reg_no, "service": application.service.name,
               "status": application.status, "status_label": application.status_label,
               "number": letter.number, "office": letter.unit.title,
               "signed": letter.is_signed, "download_url": ""}
    if application.service.allow_citizen_download:
        payload["download_url"] = public_url("verification.citizen_download",
                                             secret=issue_token(application, DOWNLOAD))
    return notify_applicant(application, "citizen_letter_ready", payload, key)
