"""Messaging: per-person contact preferences (channel order, opt-outs, LINE user id).

Revision ID: 9095939aba4c
Revises: 0f52c36cdbaa
Create Date: 2026-11-23 17:51:12.542105

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '9095939aba4c'
down_revision = '0f52c36cdbaa'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('contact_preference',
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('channel_order', sa.JSON(), nullable=False),
    sa.Column('opted_out_channels', sa.JSON(), nullable=False),
    sa.Column('opted_out_all', sa.Boolean(), nullable=False),
    sa.Column('line_user_id', sa.String(length=64), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'person_id'], ['person.tenant_id', 'person.id'], name='fk_person_id_person_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_contact_preference_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_preference')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_contact_preference_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'person_id', name='uq_contact_preference_person')
    )
    with op.batch_alter_table('contact_preference', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_preference_tenant_id'), ['tenant_id'], unique=False)


def downgrade():
    with op.batch_alter_table('contact_preference', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_preference_tenant_id'))

    op.drop_table('contact_preference')
