"""Outbox payloads keep their links' tokens only sealed (Fernet), and none once delivered.

Rows written before: delivered ones lose their tokens, the others get them sealed with the
app's outbox key (OUTBOX_KEY, or derived from SECRET_KEY), so run it with the production
configuration. Downgrading opens the sealed values again.

Revision ID: i21c2
Revises: i24a2
Create Date: 2026-12-03
"""
from alembic import op

from portal.messaging.outbox_at_rest import opened, rewrite_payloads, sealed_or_dropped

revision = 'i21c2'
down_revision = 'i24a2'
branch_labels = None
depends_on = None


def upgrade():
    rewrite_payloads(op.get_bind(), sealed_or_dropped)


def downgrade():
    rewrite_payloads(op.get_bind(), opened)
