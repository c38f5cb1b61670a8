"""Channels as drivers behind one interface: send an outbox row, read a provider's callback.

An outbox row only names its channel ("email" or "whatsapp"), recipient, template and
payload. The channel's driver, chosen by configuration, renders the row for its provider
and sends it: it returns a `Receipt` (the provider's message ids and the status reached) or
raises a `SendFailure` saying whether trying again may help (`temporary`), cannot help
(`permanent`), or must not happen blindly because the provider may already have the message
(`unknown`: a timeout after sending). WhatsApp drivers also turn a provider's callback into
normalised `StatusEvent`s. Drivers: `email` (Flask-Mail), `wa_cloud` (Meta's WhatsApp
Business Cloud API), `wa_fonnte` (Fonnte) and `log` (the demo: a log and a page). Templates
live in `templates/messages/` (see its README).
"""
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Optional
from urllib.parse import urlsplit

from flask import current_app, render_template
from werkzeug.utils import import_string

from portal.models import OutboxMessage

# Channel of an outbox row -> the config key naming its driver ("" there: channel off).
CHANNEL_DRIVER_KEYS = {"email": None, "whatsapp": "WHATSAPP_DRIVER"}
# Driver name -> where its Driver lives.
DRIVERS = {
    "email": "portal.messaging.channels.email:DRIVER",
    "log": "portal.messaging.channels.log:DRIVER",
    "wa_cloud": "portal.messaging.channels.wa_cloud:DRIVER",
    "wa_fonnte": "portal.messaging.channels.wa_fonnte:DRIVER",
}
FAILURE_KINDS = ("temporary", "permanent", "unknown")


@dataclass(frozen=True)
class Receipt:
    """What the provider answered: its ids for the message and the status reached."""

    provider: str
    message_ids: tuple[str, ...]
    status: str  # accepted, sent or delivered (see portal.messaging.delivery.LADDER)
    # The row itself is what the recipient reads (the `log` driver's test outbox): its
    # secrets stay sealed instead of being dropped once delivered.
    read_from_the_row: bool = False


class SendFailure(Exception):
    """A send that did not succeed; `kind` is one of FAILURE_KINDS."""

    def __init__(self, kind: str, reason: str, provider: str = ""):
        super().__init__(reason)
        self.kind, self.reason, self.provider = kind, reason, provider


@dataclass(frozen=True)
class StatusEvent:
    """One status a provider reported, normalised; found by provider id or our outbox id."""

    provider: str
    status: str
    provider_message_id: Optional[str] = None
    outbox_id: Optional[int] = None
    provider_ref: Optional[str] = None
    occurred_at: Optional[datetime] = None
    error: str = ""


@dataclass(frozen=True)
class Driver:
    """One channel's driver: send a row; read a callback body (WhatsApp drivers)."""

    name: str
    send: Callable[[OutboxMessage], Receipt]
    parse_callback: Optional[Callable[[bytes], list[StatusEvent]]] = None


def driver_named(name: str) -> Driver:
    """The driver called `name` (KeyError for an unknown one)."""
    return import_string(DRIVERS[name])


def driver_name_for(channel: str) -> str:
    """The configured driver of a channel ('' when the channel is off)."""
    key = CHANNEL_DRIVER_KEYS[channel]
    return "email" if key is None else (current_app.config.get(key) or "")


def driver_for(message: OutboxMessage) -> Driver:
    """The driver that sends this row now (a row of a channel switched off cannot be sent)."""
    name = driver_name_for(message.channel)
    if not name:
        raise SendFailure("permanent", f"channel {message.channel} is not configured")
    return driver_named(name)


def whatsapp_enabled() -> bool:
    """True when a WhatsApp driver is configured (else every notice goes by email)."""
    return bool(driver_name_for("whatsapp"))


def public_url(endpoint: str, **values) -> str:
    """An absolute URL on the public site, built without a request (for messages and jobs)."""
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/",
                                       url_scheme=base.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)


# Links a message may carry: variable -> (endpoint, URL argument, payload key of its token).
PAYLOAD_LINKS = {
    "tracking_url": ("public.track", "no", "reg_no"),
    "confirm_url": ("public.confirm", "token", "confirm_token"),
    "correction_url": ("public.correct", "token", "correction_token"),
}


def message_context(message: OutboxMessage) -> dict:
    """Variables of a message template: the payload plus the links every message may use."""
    payload = dict(message.payload or {})
    context = {**payload, "base_url": public_url("public.catalogue"), "public_url": public_url}
    for name, (endpoint, argument, source) in PAYLOAD_LINKS.items():
        if payload.get(source):
            context[name] = public_url(endpoint, **{argument: payload[source]})
    return context


def render_part(template: str, part: str, context: dict) -> str:
    """Render one part (subject.txt, txt, html, wa.txt) of a message template."""
    return render_template(f"messages/{template}.{part}", **context)
