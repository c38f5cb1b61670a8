"""Counter (loket) intake: the channel of an application, documents seen at the counter,
and the positions allowed at the counter besides the Admin.

Revision ID: i25a
Revises: i22a
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'i25a'
down_revision = 'i22a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('counter_positions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('position', sa.String(length=20), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_counter_positions')),
    sa.UniqueConstraint('position', name=op.f('uq_counter_positions_position'))
    )
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.String(length=10), server_default='online',
                                      nullable=False))
        batch_op.add_column(sa.Column('seen_at_counter', sa.JSON(), nullable=True))
        batch_op.create_index(batch_op.f('ix_applications_channel'), ['channel'], unique=False)


def downgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_applications_channel'))
        batch_op.drop_column('seen_at_counter')
        batch_op.drop_column('channel')
    op.drop_table('counter_positions')
