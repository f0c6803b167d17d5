"""shop_settings.default_credit_limit: the credit limit new companies get, 10,000.00 by default

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 00:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# gateway/db/models/shop.py DEFAULT_CREDIT_LIMIT, copied: a migration never imports the models.
DEFAULT_CREDIT_LIMIT = 1000000


def upgrade() -> None:
    with op.batch_alter_table('shop_settings') as batch:
        batch.add_column(sa.Column('default_credit_limit', sa.BigInteger(), nullable=True))
    # An existing shop gets it too: a company made after the upgrade no longer owes without a limit
    # unless the merchant says so (shopUpdate(input: {defaultCreditLimit: null})).
    op.execute(f"UPDATE shop_settings SET default_credit_limit = {DEFAULT_CREDIT_LIMIT}")


def downgrade() -> None:
    with op.batch_alter_table('shop_settings') as batch:
        batch.drop_column('default_credit_limit')
