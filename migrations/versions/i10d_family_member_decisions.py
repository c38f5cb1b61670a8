"""family members: the officer's decision (refusal reason, who decided and when)

Revision ID: i10d
Revises: i10c
Create Date: 2026-11-25 08:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'i10d'
down_revision = 'i10c'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('family_members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('refusal_reason', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('decided_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('decided_at', sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_family_members_decided_by_id_officers'), 'officers', ['decided_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('family_members', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_family_members_decided_by_id_officers'), type_='foreignkey')
        batch_op.drop_column('decided_at')
        batch_op.drop_column('decided_by_id')
        batch_op.drop_column('refusal_reason')
