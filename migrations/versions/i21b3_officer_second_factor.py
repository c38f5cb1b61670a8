"""Officers' second factor: the sealed TOTP secret, the last accepted time step, and one-time
recovery codes (stored as SHA-256).

Revision ID: i21b3
Revises: i24a
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = 'i21b3'
down_revision = 'i24a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("officers") as batch:
        batch.add_column(sa.Column("totp_secret_sealed", sa.String(length=255), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))
    op.create_table(
        "officer_recovery_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["officer_id"], ["officers.id"],
                                name=op.f("fk_officer_recovery_codes_officer_id_officers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_officer_recovery_codes")),
    )
    op.create_index(op.f("ix_officer_recovery_codes_officer_id"), "officer_recovery_codes",
                    ["officer_id"])


def downgrade():
    op.drop_table("officer_recovery_codes")
    with op.batch_alter_table("officers") as batch:
        batch.drop_column("totp_last_step")
        batch.drop_column("totp_secret_sealed")
