"""Purpose-bound secret links: a correction link no longer downloads the letter.

The one `applications.secret_hash` becomes a row of `secret_links`: a correction link while
the application waits for its correction, else the letter-download link (the latest email
that carried it). Downgrading keeps each application's newest live link.

Revision ID: i21c
Revises: i21b
Create Date: 2026-12-03
"""
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from alembic import op

revision = 'i21c'
down_revision = 'i21b'
branch_labels = None
depends_on = None

VALID_FOR = {"correction": timedelta(days=30), "download": timedelta(days=90)}


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def upgrade():
    op.create_table(
        "secret_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"],
                                name=op.f("fk_secret_links_application_id_applications")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_secret_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_secret_links_token_hash")))
    with op.batch_alter_table("secret_links") as batch:
        batch.create_index(batch.f("ix_secret_links_application_id"), ["application_id"])
    now, conn = _now(), op.get_bind()
    rows = conn.execute(sa.text("SELECT id, status, secret_hash FROM applications "
                                "WHERE secret_hash <> ''")).fetchall()
    links = [{"purpose": purpose, "application_id": row.id, "token_hash": row.secret_hash,
              "created_at": now, "expires_at": now + VALID_FOR[purpose]}
             for row in rows
             for purpose in ["correction" if row.status == "dikembalikan" else "download"]]
    if links:
        conn.execute(sa.text("INSERT INTO secret_links (purpose, application_id, token_hash, "
                             "created_at, expires_at) VALUES (:purpose, :application_id, "
                             ":token_hash, :created_at, :expires_at)"), links)
    with op.batch_alter_table("applications") as batch:
        batch.drop_index("ix_applications_secret_hash")
        batch.drop_column("secret_hash")


def downgrade():
    with op.batch_alter_table("applications") as batch:
        batch.add_column(sa.Column("secret_hash", sa.String(length=64), nullable=False,
                                   server_default=""))
        batch.create_index("ix_applications_secret_hash", ["secret_hash"], unique=False)
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT application_id, token_hash FROM secret_links "
                                "WHERE used_at IS NULL ORDER BY id")).fetchall()
    for row in rows:  # the newest live link wins
        conn.execute(sa.text("UPDATE applications SET secret_hash = :hash WHERE id = :id"),
                     {"hash": row.token_hash, "id": row.application_id})
    op.drop_table("secret_links")
