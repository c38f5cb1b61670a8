"""Citizen form tokens and draft uploads.

Applications remember the one-time token of the form that created them (a double
submission finds the first); documents uploaded with a form that is not yet valid wait
under that form's token.

Revision ID: i4a
Revises: f599c21c0143
Create Date: 2026-11-25 04:47:46.355757

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'i4a'
down_revision = 'f599c21c0143'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submission_token', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_applications_submission_token'), ['submission_token'])

    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('draft_token', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_documents_draft_token'), ['draft_token'], unique=False)


def downgrade():
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_draft_token'))
        batch_op.drop_column('draft_token')

    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_applications_submission_token'), type_='unique')
        batch_op.drop_column('submission_token')
