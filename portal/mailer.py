"""Outbox messages per channel: one renderer and one sender each (email now, WhatsApp next).

An outbox row only names its channel, recipient, template and payload; the channel turns
it into something it can send. Templates live in `templates/messages/` (see its README).
"""
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_mail import Message

from portal.extensions import mail
from portal.models import OutboxMessage


@dataclass(frozen=True)
class Channel:
    """How one channel renders an outbox row and sends the result."""

    render: Callable[[OutboxMessage], Any]
    send: Callable[[Any], None]


def public_url(endpoint: str, **values) -> str:
    """An absolute URL on the public site, built without a request (for messages and jobs)."""
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/",
                                       url_scheme=base.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)


def message_context(message: OutboxMessage) -> dict:
    """Variables of a message template: the payload plus the links every message may use."""
    payload = dict(message.payload or {})
    context = {**payload, "base_url": public_url("public.catalogue"), "public_url": public_url}
    if payload.get("reg_no"):
        context["tracking_url"] = public_url("public.track", no=payload["reg_no"])
    return context


def render_part(template: str, part: str, context: dict) -> str:
    """Render one part (subject.txt, txt, html) of a message template."""
    return render_template(f"messages/{template}.{part}", **context)


def _message_domain() -> str:
    return urlsplit(current_app.config["PUBLIC_BASE_URL"]).hostname or "localhost"


def render_email(message: OutboxMessage) -> Message:
    """An email with a text and an HTML body; its Message-ID is the row's idempotency key."""
    context = message_context(message)
    subject = " ".join(render_part(message.template, "subject.txt", context).split())
    email = Message(subject=subject, recipients=[message.recipient],
                    body=render_part(message.template, "txt", context),
                    html=render_part(message.template, "html", context))
    email.msgId = f"<{message.idempotency_key}@{_message_domain()}>"
    return email


def send_email(email: Message) -> None:
    """Hand the email to the SMTP server configured for Flask-Mail."""
    mail.send(email)


CHANNELS = {"email": Channel(render=render_email, send=send_email)}
