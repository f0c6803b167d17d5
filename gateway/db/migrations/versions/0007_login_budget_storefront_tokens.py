"""login_budgets (failed login tries per email, across codes) and storefront_tokens (private tokens
of server-side storefronts)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 00:10:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('login_budgets',
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('consecutive_failures', sa.Integer(), nullable=False),
    sa.Column('lockouts', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('email', name=op.f('pk_login_budgets'))
    )
    op.create_index(op.f('ix_login_budgets_updated_at'), 'login_budgets', ['updated_at'], unique=False)
    op.create_table('storefront_tokens',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_storefront_tokens')),
    sa.UniqueConstraint('name', name=op.f('uq_storefront_tokens_name')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_storefront_tokens_token_hash'))
    )


def downgrade() -> None:
    op.drop_table('storefront_tokens')
    op.drop_index(op.f('ix_login_budgets_updated_at'), table_name='login_budgets')
    op.drop_table('login_budgets')
