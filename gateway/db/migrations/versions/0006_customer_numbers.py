"""customer_numbers: every customer number ever issued, so none is reused; backfilled from companies

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 00:20:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('customer_numbers',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('number', sa.String(length=64), nullable=False),
    sa.Column('company_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_customer_numbers_company_id_companies'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customer_numbers')),
    sa.UniqueConstraint('number', name=op.f('uq_customer_numbers_number'))
    )
    op.create_index(op.f('ix_customer_numbers_company_id'), 'customer_numbers', ['company_id'], unique=False)
    # The numbers companies hold now were issued to them when they were made.
    op.execute(
        "INSERT INTO customer_numbers (number, company_id, issued_at) "
        "SELECT customer_number, id, created_at FROM companies WHERE customer_number IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_index(op.f('ix_customer_numbers_company_id'), table_name='customer_numbers')
    op.drop_table('customer_numbers')
