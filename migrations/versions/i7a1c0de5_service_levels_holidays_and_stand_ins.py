"""Service levels, holidays and stand-ins (Administrator console, issue 7).

Revision ID: i7a1c0de5
Revises: i6a
Create Date: 2026-11-25 05:39:18.405594

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'i7a1c0de5'
down_revision = 'i6a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('holidays',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_holidays')),
    sa.UniqueConstraint('day', name=op.f('uq_holidays_day'))
    )
    op.create_table('application_clocks',
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('working_days', sa.Integer(), nullable=False),
    sa.Column('within_level', sa.Boolean(), nullable=False),
    sa.Column('computed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_application_clocks_application_id_applications')),
    sa.PrimaryKeyConstraint('application_id', name=op.f('pk_application_clocks'))
    )
    op.create_table('substitutions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('head_officer_id', sa.Integer(), nullable=False),
    sa.Column('substitute_officer_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=255), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['head_officer_id'], ['officers.id'], name=op.f('fk_substitutions_head_officer_id_officers')),
    sa.ForeignKeyConstraint(['substitute_officer_id'], ['officers.id'], name=op.f('fk_substitutions_substitute_officer_id_officers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_substitutions'))
    )
    with op.batch_alter_table('substitutions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_substitutions_head_officer_id'), ['head_officer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_substitutions_substitute_officer_id'), ['substitute_officer_id'], unique=False)

    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index('ix_applications_created_at', ['created_at'], unique=False)
        batch_op.create_index('ix_applications_finished_at', ['finished_at'], unique=False)

    with op.batch_alter_table('history', schema=None) as batch_op:
        batch_op.create_index('ix_history_action_created_at', ['action', 'created_at'], unique=False)



def downgrade():
    with op.batch_alter_table('history', schema=None) as batch_op:
        batch_op.drop_index('ix_history_action_created_at')

    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index('ix_applications_finished_at')
        batch_op.drop_index('ix_applications_created_at')

    # MariaDB refuses to drop an index a foreign key needs: dropping the table drops both.
    op.drop_table('substitutions')
    op.drop_table('application_clocks')
    op.drop_table('holidays')
