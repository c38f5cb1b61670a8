"""Meta's WhatsApp Business Cloud API: template messages out, signed status callbacks in.

A message is a template (`type: template`, the office's language, the body parameters in
order) sent from the office's phone-number id with its access token. Our outbox id travels
as `biz_opaque_callback_data`, so a status callback finds its row even when the send's own
answer never arrived. Callbacks are signed: `X-Hub-Signature-256` is the HMAC-SHA256 of
the raw body with the app secret.
"""
import hashlib
import hmac
import json
import logging
from datetime import datetime, timezone
from typing import Optional

from flask import current_app

from portal.messaging.channels import Driver, Receipt, SendFailure, StatusEvent
from portal.messaging.channels.http import failure_for_status, json_of, post
from portal.messaging.channels.whatsapp_text import parameters
from portal.models import OutboxMessage

log = logging.getLogger(__name__)

NAME = "wa_cloud"
OPAQUE_PREFIX = "layanan-outbox-"
# Meta's message statuses -> ours (others, e.g. "deleted", are not about delivery).
STATUSES = {"sent": "sent", "delivered": "delivered", "read": "read", "failed": "failed"}
# Error codes worth another try later (rate limits, Meta's own trouble); any other 4xx,
# such as 131026 (not a WhatsApp number) or 132001 (template missing), will not pass later.
TEMPORARY_ERRORS = frozenset({4, 80007, 130429, 131000, 131016, 131048, 131056, 133004})


def template_name(template: str) -> str:
    """The office's name at Meta for one of our notices (configurable, default the same)."""
    return (current_app.config.get("WA_CLOUD_TEMPLATES") or {}).get(template, template)


def request_body(message: OutboxMessage) -> dict:
    """The JSON body of a template message for this row."""
    values = [{"type": "text", "text": value} for value in parameters(message)]
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": message.recipient.lstrip("+"),
        "type": "template",
        "template": {
            "name": template_name(message.template),
            "language": {"code": current_app.config["WA_CLOUD_TEMPLATE_LANGUAGE"]},
            "components": [{"type": "body", "parameters": values}],
        },
        "biz_opaque_callback_data": f"{OPAQUE_PREFIX}{message.id}",
    }


def _messages_url() -> str:
    config = current_app.config
    base = config["WA_CLOUD_BASE_URL"].rstrip("/")
    return f"{base}/{config['WA_CLOUD_PHONE_NUMBER_ID']}/messages"


def _error_failure(response, error: dict) -> SendFailure:
    code = error.get("code")
    details = (error.get("error_data") or {}).get("details") or error.get("message") or ""
    failure = failure_for_status(NAME, response, f"error {code}: {details}")
    if code in TEMPORARY_ERRORS:
        failure.kind = "temporary"
    return failure


def send(message: OutboxMessage) -> Receipt:
    """Send one template message; the answer's message id is what callbacks will name."""
    token = current_app.config["WA_CLOUD_ACCESS_TOKEN"]
    response = post(NAME, _messages_url(), json=request_body(message),
                    headers={"Authorization": f"Bearer {token}"})
    data = json_of(response)
    if response.status_code >= 300:
        raise _error_failure(response, data.get("error") or {})
    ids = tuple(str(item["id"]) for item in data.get("messages", []) if item.get("id"))
    return Receipt(provider=NAME, message_ids=ids, status="accepted")


def signature_valid(raw_body: bytes, header: str) -> bool:
    """True when `header` ('sha256=<hex>') is the body's HMAC with the app secret."""
    secret = current_app.config.get("WA_CLOUD_APP_SECRET") or ""
    if not secret or not (header or "").startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), raw_body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header[len("sha256="):])


def subscription_challenge(args) -> Optional[str]:
    """The challenge to echo for Meta's GET verification, or None when it is not ours."""
    token = current_app.config.get("WA_CLOUD_VERIFY_TOKEN") or ""
    given = args.get("hub.verify_token", "")
    if args.get("hub.mode") != "subscribe" or not token or not hmac.compare_digest(token, given):
        return None
    return args.get("hub.challenge", "")


def _outbox_id(opaque) -> Optional[int]:
    text = str(opaque or "")
    number = text[len(OPAQUE_PREFIX):] if text.startswith(OPAQUE_PREFIX) else ""
    return int(number) if number.isdigit() else None


def _moment(timestamp) -> Optional[datetime]:
    try:
        return datetime.fromtimestamp(int(timestamp), timezone.utc).replace(tzinfo=None)
    except (TypeError, ValueError, OverflowError):
        return None


def _event(status: dict) -> Optional[StatusEvent]:
    ours = STATUSES.get(status.get("status"))
    if ours is None or not status.get("id"):
        return None
    errors = status.get("errors") or [{}]
    error = f"{errors[0].get('code', '')} {errors[0].get('title', '')}".strip()
    return StatusEvent(provider=NAME, status=ours, provider_message_id=str(status["id"]),
                       outbox_id=_outbox_id(status.get("biz_opaque_callback_data")),
                       occurred_at=_moment(status.get("timestamp")), error=error[:255])


def parse_callback(raw_body: bytes) -> list[StatusEvent]:
    """The delivery statuses in a webhook body (incoming chats and the like are skipped)."""
    body = json.loads(raw_body)
    found = []
    for entry in body.get("entry") or []:
        for change in entry.get("changes") or []:
            for status in (change.get("value") or {}).get("statuses") or []:
                event = _event(status)
                if event is None:
                    log.info("wa_cloud: status %r not about delivery, skipped",
                             status.get("status"))
                    continue
                found.append(event)
    return found


DRIVER = Driver(name=NAME, send=send, parse_callback=parse_callback)
