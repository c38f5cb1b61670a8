"""The audit log and the workflow history become append-only in the database: triggers refuse
UPDATE and DELETE (and TRUNCATE on PostgreSQL) unless the transaction holds a retention permit.

The trigger statements come from portal.models.append_only, which also adds them to a schema
built by db.create_all(), so both ways build the same guard.

Revision ID: i21d
Revises: i21b2
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

from portal.models.append_only import (APPEND_ONLY_TABLES, PG_FUNCTION, drop_statements,
                                       trigger_statements)

revision = 'i21d'
down_revision = 'i21b2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('append_only_permits',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('purpose', sa.String(length=80), nullable=False),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_append_only_permits')))
    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY_TABLES:
        for statement in trigger_statements(dialect, table):
            op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY_TABLES:
        for statement in drop_statements(dialect, table):
            op.execute(statement)
    if dialect == "postgresql":
        op.execute(f"DROP FUNCTION IF EXISTS {PG_FUNCTION}()")
    op.drop_table('append_only_permits')
