"""Fonnte, the Indonesian WhatsApp gateway: a form POST out, status callbacks in.

The office's device token goes in the `Authorization` header; the text is sent as it is
(Fonnte needs no templates). The answer names one message id per target. Fonnte signs
nothing, so its callbacks come to a path carrying an unguessable secret
(`WA_FONNTE_WEBHOOK_SECRET`). A callback names the message by `id`, and later state changes
sometimes only by `stateid`, which we remember from the first callback naming both.
"""
import hmac
import json
from typing import Optional

from flask import current_app

from portal.messaging.channels import Driver, Receipt, SendFailure, StatusEvent
from portal.messaging.channels.http import failure_for_status, json_of, post
from portal.messaging.channels.whatsapp_text import text
from portal.models import OutboxMessage

NAME = "wa_fonnte"
COUNTRY_CODE = "62"
# Fonnte's message `status` (its processing) and `state` (WhatsApp's ticks) -> ours.
# Pending, waiting and processing say nothing new: the message is still with Fonnte.
PROCESS_STATUSES = {"sent": "sent", "invalid": "failed", "expired": "failed",
                    "url unreachable": "failed", "failed": "failed"}
MESSAGE_STATES = {"server": "sent", "sent": "sent", "delivery": "delivered",
                  "delivered": "delivered", "received": "delivered", "read": "read",
                  "played": "read", "failed": "failed"}
# Refusals that a later try cannot mend: a number not on WhatsApp, an expired device or
# package, a wrong token. Anything else (a disconnected device, no quota left) may pass.
PERMANENT_REASONS = ("target invalid", "invalid target", "expired", "invalid token",
                     "token invalid", "unauthorized")


def _refusal(reason: str) -> SendFailure:
    permanent = any(words in reason.lower() for words in PERMANENT_REASONS)
    return SendFailure("permanent" if permanent else "temporary", f"Fonnte: {reason}"[:500], NAME)


def request_form(message: OutboxMessage) -> dict:
    """The form fields of one message to one target."""
    return {"target": message.recipient.lstrip("+"), "message": text(message),
            "countryCode": COUNTRY_CODE}


def send(message: OutboxMessage) -> Receipt:
    """Send one text; Fonnte answers 200 with `status: false` and a reason when it refuses."""
    config = current_app.config
    response = post(NAME, f"{config['WA_FONNTE_BASE_URL'].rstrip('/')}/send",
                    data=request_form(message),
                    headers={"Authorization": config["WA_FONNTE_TOKEN"]})
    data = json_of(response)
    if response.status_code >= 300:
        raise failure_for_status(NAME, response, str(data.get("reason") or response.text[:200]))
    if data.get("status") is not True:
        raise _refusal(str(data.get("reason") or "no reason given"))
    ids = data.get("id") or []
    ids = ids if isinstance(ids, list) else [ids]
    return Receipt(provider=NAME, message_ids=tuple(str(value) for value in ids), status="accepted")


def secret_matches(given: str) -> bool:
    """True when the callback path carries our configured secret (compared in constant time)."""
    secret = current_app.config.get("WA_FONNTE_WEBHOOK_SECRET") or ""
    return bool(secret) and hmac.compare_digest(secret.encode(), (given or "").encode())


def _event(status: Optional[str], data: dict, table: dict) -> Optional[StatusEvent]:
    ours = table.get(str(status or "").strip().lower())
    if ours is None:
        return None
    message_id = str(data["id"]) if data.get("id") not in (None, "") else None
    reference = str(data["stateid"]) if data.get("stateid") not in (None, "") else None
    if message_id is None and reference is None:
        return None
    return StatusEvent(provider=NAME, status=ours, provider_message_id=message_id,
                       provider_ref=reference, error=str(data.get("reason") or "")[:255])


def parse_callback(raw_body: bytes) -> list[StatusEvent]:
    """The statuses in one Fonnte callback: its processing status, then WhatsApp's state."""
    data = json.loads(raw_body)
    if not isinstance(data, dict):
        return []
    found = (_event(data.get("status"), data, PROCESS_STATUSES),
             _event(data.get("state"), data, MESSAGE_STATES))
    return [event for event in found if event is not None]


DRIVER = Driver(name=NAME, send=send, parse_callback=parse_callback)
