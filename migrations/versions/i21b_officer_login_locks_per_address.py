"""Wrong officer passwords lock one (account, address) pair instead of the whole account; the
officer's last login-attack alert.

Revision ID: i21b
Revises: i18b
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = 'i21b'
down_revision = 'i18b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "login_throttles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=45), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["officer_id"], ["officers.id"],
                                name=op.f("fk_login_throttles_officer_id_officers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_throttles")),
        sa.UniqueConstraint("officer_id", "address",
                            name=op.f("uq_login_throttles_officer_id")),
    )
    op.create_index(op.f("ix_login_throttles_officer_id"), "login_throttles", ["officer_id"])
    with op.batch_alter_table("officers") as batch:
        batch.add_column(sa.Column("login_alert_at", sa.DateTime(), nullable=True))
        batch.drop_column("locked_until")
        batch.drop_column("failed_logins")


def downgrade():
    with op.batch_alter_table("officers") as batch:
        batch.add_column(sa.Column("failed_logins", sa.Integer(), nullable=False,
                                   server_default="0"))
        batch.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))
        batch.drop_column("login_alert_at")
    op.drop_index(op.f("ix_login_throttles_officer_id"), table_name="login_throttles")
    op.drop_table("login_throttles")
