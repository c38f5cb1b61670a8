"""Bearer tokens of the citizen API and one-time login codes (issue 22).

Revision ID: i22a
Revises: i23a
Create Date: 2026-12-03 16:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'i22a'
down_revision = 'i23a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('session_digest', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['citizen_accounts.id'], name=op.f('fk_api_tokens_account_id_citizen_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_account_id'), ['account_id'], unique=False)
    op.create_table('api_login_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['citizen_accounts.id'], name=op.f('fk_api_login_codes_account_id_citizen_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_login_codes'))
    )
    with op.batch_alter_table('api_login_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_login_codes_account_id'), ['account_id'], unique=False)


def downgrade():
    op.drop_table('api_login_codes')  # their indexes go with them (MariaDB refuses to drop an
    op.drop_table('api_tokens')  # index a foreign key needs)
