"""Trigram GIN indexes for the officers' search (PostgreSQL only; other databases skip).

Flask-Admin searches with ILIKE '%term%'; pg_trgm lets PostgreSQL answer that from an
index on the registration number, NIK, name, phone and email at a million applications.

Revision ID: i5a
Revises: i4a
Create Date: 2026-11-25 12:00:00

"""
from alembic import op

revision = "i5a"
down_revision = "i4a"
branch_labels = None
depends_on = None

SEARCH_COLUMNS = ("applicant_name", "reg_no", "applicant_nik", "applicant_phone",
                  "applicant_email")


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    if not _is_postgresql():
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in SEARCH_COLUMNS:
        op.execute(f"CREATE INDEX IF NOT EXISTS ix_applications_trgm_{column} "
                   f"ON applications USING gin ({column} gin_trgm_ops)")


def downgrade():
    if not _is_postgresql():
        return
    for column in SEARCH_COLUMNS:
        op.execute(f"DROP INDEX IF EXISTS ix_applications_trgm_{column}")
