"""Stripe payouts and their balance transactions, for reconciliation.

Revision ID: b8cd1cfea8ee
Revises: 31ad58ec56fb
Create Date: 2026-11-23 18:32:34.089998

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b8cd1cfea8ee'
down_revision = '31ad58ec56fb'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('stripe_payout',
    sa.Column('stripe_id', sa.String(length=255), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('fee_total', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('arrival_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('description', sa.String(length=300), nullable=True),
    sa.Column('transactions_synced', sa.Boolean(), nullable=False),
    sa.Column('statement_line_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('journal_entry_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('matched_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'journal_entry_id'], ['journal_entry.tenant_id', 'journal_entry.id'], name='fk_journal_entry_id_journal_entry_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'statement_line_id'], ['statement_line.tenant_id', 'statement_line.id'], name='fk_statement_line_id_statement_line_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_stripe_payout_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stripe_payout')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_stripe_payout_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'statement_line_id', name='uq_stripe_payout_statement_line'),
    sa.UniqueConstraint('tenant_id', 'stripe_id', name='uq_stripe_payout_stripe_id')
    )
    with op.batch_alter_table('stripe_payout', schema=None) as batch_op:
        batch_op.create_index('ix_stripe_payout_tenant_arrival', ['tenant_id', 'arrival_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_stripe_payout_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('stripe_balance_transaction',
    sa.Column('payout_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('stripe_id', sa.String(length=255), nullable=False),
    sa.Column('type', sa.String(length=40), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('fee', sa.BigInteger(), nullable=False),
    sa.Column('net', sa.BigInteger(), nullable=False),
    sa.Column('source_id', sa.String(length=255), nullable=True),
    sa.Column('payment_intent_id', sa.String(length=255), nullable=True),
    sa.Column('metadata_payment_id', sa.BigInteger(), nullable=True),
    sa.Column('created', sa.DateTime(timezone=True), nullable=True),
    sa.Column('payment_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'payment_id'], ['payment.tenant_id', 'payment.id'], name='fk_payment_id_payment_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'payout_id'], ['stripe_payout.tenant_id', 'stripe_payout.id'], name='fk_payout_id_stripe_payout_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_stripe_balance_transaction_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stripe_balance_transaction')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_stripe_balance_transaction_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'stripe_id', name='uq_stripe_balance_transaction_stripe_id')
    )
    with op.batch_alter_table('stripe_balance_transaction', schema=None) as batch_op:
        batch_op.create_index('ix_stripe_balance_transaction_payment', ['tenant_id', 'payment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stripe_balance_transaction_payout_id'), ['payout_id'], unique=False)
        batch_op.create_index('ix_stripe_balance_transaction_source', ['tenant_id', 'source_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stripe_balance_transaction_tenant_id'), ['tenant_id'], unique=False)



def downgrade():
    with op.batch_alter_table('stripe_balance_transaction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stripe_balance_transaction_tenant_id'))
        batch_op.drop_index('ix_stripe_balance_transaction_source')
        batch_op.drop_index(batch_op.f('ix_stripe_balance_transaction_payout_id'))
        batch_op.drop_index('ix_stripe_balance_transaction_payment')

    op.drop_table('stripe_balance_transaction')
    with op.batch_alter_table('stripe_payout', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stripe_payout_tenant_id'))
        batch_op.drop_index('ix_stripe_payout_tenant_arrival')

    op.drop_table('stripe_payout')
