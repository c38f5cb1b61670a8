"""citizen accounts, family members, pickup appointments, fair-use rules

Revision ID: i10a
Revises: i7a1c0de5
Create Date: 2026-11-25 05:57:19.771015

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'i10a'
down_revision = 'i7a1c0de5'
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
    op.create_table('pickup_slot_counts',
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('slot', sa.String(length=5), nullable=False),
    sa.Column('booked', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_pickup_slot_counts_unit_id_units')),
    sa.PrimaryKeyConstraint('unit_id', 'day', 'slot', name=op.f('pk_pickup_slot_counts'))
    )
    op.create_table('pickup_bookings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('slot', sa.String(length=5), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.Column('handed_over_at', sa.DateTime(), nullable=True),
    sa.Column('handed_over_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_pickup_bookings_application_id_applications')),
    sa.ForeignKeyConstraint(['handed_over_by_id'], ['officers.id'], name=op.f('fk_pickup_bookings_handed_over_by_id_officers')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_pickup_bookings_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pickup_bookings')),
    sa.UniqueConstraint('application_id', name=op.f('uq_pickup_bookings_application_id')),
    sa.UniqueConstraint('code', name=op.f('uq_pickup_bookings_code'))
    )
    with op.batch_alter_table('pickup_bookings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pickup_bookings_unit_id'), ['unit_id'], unique=False)

    op.create_table('citizen_accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nik', sa.String(length=16), nullable=False),
    sa.Column('kk', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=160), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('home_unit_id', sa.Integer(), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('refusal_reason', sa.Text(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('email_confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('session_token', sa.String(length=64), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('reset_token_hash', sa.String(length=64), nullable=True),
    sa.Column('reset_expires_at', sa.DateTime(), nullable=True),
    sa.Column('ktp_document_id', sa.Integer(), nullable=True),
    sa.Column('kk_document_id', sa.Integer(), nullable=True),
    sa.Column('signature_document_id', sa.Integer(), nullable=True),
    sa.Column('selfie_document_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['officers.id'], name=op.f('fk_citizen_accounts_decided_by_id_officers')),
    sa.ForeignKeyConstraint(['home_unit_id'], ['units.id'], name=op.f('fk_citizen_accounts_home_unit_id_units')),
    sa.ForeignKeyConstraint(['kk_document_id'], ['documents.id'], name=op.f('fk_citizen_accounts_kk_document_id_documents')),
    sa.ForeignKeyConstraint(['ktp_document_id'], ['documents.id'], name=op.f('fk_citizen_accounts_ktp_document_id_documents')),
    sa.ForeignKeyConstraint(['selfie_document_id'], ['documents.id'], name=op.f('fk_citizen_accounts_selfie_document_id_documents')),
    sa.ForeignKeyConstraint(['signature_document_id'], ['documents.id'], name=op.f('fk_citizen_accounts_signature_document_id_documents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_citizen_accounts')),
    sa.UniqueConstraint('nik', name=op.f('uq_citizen_accounts_nik')),
    sa.UniqueConstraint('reset_token_hash', name=op.f('uq_citizen_accounts_reset_token_hash'))
    )
    with op.batch_alter_table('citizen_accounts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_citizen_accounts_home_unit_id'), ['home_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_citizen_accounts_status'), ['status'], unique=False)

    op.create_table('family_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('nik', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('relationship_label', sa.String(length=40), nullable=False),
    sa.Column('kk', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('proof_document_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['citizen_accounts.id'], name=op.f('fk_family_members_account_id_citizen_accounts')),
    sa.ForeignKeyConstraint(['proof_document_id'], ['documents.id'], name=op.f('fk_family_members_proof_document_id_documents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_family_members')),
    sa.UniqueConstraint('account_id', 'nik', name='uq_family_members_account_nik')
    )
    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.add_column(sa.Column('one_open_per_nik', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('cooldown_days', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('daily_quota', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    # Dropping a table drops its indexes (MariaDB refuses to drop an index a foreign key needs).
    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.drop_column('daily_quota')
        batch_op.drop_column('cooldown_days')
        batch_op.drop_column('one_open_per_nik')

    op.drop_table('family_members')
    op.drop_table('citizen_accounts')
    op.drop_table('pickup_bookings')
    op.drop_table('pickup_slot_counts')
    op.drop_table('daily_quota_counters')
    op.drop_table('applicant_service_locks')
