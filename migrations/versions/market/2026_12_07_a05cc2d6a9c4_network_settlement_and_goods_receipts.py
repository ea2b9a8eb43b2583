"""Trade between councils settled on both sides at once (a settlement row in
each tenant naming both journal entries; the order's settled_at), and a
numbered goods receipt for each donation in kind.

Revision ID: a05cc2d6a9c4
Revises: a7c3e9d1f508
Create Date: 2026-12-07 02:35:28.464483

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a05cc2d6a9c4'
down_revision = 'a7c3e9d1f508'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('market_network_settlement',
    sa.Column('network_order_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('side', sa.String(length=10), nullable=False),
    sa.Column('journal_entry_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('peer_tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('peer_settlement_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('peer_journal_entry_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('amount_satang', sa.BigInteger(), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('reference', sa.String(length=100), nullable=True),
    sa.Column('actor_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('settled_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("method IN ('cash', 'transfer')", name=op.f('ck_market_network_settlement_method_known')),
    sa.CheckConstraint("side IN ('sale', 'purchase')", name=op.f('ck_market_network_settlement_side_known')),
    sa.CheckConstraint('amount_satang > 0', name=op.f('ck_market_network_settlement_amount_positive')),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_market_network_settlement_actor_id_user_account'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['peer_tenant_id'], ['tenant.id'], name=op.f('fk_market_network_settlement_peer_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'journal_entry_id'], ['journal_entry.tenant_id', 'journal_entry.id'], name='fk_journal_entry_id_journal_entry_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'network_order_id'], ['market_network_order.tenant_id', 'market_network_order.id'], name='fk_network_order_id_market_network_order_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_network_settlement_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_network_settlement')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_network_settlement_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'network_order_id', name='uq_market_network_settlement_order')
    )
    with op.batch_alter_table('market_network_settlement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_network_settlement_peer_tenant_id'), ['peer_tenant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_network_settlement_tenant_id'), ['tenant_id'], unique=False)

    with op.batch_alter_table('market_donation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('goods_receipt_number', sa.String(length=40), nullable=True))
        batch_op.create_unique_constraint('uq_market_donation_goods_receipt', ['tenant_id', 'goods_receipt_number'])

    with op.batch_alter_table('market_network_order', schema=None) as batch_op:
        batch_op.add_column(sa.Column('settled_at', sa.DateTime(timezone=True), nullable=True))

    from core.tenancy.rls import enable_all

    enable_all(op.get_bind())


def downgrade():
    with op.batch_alter_table('market_network_order', schema=None) as batch_op:
        batch_op.drop_column('settled_at')

    with op.batch_alter_table('market_donation', schema=None) as batch_op:
        batch_op.drop_constraint('uq_market_donation_goods_receipt', type_='unique')
        batch_op.drop_column('goods_receipt_number')

    with op.batch_alter_table('market_network_settlement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_network_settlement_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_market_network_settlement_peer_tenant_id'))

    op.drop_table('market_network_settlement')
