"""Buyer governance: company roles with permissions, spending limits on role assignments, approval
requests, quotes and shopping lists; shop_settings.approval_expiry_days

Revision ID: 0015
Revises: 0011
Create Date: 2026-12-06 00:30:06.107293
"""

import warnings
from contextlib import contextmanager

from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0011'
branch_labels = None
depends_on = None


@contextmanager
def _quiet_reflection():
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based index")
        yield


def upgrade() -> None:
    op.create_table('company_roles',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('permissions', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_company_roles')),
    sa.UniqueConstraint('name', name=op.f('uq_company_roles_name'))
    )
    op.create_table('shopping_lists',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('location_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('created_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['customers.id'], name=op.f('fk_shopping_lists_created_by_id_customers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['location_id'], ['company_locations.id'], name=op.f('fk_shopping_lists_location_id_company_locations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shopping_lists'))
    )
    with op.batch_alter_table('shopping_lists', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shopping_lists_location_id'), ['location_id'], unique=False)

    op.create_table('quotes',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('customer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('company_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('location_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('merchant_note', sa.Text(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('order_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_quotes_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_quotes_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['location_id'], ['company_locations.id'], name=op.f('fk_quotes_location_id_company_locations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_quotes_order_id_orders'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quotes'))
    )
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quotes_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quotes_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quotes_status'), ['status'], unique=False)

    op.create_table('shopping_list_lines',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('list_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('variant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['list_id'], ['shopping_lists.id'], name=op.f('fk_shopping_list_lines_list_id_shopping_lists'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['variant_id'], ['product_variants.id'], name=op.f('fk_shopping_list_lines_variant_id_product_variants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shopping_list_lines')),
    sa.UniqueConstraint('list_id', 'variant_id', name=op.f('uq_shopping_list_lines_list_id'))
    )
    with op.batch_alter_table('shopping_list_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shopping_list_lines_list_id'), ['list_id'], unique=False)

    op.create_table('approval_requests',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('customer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('company_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('location_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('cart_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('payment_method_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('subtotal', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('order_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('draft_order_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cart_id'], ['carts.id'], name=op.f('fk_approval_requests_cart_id_carts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_approval_requests_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_approval_requests_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['customers.id'], name=op.f('fk_approval_requests_decided_by_id_customers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['draft_order_id'], ['draft_orders.id'], name=op.f('fk_approval_requests_draft_order_id_draft_orders'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['location_id'], ['company_locations.id'], name=op.f('fk_approval_requests_location_id_company_locations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_approval_requests_order_id_orders'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['payment_method_id'], ['payment_methods.id'], name=op.f('fk_approval_requests_payment_method_id_payment_methods'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_approval_requests')),
    sa.UniqueConstraint('cart_id', name=op.f('uq_approval_requests_cart_id'))
    )
    with op.batch_alter_table('approval_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_approval_requests_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_approval_requests_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_approval_requests_location_id'), ['location_id'], unique=False)

    op.create_table('quote_lines',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('quote_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('variant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=255), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit_price', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['quote_id'], ['quotes.id'], name=op.f('fk_quote_lines_quote_id_quotes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['variant_id'], ['product_variants.id'], name=op.f('fk_quote_lines_variant_id_product_variants'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quote_lines'))
    )
    with op.batch_alter_table('quote_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quote_lines_quote_id'), ['quote_id'], unique=False)

    # SQLite copies role_assignments to add the foreign key; reflecting it meets customers' expression
    # index, which SQLAlchemy cannot reflect and says so (the copy does not need it).
    with _quiet_reflection(), op.batch_alter_table('role_assignments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('company_role_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True))
        batch_op.add_column(sa.Column('spending_limit', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('monthly_spending_limit', sa.BigInteger(), nullable=True))
        batch_op.create_index(batch_op.f('ix_role_assignments_company_role_id'), ['company_role_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_role_assignments_company_role_id_company_roles'), 'company_roles', ['company_role_id'], ['id'])

    with op.batch_alter_table('shop_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('approval_expiry_days', sa.Integer(), nullable=False, server_default='14'))



def downgrade() -> None:
    with op.batch_alter_table('shop_settings', schema=None) as batch_op:
        batch_op.drop_column('approval_expiry_days')

    with _quiet_reflection(), op.batch_alter_table('role_assignments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_role_assignments_company_role_id_company_roles'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_role_assignments_company_role_id'))
        batch_op.drop_column('monthly_spending_limit')
        batch_op.drop_column('spending_limit')
        batch_op.drop_column('company_role_id')

    with op.batch_alter_table('quote_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quote_lines_quote_id'))

    op.drop_table('quote_lines')
    with op.batch_alter_table('approval_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_approval_requests_location_id'))
        batch_op.drop_index(batch_op.f('ix_approval_requests_customer_id'))
        batch_op.drop_index(batch_op.f('ix_approval_requests_company_id'))

    op.drop_table('approval_requests')
    with op.batch_alter_table('shopping_list_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shopping_list_lines_list_id'))

    op.drop_table('shopping_list_lines')
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quotes_status'))
        batch_op.drop_index(batch_op.f('ix_quotes_customer_id'))
        batch_op.drop_index(batch_op.f('ix_quotes_company_id'))

    op.drop_table('quotes')
    with op.batch_alter_table('shopping_lists', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shopping_lists_location_id'))

    op.drop_table('shopping_lists')
    op.drop_table('company_roles')
