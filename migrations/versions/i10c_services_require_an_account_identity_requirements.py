"""services that require a citizen account; requirements that are the applicant's KTP or KK

Revision ID: i10c
Revises: i10a
Create Date: 2026-11-25 08:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'i10c'
down_revision = 'i10a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.add_column(sa.Column('requires_account', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('required_documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('identity', sa.String(length=10), server_default='', nullable=False))

    # The seeded services name the applicant's own KTP and KK with the keys "ktp" and "kk".
    documents = sa.table('required_documents', sa.column('key', sa.String), sa.column('identity', sa.String))
    for kind in ('ktp', 'kk'):
        op.execute(documents.update().where(documents.c.key == kind).values(identity=kind))


def downgrade():
    with op.batch_alter_table('required_documents', schema=None) as batch_op:
        batch_op.drop_column('identity')

    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.drop_column('requires_account')
