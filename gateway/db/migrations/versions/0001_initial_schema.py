"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 20:38:55.836695
"""

from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('companies',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('external_id', sa.String(length=64), nullable=True),
    sa.Column('customer_number', sa.String(length=64), nullable=True),
    sa.Column('org_number', sa.String(length=64), nullable=True),
    sa.Column('website', sa.String(length=255), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('currency_code', sa.String(length=3), nullable=False),
    sa.Column('credit_limit', sa.BigInteger(), nullable=True),
    sa.Column('max_payment_days', sa.Integer(), nullable=True),
    sa.Column('risk_rating', sa.String(length=10), nullable=True),
    sa.Column('main_contact_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_companies')),
    sa.UniqueConstraint('customer_number', name=op.f('uq_companies_customer_number')),
    sa.UniqueConstraint('external_id', name=op.f('uq_companies_external_id'))
    )
    op.create_index(op.f('ix_companies_name'), 'companies', ['name'], unique=False)
    op.create_index(op.f('ix_companies_org_number'), 'companies', ['org_number'], unique=False)

    op.create_table('customers',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=True),
    sa.Column('last_name', sa.String(length=100), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('invited_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customers'))
    )
    op.create_index('uq_customers_email_lower', 'customers', [sa.text('lower(email)')], unique=True)
    op.create_table('login_codes',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('client_address', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('consumed_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_codes'))
    )
    op.create_index('ix_login_codes_client_created', 'login_codes', ['client_address', 'created_at'], unique=False)
    op.create_index('ix_login_codes_email_created', 'login_codes', ['email', 'created_at'], unique=False)

    op.create_table('outbox',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('recipient', sa.String(length=2048), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=True),
    sa.Column('headers', sa.JSON(), nullable=False),
    sa.Column('message_id', sa.String(length=255), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('give_up_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('drop_after', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox')),
    sa.UniqueConstraint('message_id', name=op.f('uq_outbox_message_id'))
    )
    op.create_index('ix_outbox_due', 'outbox', ['status', 'next_attempt_at'], unique=False)

    op.create_table('payment_terms_templates',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('terms_type', sa.String(length=10), nullable=False),
    sa.Column('due_in_days', sa.Integer(), nullable=True),
    sa.CheckConstraint("terms_type in ('RECEIPT','NET','FIXED')", name=op.f('ck_payment_terms_templates_terms_type')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_terms_templates')),
    sa.UniqueConstraint('name', name=op.f('uq_payment_terms_templates_name'))
    )
    op.create_table('price_lists',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('currency_code', sa.String(length=3), nullable=False),
    sa.Column('adjustment_type', sa.String(length=20), nullable=False),
    sa.Column('adjustment_bp', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_price_lists'))
    )
    op.create_table('products',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('handle', sa.String(length=255), nullable=False),
    sa.Column('title', sa.String(length=255), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_products')),
    sa.UniqueConstraint('handle', name=op.f('uq_products_handle'))
    )
    op.create_index(op.f('ix_products_title'), 'products', ['title'], unique=False)

    op.create_table('shop_settings',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('currency_code', sa.String(length=3), nullable=False),
    sa.Column('access_mode', sa.String(length=20), nullable=False),
    sa.Column('customer_number_prefix', sa.String(length=20), nullable=False),
    sa.Column('customer_number_next', sa.Integer(), nullable=False),
    sa.Column('block_checkout_when_overdue', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shop_settings'))
    )
    op.create_table('staff_tokens',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_tokens')),
    sa.UniqueConstraint('name', name=op.f('uq_staff_tokens_name')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_staff_tokens_token_hash'))
    )
    op.create_table('catalogs',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('title', sa.String(length=255), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('all_products', sa.Boolean(), nullable=False),
    sa.Column('price_list_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['price_list_id'], ['price_lists.id'], name=op.f('fk_catalogs_price_list_id_price_lists'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalogs')),
    sa.UniqueConstraint('price_list_id', name=op.f('uq_catalogs_price_list_id'))
    )
    op.create_table('company_contacts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('company_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('customer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_company_contacts_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_company_contacts_customer_id_customers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_company_contacts')),
    sa.UniqueConstraint('company_id', 'customer_id', name=op.f('uq_company_contacts_company_id'))
    )
    op.create_index(op.f('ix_company_contacts_company_id'), 'company_contacts', ['company_id'], unique=False)
    op.create_index(op.f('ix_company_contacts_customer_id'), 'company_contacts', ['customer_id'], unique=False)
    # companies <-> company_contacts is circular: the main contact's key comes once both exist.
    with op.batch_alter_table('companies') as batch_op:
        batch_op.create_foreign_key(
            op.f('fk_companies_main_contact_id_company_contacts'), 'company_contacts',
            ['main_contact_id'], ['id'], ondelete='SET NULL',
        )

    op.create_table('company_locations',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('company_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('external_id', sa.String(length=64), nullable=True),
    sa.Column('billing_address', sa.JSON(), nullable=True),
    sa.Column('shipping_address', sa.JSON(), nullable=True),
    sa.Column('payment_terms_template_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('payment_terms_due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('checkout_to_draft', sa.Boolean(), nullable=False),
    sa.Column('deposit_percentage', sa.Integer(), nullable=True),
    sa.Column('editable_shipping_address', sa.Boolean(), nullable=False),
    sa.Column('tax_exempt', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_company_locations_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['payment_terms_template_id'], ['payment_terms_templates.id'], name=op.f('fk_company_locations_payment_terms_template_id_payment_terms_templates')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_company_locations')),
    sa.UniqueConstraint('external_id', name=op.f('uq_company_locations_external_id'))
    )
    op.create_index(op.f('ix_company_locations_company_id'), 'company_locations', ['company_id'], unique=False)

    op.create_table('product_variants',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('product_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=255), nullable=False),
    sa.Column('price', sa.BigInteger(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('price >= 0', name=op.f('ck_product_variants_price_not_negative')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_product_variants_product_id_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product_variants')),
    sa.UniqueConstraint('sku', name=op.f('uq_product_variants_sku'))
    )
    op.create_index(op.f('ix_product_variants_product_id'), 'product_variants', ['product_id'], unique=False)

    op.create_table('carts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('customer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('location_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('po_number', sa.String(length=100), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('shipping_address', sa.JSON(), nullable=True),
    sa.Column('billing_address', sa.JSON(), nullable=True),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_carts_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['location_id'], ['company_locations.id'], name=op.f('fk_carts_location_id_company_locations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_carts')),
    sa.UniqueConstraint('token', name=op.f('uq_carts_token'))
    )
    op.create_index(op.f('ix_carts_customer_id'), 'carts', ['customer_id'], unique=False)

    op.create_table('catalog_locations',
    sa.Column('catalog_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('location_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['catalog_id'], ['catalogs.id'], name=op.f('fk_catalog_locations_catalog_id_catalogs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['location_id'], ['company_locations.id'], name=op.f('fk_catalog_locations_location_id_company_locations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('catalog_id', 'location_id', name=op.f('pk_catalog_locations'))
    )
    op.create_index(op.f('ix_catalog_locations_location_id'), 'catalog_locations', ['location_id'], unique=False)

    op.create_table('catalog_products',
    sa.Column('catalog_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('product_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['catalog_id'], ['catalogs.id'], name=op.f('fk_catalog_products_catalog_id_catalogs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_catalog_products_product_id_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('catalog_id', 'product_id', name=op.f('pk_catalog_products'))
    )
    op.create_index(op.f('ix_catalog_products_product_id'), 'catalog_products', ['product_id'], unique=False)

    op.create_table('customer_sessions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('customer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('selected_location_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_customer_sessions_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['selected_location_id'], ['company_locations.id'], name=op.f('fk_customer_sessions_selected_location_id_company_locations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customer_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_customer_sessions_token_hash'))
    )
    op.create_index(op.f('ix_customer_sessions_customer_id'), 'customer_sessions', ['customer_id'], unique=False)

    op.create_table('price_list_prices',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('price_list_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('variant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('price', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('price >= 0', name=op.f('ck_price_list_prices_price_not_negative')),
    sa.ForeignKeyConstraint(['price_list_id'], ['price_lists.id'], name=op.f('fk_price_list_prices_price_list_id_price_lists'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['variant_id'], ['product_variants.id'], name=op.f('fk_price_list_prices_variant_id_product_variants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_price_list_prices')),
    sa.UniqueConstraint('price_list_id', 'variant_id', name=op.f('uq_price_list_prices_price_list_id'))
    )
    op.create_index(op.f('ix_price_list_prices_variant_id'), 'price_list_prices', ['variant_id'], unique=False)

    op.create_table('quantity_price_breaks',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('price_list_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('variant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('minimum_quantity', sa.Integer(), nullable=False),
    sa.Column('price', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('minimum_quantity >= 2', name=op.f('ck_quantity_price_breaks_minimum_quantity')),
    sa.CheckConstraint('price >= 0', name=op.f('ck_quantity_price_breaks_price_not_negative')),
    sa.ForeignKeyConstraint(['price_list_id'], ['price_lists.id'], name=op.f('fk_quantity_price_breaks_price_list_id_price_lists'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['variant_id'], ['product_variants.id'], name=op.f('fk_quantity_price_breaks_variant_id_product_variants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quantity_price_breaks')),
    sa.UniqueConstraint('price_list_id', 'variant_id', 'minimum_quantity', name=op.f('uq_quantity_price_breaks_price_list_id'))
    )
    op.create_index(op.f('ix_quantity_price_breaks_variant_id'), 'quantity_price_breaks', ['variant_id'], unique=False)

    op.create_table('quantity_rules',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('price_list_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('variant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('minimum', sa.Integer(), nullable=False),
    sa.Column('maximum', sa.Integer(), nullable=True),
    sa.Column('increment', sa.Integer(), nullable=False),
    sa.CheckConstraint('minimum >= 1 AND increment >= 1', name=op.f('ck_quantity_rules_positive')),
    sa.ForeignKeyConstraint(['price_list_id'], ['price_lists.id'], name=op.f('fk_quantity_rules_price_list_id_price_lists'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['variant_id'], ['product_variants.id'], name=op.f('fk_quantity_rules_variant_id_product_variants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quantity_rules')),
    sa.UniqueConstraint('price_list_id', 'variant_id', name=op.f('uq_quantity_rules_price_list_id'))
    )
    op.create_index(op.f('ix_quantity_rules_variant_id'), 'quantity_rules', ['variant_id'], unique=False)

    op.create_table('role_assignments',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('contact_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('location_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['company_contacts.id'], name=op.f('fk_role_assignments_contact_id_company_contacts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['location_id'], ['company_locations.id'], name=op.f('fk_role_assignments_location_id_company_locations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_assignments')),
    sa.UniqueConstraint('contact_id', 'location_id', name=op.f('uq_role_assignments_contact_id'))
    )
    op.create_index(op.f('ix_role_assignments_location_id'), 'role_assignments', ['location_id'], unique=False)

    op.create_table('cart_lines',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('cart_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('variant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('quantity >= 1', name=op.f('ck_cart_lines_quantity_positive')),
    sa.ForeignKeyConstraint(['cart_id'], ['carts.id'], name=op.f('fk_cart_lines_cart_id_carts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['variant_id'], ['product_variants.id'], name=op.f('fk_cart_lines_variant_id_product_variants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cart_lines')),
    sa.UniqueConstraint('cart_id', 'variant_id', name=op.f('uq_cart_lines_cart_id'))
    )
    op.create_index(op.f('ix_cart_lines_cart_id'), 'cart_lines', ['cart_id'], unique=False)

    _seed()


def _seed() -> None:
    templates = sa.table(
        'payment_terms_templates',
        sa.column('id', sa.Integer), sa.column('name', sa.String),
        sa.column('terms_type', sa.String), sa.column('due_in_days', sa.Integer),
    )
    op.bulk_insert(templates, [
        {'id': 1, 'name': 'Due on receipt', 'terms_type': 'RECEIPT', 'due_in_days': None},
        *({'id': i + 2, 'name': f'Net {days}', 'terms_type': 'NET', 'due_in_days': days}
          for i, days in enumerate((7, 15, 30, 45, 60, 90))),
        {'id': 8, 'name': 'Fixed date', 'terms_type': 'FIXED', 'due_in_days': None},
    ])
    now = datetime.now(timezone.utc)
    shop = sa.table(
        'shop_settings',
        sa.column('id', sa.Integer), sa.column('name', sa.String), sa.column('currency_code', sa.String),
        sa.column('access_mode', sa.String), sa.column('customer_number_prefix', sa.String),
        sa.column('customer_number_next', sa.Integer), sa.column('block_checkout_when_overdue', sa.Boolean),
        sa.column('created_at', sa.DateTime(timezone=True)), sa.column('updated_at', sa.DateTime(timezone=True)),
    )
    op.bulk_insert(shop, [{
        'id': 1, 'name': 'Gateway Shop', 'currency_code': 'EUR', 'access_mode': 'OPEN',
        'customer_number_prefix': 'K-', 'customer_number_next': 10000,
        'block_checkout_when_overdue': False, 'created_at': now, 'updated_at': now,
    }])
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("SELECT setval('payment_terms_templates_id_seq', 8)")
        op.execute("SELECT setval('shop_settings_id_seq', 1)")


def downgrade() -> None:
    op.drop_index(op.f('ix_cart_lines_cart_id'), table_name='cart_lines')

    op.drop_table('cart_lines')
    op.drop_index(op.f('ix_role_assignments_location_id'), table_name='role_assignments')

    op.drop_table('role_assignments')
    op.drop_index(op.f('ix_quantity_rules_variant_id'), table_name='quantity_rules')

    op.drop_table('quantity_rules')
    op.drop_index(op.f('ix_quantity_price_breaks_variant_id'), table_name='quantity_price_breaks')

    op.drop_table('quantity_price_breaks')
    op.drop_index(op.f('ix_price_list_prices_variant_id'), table_name='price_list_prices')

    op.drop_table('price_list_prices')
    op.drop_index(op.f('ix_customer_sessions_customer_id'), table_name='customer_sessions')

    op.drop_table('customer_sessions')
    op.drop_index(op.f('ix_catalog_products_product_id'), table_name='catalog_products')

    op.drop_table('catalog_products')
    op.drop_index(op.f('ix_catalog_locations_location_id'), table_name='catalog_locations')

    op.drop_table('catalog_locations')
    op.drop_index(op.f('ix_carts_customer_id'), table_name='carts')

    op.drop_table('carts')
    op.drop_index(op.f('ix_product_variants_product_id'), table_name='product_variants')

    op.drop_table('product_variants')
    op.drop_index(op.f('ix_company_locations_company_id'), table_name='company_locations')

    op.drop_table('company_locations')
    with op.batch_alter_table('companies') as batch_op:
        batch_op.drop_constraint(op.f('fk_companies_main_contact_id_company_contacts'), type_='foreignkey')
    op.drop_index(op.f('ix_company_contacts_customer_id'), table_name='company_contacts')
    op.drop_index(op.f('ix_company_contacts_company_id'), table_name='company_contacts')

    op.drop_table('company_contacts')
    op.drop_table('catalogs')
    op.drop_table('staff_tokens')
    op.drop_table('shop_settings')
    op.drop_index(op.f('ix_products_title'), table_name='products')

    op.drop_table('products')
    op.drop_table('price_lists')
    op.drop_table('payment_terms_templates')
    op.drop_index('ix_outbox_due', table_name='outbox')

    op.drop_table('outbox')
    op.drop_index('ix_login_codes_email_created', table_name='login_codes')
    op.drop_index('ix_login_codes_client_created', table_name='login_codes')

    op.drop_table('login_codes')
    op.drop_index('uq_customers_email_lower', table_name='customers')
    op.drop_table('customers')
    op.drop_index(op.f('ix_companies_org_number'), table_name='companies')
    op.drop_index(op.f('ix_companies_name'), table_name='companies')

    op.drop_table('companies')
