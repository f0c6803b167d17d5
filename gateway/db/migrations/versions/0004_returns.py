"""fulfillments and returns (the buyer's account): an order's fulfillment status, shipments with
carrier and tracking number, return requests and their lines

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 23:30:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.add_column('orders', sa.Column('fulfillment_status', sa.String(length=20), server_default='UNFULFILLED',
                                      nullable=False))
    op.create_index(op.f('ix_draft_orders_order_id'), 'draft_orders', ['order_id'], unique=False)

    op.create_table('fulfillments',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('order_id', ID, nullable=False),
    sa.Column('carrier', sa.String(length=100), nullable=True),
    sa.Column('tracking_number', sa.String(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_fulfillments_order_id_orders'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fulfillments'))
    )
    op.create_index(op.f('ix_fulfillments_order_id'), 'fulfillments', ['order_id'], unique=False)

    op.create_table('fulfillment_lines',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('fulfillment_id', ID, nullable=False),
    sa.Column('order_line_id', ID, nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_fulfillment_lines_quantity')),
    sa.ForeignKeyConstraint(['fulfillment_id'], ['fulfillments.id'], name=op.f('fk_fulfillment_lines_fulfillment_id_fulfillments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['order_line_id'], ['order_lines.id'], name=op.f('fk_fulfillment_lines_order_line_id_order_lines'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fulfillment_lines'))
    )
    op.create_index(op.f('ix_fulfillment_lines_fulfillment_id'), 'fulfillment_lines', ['fulfillment_id'], unique=False)

    op.create_table('returns',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=30), nullable=False),
    sa.Column('order_id', ID, nullable=False),
    sa.Column('customer_id', ID, nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('decline_reason', sa.Text(), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('declined_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status in ('REQUESTED','APPROVED','DECLINED','CLOSED')", name=op.f('ck_returns_status')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_returns_customer_id_customers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_returns_order_id_orders'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_returns')),
    sa.UniqueConstraint('name', name=op.f('uq_returns_name'))
    )
    op.create_index(op.f('ix_returns_order_id'), 'returns', ['order_id'], unique=False)
    op.create_index(op.f('ix_returns_status'), 'returns', ['status'], unique=False)

    op.create_table('return_lines',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('return_id', ID, nullable=False),
    sa.Column('order_line_id', ID, nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=30), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_return_lines_quantity')),
    sa.ForeignKeyConstraint(['order_line_id'], ['order_lines.id'], name=op.f('fk_return_lines_order_line_id_order_lines'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['return_id'], ['returns.id'], name=op.f('fk_return_lines_return_id_returns'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_return_lines'))
    )
    op.create_index(op.f('ix_return_lines_return_id'), 'return_lines', ['return_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_return_lines_return_id'), table_name='return_lines')
    op.drop_table('return_lines')
    op.drop_index(op.f('ix_returns_status'), table_name='returns')
    op.drop_index(op.f('ix_returns_order_id'), table_name='returns')
    op.drop_table('returns')
    op.drop_index(op.f('ix_fulfillment_lines_fulfillment_id'), table_name='fulfillment_lines')
    op.drop_table('fulfillment_lines')
    op.drop_index(op.f('ix_fulfillments_order_id'), table_name='fulfillments')
    op.drop_table('fulfillments')
    op.drop_index(op.f('ix_draft_orders_order_id'), table_name='draft_orders')
    # Not batch mode: SQLite (3.35+) drops the column in place, where a batch copy of orders would
    # fire the ON DELETE CASCADE of every table that refers to it.
    op.drop_column('orders', 'fulfillment_status')
