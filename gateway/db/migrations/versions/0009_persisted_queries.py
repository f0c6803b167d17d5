"""persisted_queries: automatic persisted queries (documents by SHA-256), shared by every instance

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 00:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('persisted_queries',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('query', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_persisted_queries'))
    )


def downgrade() -> None:
    op.drop_table('persisted_queries')
