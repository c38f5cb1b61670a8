"""Outbox payloads keep login and pickup codes (and the pickup QR) only sealed, none once
delivered, like the links' tokens of i21c2.

Rows written before: delivered ones lose their codes, the others get them sealed with the
app's outbox key (OUTBOX_KEY, or derived from SECRET_KEY), so run it with the production
configuration. Downgrading leaves them sealed: every version opens a sealed value, whatever
its key.

Revision ID: i21e
Revises: i21c2
Create Date: 2026-12-03
"""
from alembic import op

from portal.messaging.outbox_at_rest import rewrite_payloads, sealed_or_dropped

revision = 'i21e'
down_revision = 'i21c2'
branch_labels = None
depends_on = None


def upgrade():
    rewrite_payloads(op.get_bind(), sealed_or_dropped)


def downgrade():
    """Nothing to undo (see above)."""
