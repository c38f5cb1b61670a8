"""Outbox payloads keep their links' tokens only sealed (Fernet), and none once delivered.

Rows written before: delivered ones lose their tokens, the others get them sealed with the
app's outbox key (OUTBOX_KEY, or derived from SECRET_KEY), so run it with the production
configuration. Downgrading opens the sealed values again.

Revision ID: i21c2
Revises: i24a2
Create Date: 2026-12-03
"""
from types import SimpleNamespace

import sqlalchemy as sa
from alembic import op

from portal.messaging.delivery import is_delivered
from portal.models.sealed_json import seal, unseal, without_secrets

revision = 'i21c2'
down_revision = 'i24a2'
branch_labels = None
depends_on = None

OUTBOX = sa.table("outbox", sa.column("id", sa.Integer), sa.column("channel", sa.String),
                  sa.column("status", sa.String), sa.column("delivery_status", sa.String),
                  sa.column("payload", sa.JSON))


def _rewrite(change) -> None:
    conn = op.get_bind()
    for row in conn.execute(sa.select(OUTBOX)).mappings().all():
        payload = change(row)
        if payload != row["payload"]:
            conn.execute(OUTBOX.update().where(OUTBOX.c.id == row["id"]).values(payload=payload))


def _sealed_or_dropped(row) -> dict:
    if is_delivered(SimpleNamespace(**row)):
        return without_secrets(row["payload"])
    return seal(row["payload"])


def upgrade():
    _rewrite(_sealed_or_dropped)


def downgrade():
    _rewrite(lambda row: unseal(row["payload"]))
