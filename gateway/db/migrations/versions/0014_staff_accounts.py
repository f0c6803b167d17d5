"""staff accounts and console sessions; roles on staff tokens; login codes by purpose

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 00:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('staff_members',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_members')),
    sa.UniqueConstraint('email', name=op.f('uq_staff_members_email'))
    )
    op.create_table('staff_sessions',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('staff_member_id', ID, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['staff_member_id'], ['staff_members.id'], name=op.f('fk_staff_sessions_staff_member_id_staff_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_staff_sessions_token_hash'))
    )
    op.create_index(op.f('ix_staff_sessions_staff_member_id'), 'staff_sessions', ['staff_member_id'], unique=False)
    # Tokens made before roles keep every right they had: MANAGER runs the shop (docs/decisions.md).
    op.add_column('staff_tokens', sa.Column('role', sa.String(length=16), server_default='MANAGER', nullable=False))
    op.add_column('login_codes', sa.Column('purpose', sa.String(length=16), server_default='buyer', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('login_codes') as batch_op:
        batch_op.drop_column('purpose')
    with op.batch_alter_table('staff_tokens') as batch_op:
        batch_op.drop_column('role')
    op.drop_index(op.f('ix_staff_sessions_staff_member_id'), table_name='staff_sessions')
    op.drop_table('staff_sessions')
    op.drop_table('staff_members')
