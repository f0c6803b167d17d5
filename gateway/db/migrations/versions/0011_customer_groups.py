"""customer groups (catalogs serve them), registration OPEN | CLOSED, customer numbers and consents for
people, an address book, and the email of an order or a guest's cart

Revision ID: 0011
Revises: 0012
Create Date: 2026-12-06 00:00:00.000000
"""

import warnings

from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0012'
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('customer_groups',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customer_groups')),
    sa.UniqueConstraint('name', name=op.f('uq_customer_groups_name'))
    )
    op.create_table('customer_addresses',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('customer_id', ID, nullable=False),
    sa.Column('address', sa.JSON(), nullable=False),
    sa.Column('is_default', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_customer_addresses_customer_id_customers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customer_addresses'))
    )
    op.create_index(op.f('ix_customer_addresses_customer_id'), 'customer_addresses', ['customer_id'], unique=False)
    op.create_table('customer_group_members',
    sa.Column('group_id', ID, nullable=False),
    sa.Column('customer_id', ID, nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_customer_group_members_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['group_id'], ['customer_groups.id'], name=op.f('fk_customer_group_members_group_id_customer_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', 'customer_id', name=op.f('pk_customer_group_members'))
    )
    op.create_index(op.f('ix_customer_group_members_customer_id'), 'customer_group_members', ['customer_id'], unique=False)
    op.create_table('catalog_customer_groups',
    sa.Column('catalog_id', ID, nullable=False),
    sa.Column('group_id', ID, nullable=False),
    sa.ForeignKeyConstraint(['catalog_id'], ['catalogs.id'], name=op.f('fk_catalog_customer_groups_catalog_id_catalogs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['group_id'], ['customer_groups.id'], name=op.f('fk_catalog_customer_groups_group_id_customer_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('catalog_id', 'group_id', name=op.f('pk_catalog_customer_groups'))
    )
    op.create_index(op.f('ix_catalog_customer_groups_group_id'), 'catalog_customer_groups', ['group_id'], unique=False)
    # Plain columns and indexes are added in place (no batch copy of customers, orders or carts: a
    # copy of customers would lose its expression index on lower(email)).
    op.add_column('carts', sa.Column('email', sa.String(length=254), nullable=True))
    op.add_column('orders', sa.Column('email', sa.String(length=254), nullable=True))
    op.add_column('customers', sa.Column('customer_number', sa.String(length=64), nullable=True))
    op.add_column('customers', sa.Column('email_marketing_consent', sa.String(length=20), server_default='NOT_SUBSCRIBED', nullable=False))
    op.add_column('customers', sa.Column('email_marketing_consent_updated_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('customers', sa.Column('accepts_partner_offers', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_index(op.f('ix_customers_customer_number'), 'customers', ['customer_number'], unique=True)
    # The batch copy of customer_numbers reflects customers, whose expression index (lower(email))
    # SQLite cannot reflect: harmless here, customers itself is not copied.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", ".*uq_customers_email_lower")
        with op.batch_alter_table('customer_numbers') as batch:
            batch.add_column(sa.Column('customer_id', ID, nullable=True))
            batch.create_index(batch.f('ix_customer_numbers_customer_id'), ['customer_id'], unique=False)
            batch.create_foreign_key(batch.f('fk_customer_numbers_customer_id_customers'), 'customers',
                                     ['customer_id'], ['id'], ondelete='SET NULL')
    # A guest's checkout keeps its idempotency key without a customer.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", ".*uq_customers_email_lower")
        with op.batch_alter_table('idempotency_keys') as batch:
            batch.alter_column('customer_id', existing_type=ID, nullable=True)
    op.create_index('uq_idempotency_keys_guest_key', 'idempotency_keys', ['key'], unique=True,
                    postgresql_where=sa.text('customer_id IS NULL'), sqlite_where=sa.text('customer_id IS NULL'))
    with op.batch_alter_table('shop_settings') as batch:
        batch.add_column(sa.Column('registration', sa.String(length=10), server_default='OPEN', nullable=False))
        batch.add_column(sa.Column('default_customer_group_id', ID, nullable=True))
        batch.add_column(sa.Column('assign_customer_numbers', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.create_foreign_key(batch.f('fk_shop_settings_default_customer_group_id_customer_groups'), 'customer_groups', ['default_customer_group_id'], ['id'], ondelete='SET NULL')


def downgrade() -> None:
    op.drop_index('uq_idempotency_keys_guest_key', table_name='idempotency_keys')
    op.execute("DELETE FROM idempotency_keys WHERE customer_id IS NULL")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", ".*uq_customers_email_lower")
        with op.batch_alter_table('idempotency_keys') as batch:
            batch.alter_column('customer_id', existing_type=ID, nullable=False)
    with op.batch_alter_table('shop_settings') as batch:
        batch.drop_constraint(batch.f('fk_shop_settings_default_customer_group_id_customer_groups'), type_='foreignkey')
        batch.drop_column('assign_customer_numbers')
        batch.drop_column('default_customer_group_id')
        batch.drop_column('registration')
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", ".*uq_customers_email_lower")
        with op.batch_alter_table('customer_numbers') as batch:
            batch.drop_constraint(batch.f('fk_customer_numbers_customer_id_customers'), type_='foreignkey')
            batch.drop_index(batch.f('ix_customer_numbers_customer_id'))
            batch.drop_column('customer_id')
    op.drop_index(op.f('ix_customers_customer_number'), table_name='customers')
    op.drop_column('customers', 'accepts_partner_offers')
    op.drop_column('customers', 'email_marketing_consent_updated_at')
    op.drop_column('customers', 'email_marketing_consent')
    op.drop_column('customers', 'customer_number')
    op.drop_column('orders', 'email')
    op.drop_column('carts', 'email')
    op.drop_index(op.f('ix_catalog_customer_groups_group_id'), table_name='catalog_customer_groups')
    op.drop_table('catalog_customer_groups')
    op.drop_index(op.f('ix_customer_group_members_customer_id'), table_name='customer_group_members')
    op.drop_table('customer_group_members')
    op.drop_index(op.f('ix_customer_addresses_customer_id'), table_name='customer_addresses')
    op.drop_table('customer_addresses')
    op.drop_table('customer_groups')
