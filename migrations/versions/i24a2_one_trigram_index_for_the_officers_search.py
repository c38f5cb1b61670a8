"""One trigram index for the officers' search: every word of the box in one index scan.

The search looks for each word in the searched columns joined by spaces
(`portal.officers.search.SEARCHED_TEXT`); this GIN index on exactly that expression lets
PostgreSQL answer all the words at once. Other databases skip it, like i5a.

Revision ID: i24a2
Revises: i21b3
Create Date: 2026-12-03
"""
from alembic import op

revision = 'i24a2'
down_revision = 'i21b3'
branch_labels = None
depends_on = None

SEARCHED_TEXT = ("(reg_no || ' ' || applicant_name || ' ' || applicant_email || ' ' || "
                 "applicant_nik || ' ' || applicant_phone)")


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    if not _is_postgresql():
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE INDEX IF NOT EXISTS ix_applications_trgm_search ON applications "
               f"USING gin ({SEARCHED_TEXT} gin_trgm_ops)")


def downgrade():
    if not _is_postgresql():
        return
    op.execute("DROP INDEX IF EXISTS ix_applications_trgm_search")
