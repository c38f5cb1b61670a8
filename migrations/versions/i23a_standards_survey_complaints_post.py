"""Service standards on services, the SKM survey's answers, complaints, postal delivery.

Revision ID: i23a
Revises: i19a
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = 'i23a'
down_revision = 'i19a'
branch_labels = None
depends_on = None


def upgrade():
    """Three new tables and the standard's columns on services."""
    op.create_table('complaints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=24), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=True),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=160), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('notify_channel', sa.String(length=10), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('working_days', sa.Integer(), nullable=True),
    sa.Column('within_level', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['answered_by_id'], ['officers.id'], name=op.f('fk_complaints_answered_by_id_officers')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_complaints_application_id_applications')),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_complaints_service_id_services')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_complaints_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaints')),
    sa.UniqueConstraint('number', name=op.f('uq_complaints_number'))
    )
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaints_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaints_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaints_unit_id'), ['unit_id'], unique=False)

    op.create_table('postal_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('courier', sa.String(length=60), nullable=False),
    sa.Column('tracking_number', sa.String(length=60), nullable=False),
    sa.Column('dispatched_at', sa.DateTime(), nullable=True),
    sa.Column('dispatched_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_postal_deliveries_application_id_applications')),
    sa.ForeignKeyConstraint(['dispatched_by_id'], ['officers.id'], name=op.f('fk_postal_deliveries_dispatched_by_id_officers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_postal_deliveries')),
    sa.UniqueConstraint('application_id', name=op.f('uq_postal_deliveries_application_id'))
    )
    op.create_table('survey_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('u1', sa.Integer(), nullable=False),
    sa.Column('u2', sa.Integer(), nullable=False),
    sa.Column('u3', sa.Integer(), nullable=False),
    sa.Column('u4', sa.Integer(), nullable=False),
    sa.Column('u5', sa.Integer(), nullable=False),
    sa.Column('u6', sa.Integer(), nullable=False),
    sa.Column('u7', sa.Integer(), nullable=False),
    sa.Column('u8', sa.Integer(), nullable=False),
    sa.Column('u9', sa.Integer(), nullable=False),
    sa.Column('suggestion', sa.Text(), nullable=False),
    sa.CheckConstraint('u1 BETWEEN 1 AND 4', name=op.f('ck_survey_responses_u1_range')),
    sa.CheckConstraint('u2 BETWEEN 1 AND 4', name=op.f('ck_survey_responses_u2_range')),
    sa.CheckConstraint('u3 BETWEEN 1 AND 4', name=op.f('ck_survey_responses_u3_range')),
    sa.CheckConstraint('u4 BETWEEN 1 AND 4', name=op.f('ck_survey_responses_u4_range')),
    sa.CheckConstraint('u5 BETWEEN 1 AND 4', name=op.f('ck_survey_responses_u5_range')),
    sa.CheckConstraint('u6 BETWEEN 1 AND 4', name=op.f('ck_survey_responses_u6_range')),
    sa.CheckConstraint('u7 BETWEEN 1 AND 4', name=op.f('ck_survey_responses_u7_range')),
    sa.CheckConstraint('u8 BETWEEN 1 AND 4', name=op.f('ck_survey_responses_u8_range')),
    sa.CheckConstraint('u9 BETWEEN 1 AND 4', name=op.f('ck_survey_responses_u9_range')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_survey_responses_application_id_applications')),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_survey_responses_service_id_services')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_survey_responses_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_responses')),
    sa.UniqueConstraint('application_id', name=op.f('uq_survey_responses_application_id'))
    )
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_responses_service_id'), ['service_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_responses_submitted_at'), ['submitted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_responses_unit_id'), ['unit_id'], unique=False)

    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.add_column(sa.Column('standard_cost', sa.String(length=160), server_default='Gratis', nullable=False))
        batch_op.add_column(sa.Column('standard_product', sa.String(length=160), server_default='', nullable=False))
        batch_op.add_column(sa.Column('standard_complaints', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('offers_postal_delivery', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade():
    """Drop them again (a dropped table takes its indexes along; MariaDB refuses to drop an
    index a foreign key needs)."""
    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.drop_column('offers_postal_delivery')
        batch_op.drop_column('standard_complaints')
        batch_op.drop_column('standard_product')
        batch_op.drop_column('standard_cost')
    op.drop_table('survey_responses')
    op.drop_table('postal_deliveries')
    op.drop_table('complaints')
