"""WhatsApp notices: the citizen's channel choice, delivery status per message, events, callbacks.

Revision ID: i19a
Revises: i20a
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

revision = 'i19a'
down_revision = 'i20a'
branch_labels = None
depends_on = None


def _new_outbox_columns() -> tuple:
    """Fresh Column objects (one Column belongs to one table, and the test migrates twice)."""
    return (
        sa.Column('notice_key', sa.String(length=80), server_default='', nullable=False),
        sa.Column('fallback_recipient', sa.String(length=160), server_default='', nullable=False),
        sa.Column('fallback_reason', sa.String(length=20), server_default='', nullable=False),
        sa.Column('provider', sa.String(length=20), server_default='', nullable=False),
        sa.Column('provider_message_id', sa.String(length=128), nullable=True),
        sa.Column('delivery_status', sa.String(length=10), server_default='queued', nullable=False),
        sa.Column('delivery_updated_at', sa.DateTime(), nullable=True),
        sa.Column('first_attempt_at', sa.DateTime(), nullable=True),
        sa.Column('last_attempt_at', sa.DateTime(), nullable=True),
    )


def _add_choice_columns(table: str, phone_column: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.add_column(sa.Column('notify_channel', sa.String(length=10),
                                      server_default='email', nullable=False))
        batch_op.add_column(sa.Column('notify_every_step', sa.Boolean(),
                                      server_default=sa.false(), nullable=False))
    # The default for people who gave a number: WhatsApp (email when it is not configured).
    op.execute(f"UPDATE {table} SET notify_channel = 'wa' "
               f"WHERE {phone_column} IS NOT NULL AND {phone_column} <> ''")


def _create_event_tables() -> None:
    op.create_table(
        'delivery_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('message_id', sa.Integer(), nullable=False),
        sa.Column('provider', sa.String(length=20), nullable=False),
        sa.Column('provider_message_id', sa.String(length=128), nullable=True),
        sa.Column('provider_ref', sa.String(length=64), nullable=True),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('error', sa.String(length=255), nullable=False),
        sa.Column('occurred_at', sa.DateTime(), nullable=True),
        sa.Column('recorded_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['message_id'], ['outbox.id'],
                                name=op.f('fk_delivery_events_message_id_outbox')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_delivery_events')),
        sa.UniqueConstraint('provider', 'provider_message_id', 'status',
                            name='uq_delivery_events_provider_message_status'))
    op.create_index(op.f('ix_delivery_events_message_id'), 'delivery_events', ['message_id'])
    op.create_index(op.f('ix_delivery_events_provider_ref'), 'delivery_events', ['provider_ref'])
    op.create_table(
        'delivery_callbacks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('provider', sa.String(length=20), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('received_at', sa.DateTime(), nullable=False),
        sa.Column('processed_at', sa.DateTime(), nullable=True),
        sa.Column('outcome', sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_delivery_callbacks')))
    op.create_index(op.f('ix_delivery_callbacks_received_at'), 'delivery_callbacks',
                    ['received_at'])
    op.create_index(op.f('ix_delivery_callbacks_processed_at'), 'delivery_callbacks',
                    ['processed_at'])


def upgrade():
    """Add the channel choice, the delivery columns of the outbox and the two event tables."""
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        for column in _new_outbox_columns():
            batch_op.add_column(column)
        batch_op.create_index(batch_op.f('ix_outbox_notice_key'), ['notice_key'])
        batch_op.create_index(batch_op.f('ix_outbox_delivery_status'), ['delivery_status'])
        batch_op.create_index('ix_outbox_provider_message', ['provider', 'provider_message_id'])
    # Emails handed to the SMTP server before today: that is all we know of them.
    op.execute("UPDATE outbox SET delivery_status = 'sent' WHERE status = 'sent'")
    op.execute("UPDATE outbox SET delivery_status = 'failed' WHERE status = 'failed'")
    op.execute("UPDATE outbox SET status = 'pending' WHERE status = 'queued'")
    _add_choice_columns('applications', 'applicant_phone')
    _add_choice_columns('citizen_accounts', 'phone')
    _create_event_tables()


def downgrade():
    """Remove them again."""
    op.drop_table('delivery_callbacks')  # their indexes go with them (MariaDB keeps the
    op.drop_table('delivery_events')     # foreign key's index until the table is dropped)
    for table in ('citizen_accounts', 'applications'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('notify_every_step')
            batch_op.drop_column('notify_channel')
    op.execute("UPDATE outbox SET status = 'failed' WHERE status IN ('sending', 'unknown')")
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_provider_message')
        batch_op.drop_index(batch_op.f('ix_outbox_delivery_status'))
        batch_op.drop_index(batch_op.f('ix_outbox_notice_key'))
        for column in reversed(_new_outbox_columns()):
            batch_op.drop_column(column.name)
