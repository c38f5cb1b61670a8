"""citizen profile changes, account closing and identity image retention

Revision ID: i10b
Revises: i10d
Create Date: 2026-11-26 08:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'i10b'
down_revision = 'i10d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('citizen_accounts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pending_email', sa.String(length=160), nullable=True))
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('identity_images_deleted_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('citizen_accounts', schema=None) as batch_op:
        batch_op.drop_column('identity_images_deleted_at')
        batch_op.drop_column('closed_at')
        batch_op.drop_column('pending_email')
