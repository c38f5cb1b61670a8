"""Indexes for a unit's open applications and its newest finished ones among its archive.

Revision ID: i10e
Revises: i10b
Create Date: 2026-11-25
"""
from alembic import op

revision = 'i10e'
down_revision = 'i10b'
branch_labels = None
depends_on = None


INDEXES = {
    "ix_applications_home_unit_status": ["home_unit_id", "status"],
    "ix_applications_final_unit_status": ["final_unit_id", "status"],
    "ix_applications_home_unit_created": ["home_unit_id", "created_at"],
    "ix_applications_final_unit_created": ["final_unit_id", "created_at"],
}


def upgrade():
    """(unit, status) and (unit, created_at) for the home and the final unit."""
    for name, columns in INDEXES.items():
        op.create_index(name, "applications", columns)


def downgrade():
    """Drop the four indexes (on MariaDB, first give the final unit's foreign key its own)."""
    if op.get_bind().dialect.name in ("mysql", "mariadb"):
        # MariaDB dropped its implicit foreign-key index when ours arrived, and refuses to
        # drop the last index a foreign key can use.
        op.create_index("ix_applications_final_unit_id", "applications", ["final_unit_id"])
    for name in reversed(list(INDEXES)):
        op.drop_index(name, table_name="applications")
