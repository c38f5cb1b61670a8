"""Uploaded images are re-encoded by a job: a document remembers whether that has happened.

Revision ID: i24a
Revises: i21d
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = 'i24a'
down_revision = 'i21d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("processed", sa.Boolean(), nullable=False,
                                   server_default=sa.true()))


def downgrade():
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("processed")
