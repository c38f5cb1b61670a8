"""The email driver: a text and HTML email through the SMTP server configured for Flask-Mail."""
from urllib.parse import urlsplit

from flask import current_app
from flask_mail import Message

from portal.extensions import mail
from portal.letters.qr import qr_png
from portal.messaging.channels import Driver, Receipt, message_context, render_part
from portal.models import OutboxMessage


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


def send(message: OutboxMessage) -> Receipt:
    """Hand the email to the SMTP server; all we ever learn is that it took it ('sent').

    Any error (server down, refused) raises as it is: the relay retries it later.
    """
    email = render_email(message)
    mail.send(email)
    return Receipt(provider="smtp", message_ids=(email.msgId,), status="sent")


DRIVER = Driver(name="email", send=send)
