"""webhook subscriptions and their deliveries on the outbox; account requests

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 23:30:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('webhook_subscriptions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('topic', sa.String(length=40), nullable=False),
    sa.Column('url', sa.String(length=2048), nullable=False),
    sa.Column('secret', sa.String(length=100), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('failing_since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('disabled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_subscriptions')),
    sa.UniqueConstraint('topic', 'url', name=op.f('uq_webhook_subscriptions_topic'))
    )
    op.create_index('ix_webhook_subscriptions_topic_status', 'webhook_subscriptions', ['topic', 'status'], unique=False)

    op.create_table('account_requests',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('company_name', sa.String(length=255), nullable=False),
    sa.Column('org_number', sa.String(length=64), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('address', sa.JSON(), nullable=True),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('client_address', sa.String(length=64), nullable=True),
    sa.Column('decline_reason', sa.Text(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('company_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('customer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('linked_existing', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_account_requests_company_id_companies'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_account_requests_customer_id_customers'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_requests'))
    )
    op.create_index('ix_account_requests_client_created', 'account_requests', ['client_address', 'created_at'], unique=False)
    op.create_index('ix_account_requests_status', 'account_requests', ['status'], unique=False)

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_attempt_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('webhook_subscription_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True))
        batch_op.add_column(sa.Column('response_code', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_webhook_subscription_id'), ['webhook_subscription_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_outbox_webhook_subscription_id_webhook_subscriptions'), 'webhook_subscriptions', ['webhook_subscription_id'], ['id'], ondelete='CASCADE')


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outbox_webhook_subscription_id_webhook_subscriptions'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_outbox_webhook_subscription_id'))
        batch_op.drop_column('response_code')
        batch_op.drop_column('webhook_subscription_id')
        batch_op.drop_column('last_attempt_at')

    op.drop_index('ix_account_requests_status', table_name='account_requests')
    op.drop_index('ix_account_requests_client_created', table_name='account_requests')
    op.drop_table('account_requests')
    op.drop_index('ix_webhook_subscriptions_topic_status', table_name='webhook_subscriptions')
    op.drop_table('webhook_subscriptions')
