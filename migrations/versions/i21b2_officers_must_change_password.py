"""An officer whose password an Administrator chose sets their own at the next login.

Revision ID: i21b2
Revises: i21c
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = 'i21b2'
down_revision = 'i21c'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("officers") as batch:
        batch.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("officers") as batch:
        batch.drop_column("must_change_password")
