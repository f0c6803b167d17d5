"""Real payments: provider customers, provider events handled once, refunds booked against their
charge, collection on the due date (auto-charge, reminders)

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-06 00:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0010'
branch_labels = None
depends_on = None

PK = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
# SQLite's batch mode reflects the table; following its foreign keys would reach customers, whose
# expression index SQLAlchemy warns it cannot reflect.
NO_FKS = {'resolve_fks': False}


def upgrade() -> None:
    op.create_table('payment_customers',
    sa.Column('id', PK, autoincrement=True, nullable=False),
    sa.Column('customer_id', PK, nullable=False),
    sa.Column('provider', sa.String(length=20), nullable=False),
    sa.Column('reference', sa.String(length=255), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_payment_customers_customer_id_customers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_customers')),
    sa.UniqueConstraint('customer_id', 'provider', name=op.f('uq_payment_customers_customer_id'))
    )
    op.create_table('payment_events',
    sa.Column('id', PK, autoincrement=True, nullable=False),
    sa.Column('provider', sa.String(length=20), nullable=False),
    sa.Column('event_id', sa.String(length=255), nullable=False),
    sa.Column('type', sa.String(length=100), nullable=False),
    sa.Column('outcome', sa.String(length=255), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_events')),
    sa.UniqueConstraint('provider', 'event_id', name=op.f('uq_payment_events_provider'))
    )
    with op.batch_alter_table('transactions', reflect_kwargs=NO_FKS) as batch:
        batch.add_column(sa.Column('refunded_transaction_id', PK, nullable=True))
        batch.add_column(sa.Column('note', sa.String(length=500), nullable=True))
        batch.add_column(sa.Column('idempotency_key', sa.String(length=255), nullable=True))
        batch.add_column(sa.Column('request_hash', sa.String(length=64), nullable=True))
        batch.create_foreign_key(op.f('fk_transactions_refunded_transaction_id_transactions'), 'transactions',
                                 ['refunded_transaction_id'], ['id'])
        batch.create_unique_constraint('uq_transactions_order_reference', ['order_id', 'provider_reference'])
    with op.batch_alter_table('orders', reflect_kwargs=NO_FKS) as batch:
        batch.add_column(sa.Column('refunded_amount', sa.BigInteger(), server_default='0', nullable=False))
    # What was refunded so far (orderCancel with refund gave back every charge).
    op.execute("UPDATE orders SET refunded_amount = COALESCE((SELECT SUM(amount) FROM transactions"
               " WHERE transactions.order_id = orders.id AND kind = 'REFUND'), 0)")
    with op.batch_alter_table('payment_schedules', reflect_kwargs=NO_FKS) as batch:
        batch.add_column(sa.Column('auto_charged_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('reminder_sent_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('overdue_notice_sent_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('company_locations', reflect_kwargs=NO_FKS) as batch:
        batch.add_column(sa.Column('auto_charge', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('shop_settings', reflect_kwargs=NO_FKS) as batch:
        batch.add_column(sa.Column('payment_reminder_days', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('shop_settings', reflect_kwargs=NO_FKS) as batch:
        batch.drop_column('payment_reminder_days')
    with op.batch_alter_table('company_locations', reflect_kwargs=NO_FKS) as batch:
        batch.drop_column('auto_charge')
    with op.batch_alter_table('payment_schedules', reflect_kwargs=NO_FKS) as batch:
        batch.drop_column('overdue_notice_sent_at')
        batch.drop_column('reminder_sent_at')
        batch.drop_column('auto_charged_at')
    with op.batch_alter_table('orders', reflect_kwargs=NO_FKS) as batch:
        batch.drop_column('refunded_amount')
    with op.batch_alter_table('transactions', reflect_kwargs=NO_FKS) as batch:
        batch.drop_constraint('uq_transactions_order_reference', type_='unique')
        batch.drop_constraint(op.f('fk_transactions_refunded_transaction_id_transactions'), type_='foreignkey')
        batch.drop_column('request_hash')
        batch.drop_column('idempotency_key')
        batch.drop_column('note')
        batch.drop_column('refunded_transaction_id')
    op.drop_table('payment_events')
    op.drop_table('payment_customers')
