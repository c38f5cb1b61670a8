"""fair-use rules: service settings, NIK locks, daily quota counters

Revision ID: i10a
Revises: i6a
Create Date: 2026-11-25 05:46:05.898760

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'i10a'
down_revision = 'i6a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('applicant_service_locks',
    sa.Column('nik', sa.String(length=16), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_applicant_service_locks_service_id_services')),
    sa.PrimaryKeyConstraint('nik', 'service_id', name=op.f('pk_applicant_service_locks'))
    )
    op.create_table('daily_quota_counters',
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('used', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_daily_quota_counters_service_id_services')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_daily_quota_counters_unit_id_units')),
    sa.PrimaryKeyConstraint('service_id', 'unit_id', 'day', name=op.f('pk_daily_quota_counters'))
    )
    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.add_column(sa.Column('one_open_per_nik', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('cooldown_days', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('daily_quota', sa.Integer(), server_default='0', nullable=False))



def downgrade():
    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.drop_column('daily_quota')
        batch_op.drop_column('cooldown_days')
        batch_op.drop_column('one_open_per_nik')

    op.drop_table('daily_quota_counters')
    op.drop_table('applicant_service_locks')
