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
from portal.letters.qr import qr_png


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


def _qr_content_id(message: OutboxMessage) -> str:
    return f"qr-{message.idempotency_key}@{_message_domain()}"


def _attach_qr(email: Message, text: str, content_id: str) -> None:
    """Attach `text` as an inline QR image the HTML shows with <img src="cid:…">.

    Mail clients block data: URIs, so the image travels as a part of the email; it is
    drawn again from the payload at every delivery attempt, so nothing binary is stored.
    """
    email.attach("kode-qr.png", "image/png", qr_png(text), disposition="inline",
                 headers={"Content-ID": f"<{content_id}>"})


def render_email(message: OutboxMessage) -> Message:
    """An email with a text and an HTML body; its Message-ID is the row's idempotency key.

    A payload with `qr` (the text to encode) also carries that QR code as an inline image.
    """
    context = message_context(message)
    qr_text = context.get("qr")
    if qr_text:
        context["qr_cid"] = _qr_content_id(message)
    subject = " ".join(render_part(message.template, "subject.txt", context).split())
    email = Message(subject=subject, recipients=[message.recipient],
                    body=render_part(message.template, "txt", context),
                    html=render_part(message.template, "html", context))
    email.msgId = f"<{message.idempotency_key}@{_message_domain()}>"
    if qr_text:
        _attach_qr(email, qr_text, context["qr_cid"])
    return email


def send_email(email: Message) -> None:
    """Hand the email to the SMTP server configured for Flask-Mail."""
    mail.send(email)


CHANNELS = {"email": Channel(render=render_email, send=send_email)}
