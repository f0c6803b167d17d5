"""shop_settings.catalog_version: bumped by every write that can change a Storefront catalog answer

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 00:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('shop_settings') as batch:
        batch.add_column(sa.Column('catalog_version', sa.BigInteger(), nullable=False, server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('shop_settings') as batch:
        batch.drop_column('catalog_version')
