"""One-time password codes (``password_code``): staff, the operator's command
line or the "forgot password" page issue them; only an HMAC of each is kept.
Accounts belong to no tenant, so neither does this table (the organisation a
code was issued in is ``issued_in``, which row-level security does not read as
a tenant column).

Revision ID: a7c3e9d1f508
Revises: a7c3e9d1f205
Create Date: 2026-12-07 02:40:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a7c3e9d1f508'
down_revision = 'a7c3e9d1f205'
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade():
    op.create_table('password_code',
    sa.Column('user_id', BigId, nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('purpose', sa.String(length=10), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('issued_by_user_id', BigId, nullable=True),
    sa.Column('issued_in', BigId, nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('wrong_attempts', sa.Integer(), nullable=False),
    sa.Column('id', BigId, autoincrement=True, nullable=False),
    sa.CheckConstraint("purpose IN ('reset', 'set')", name=op.f('ck_password_code_purpose')),
    sa.CheckConstraint("channel IN ('print', 'sms', 'line', 'email', 'cli')", name=op.f('ck_password_code_channel')),
    sa.ForeignKeyConstraint(['issued_by_user_id'], ['user_account.id'], name=op.f('fk_password_code_issued_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['issued_in'], ['tenant.id'], name=op.f('fk_password_code_issued_in_tenant'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_password_code_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_code'))
    )
    with op.batch_alter_table('password_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_password_code_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('password_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_password_code_user_id'))
    op.drop_table('password_code')
