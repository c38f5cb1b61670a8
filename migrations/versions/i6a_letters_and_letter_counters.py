"""Letters and per-unit, per-year letter counters (issue 6).

Revision ID: i6a
Revises: i5a
Create Date: 2026-11-25 04:53:30.947848

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'i6a'
down_revision = 'i5a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('letter_counters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last_sequence', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_letter_counters_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_counters')),
    sa.UniqueConstraint('unit_id', 'year', name='uq_letter_counters_unit_year')
    )
    op.create_table('letters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('classification', sa.String(length=20), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=60), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('signer_name', sa.String(length=160), nullable=False),
    sa.Column('signer_nip', sa.String(length=18), nullable=False),
    sa.Column('signer_title', sa.String(length=160), nullable=False),
    sa.Column('signer_on_behalf_of', sa.String(length=160), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('verification_token', sa.String(length=64), nullable=False),
    sa.Column('short_code', sa.String(length=12), nullable=False),
    sa.Column('render_status', sa.String(length=10), nullable=False),
    sa.Column('render_error', sa.Text(), nullable=False),
    sa.Column('render_attempts', sa.Integer(), nullable=False),
    sa.Column('rendered_at', sa.DateTime(), nullable=True),
    sa.Column('storage_key', sa.String(length=120), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('handed_over_to', sa.String(length=160), nullable=False),
    sa.Column('handed_over_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_reason', sa.Text(), nullable=False),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_letters_application_id_applications')),
    sa.ForeignKeyConstraint(['created_by_id'], ['officers.id'], name=op.f('fk_letters_created_by_id_officers')),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['officers.id'], name=op.f('fk_letters_revoked_by_id_officers')),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_letters_service_id_services')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_letters_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letters')),
    sa.UniqueConstraint('application_id', name=op.f('uq_letters_application_id')),
    sa.UniqueConstraint('number', name=op.f('uq_letters_number')),
    sa.UniqueConstraint('short_code', name=op.f('uq_letters_short_code')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_letters_storage_key')),
    sa.UniqueConstraint('unit_id', 'year', 'sequence', name='uq_letters_unit_year_sequence'),
    sa.UniqueConstraint('verification_token', name=op.f('uq_letters_verification_token'))
    )
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_letters_render_status'), ['render_status'], unique=False)
        batch_op.create_index(batch_op.f('ix_letters_service_id'), ['service_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_letters_unit_id'), ['unit_id'], unique=False)



def downgrade():
    # Dropping the tables drops their indexes; MariaDB refuses to drop an index a
    # foreign key still needs, so no index is dropped on its own.
    op.drop_table('letters')
    op.drop_table('letter_counters')
