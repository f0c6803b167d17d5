"""a customer's default payment method (the buyer's account)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 22:45:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('payment_methods', sa.Column('is_default', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('payment_methods') as batch:
        batch.drop_column('is_default')
