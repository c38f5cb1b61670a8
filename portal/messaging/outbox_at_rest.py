"""Rows already in the outbox brought to the rule for secrets at rest (data migrations).

Delivered rows lose their secret values, the others get them sealed with the app's outbox key
(`portal.models.sealed_json.SECRET_KEYS`); both steps leave a row already following the rule
unchanged, so a migration that adds a key to `SECRET_KEYS` runs the same rewrite again.
"""
from types import SimpleNamespace
from typing import Callable

import sqlalchemy as sa

from portal.messaging.delivery import is_delivered
from portal.models.sealed_json import seal, unseal, without_secrets

OUTBOX = sa.table("outbox", sa.column("id", sa.Integer), sa.column("channel", sa.String),
                  sa.column("status", sa.String), sa.column("delivery_status", sa.String),
                  sa.column("payload", sa.JSON))


def rewrite_payloads(conn, change: Callable[[dict], dict]) -> None:
    """Store `change(row)` as the payload of every outbox row where it differs."""
    for row in conn.execute(sa.select(OUTBOX)).mappings().all():
        payload = change(row)
        if payload != row["payload"]:
            conn.execute(OUTBOX.update().where(OUTBOX.c.id == row["id"]).values(payload=payload))


def sealed_or_dropped(row) -> dict:
    """The payload a row keeps at rest: no secret once delivered, else its secrets sealed."""
    if is_delivered(SimpleNamespace(**row)):
        return without_secrets(row["payload"])
    return seal(row["payload"])


def opened(row) -> dict:
    """The payload with its sealed values opened (downgrades)."""
    return unseal(row["payload"])
