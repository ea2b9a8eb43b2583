"""Queue rules and one household wallet: each centre sets its check-in window
and the order in which a household's wallet pays; a household holds one queue
ticket per round (a partial UNIQUE index).

Store credit (refunds, overpayments) joins coupons and waste-bank credit as
the wallet's third instrument, with its append-only entries; an order records
the store and waste-bank credit that paid it (``credit_paid``, and one row per
spend so a cancelled order gives each back). Every new tenant table joins
row-level security.

Before the index is made, older duplicate tickets of a household in a round
keep their number but lose the household link (the earliest ticket keeps it).

Revision ID: a7c3e9f1d2b4
Revises: 2b173bb7a24e
Create Date: 2026-12-07 02:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'a7c3e9f1d2b4'
down_revision = '2b173bb7a24e'
branch_labels = None
depends_on = None

WALLET_ORDER = "coupons,store_credit,waste_credit"


def upgrade():
    with op.batch_alter_table('market_centre', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checkin_before_minutes', sa.Integer(), server_default='120', nullable=False))
        batch_op.add_column(sa.Column('checkin_after_minutes', sa.Integer(), server_default='60', nullable=False))
        batch_op.add_column(sa.Column('wallet_order', sa.String(length=60), server_default=WALLET_ORDER, nullable=False))
        batch_op.create_check_constraint(
            op.f('ck_market_centre_checkin_window'),
            'checkin_before_minutes BETWEEN 0 AND 720 AND checkin_after_minutes BETWEEN 0 AND 720',
        )

    op.execute(
        "UPDATE market_queue_ticket SET household_id = NULL WHERE household_id IS NOT NULL AND id NOT IN ("
        " SELECT min(id) FROM market_queue_ticket WHERE household_id IS NOT NULL"
        " GROUP BY tenant_id, round_id, household_id)"
    )
    with op.batch_alter_table('market_queue_ticket', schema=None) as batch_op:
        batch_op.create_index(
            'uq_market_queue_ticket_household', ['tenant_id', 'round_id', 'household_id'], unique=True,
            postgresql_where=sa.text('household_id IS NOT NULL'), sqlite_where=sa.text('household_id IS NOT NULL'),
        )

    op.create_table('market_store_credit',
    sa.Column('household_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('balance_satang', sa.BigInteger(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('balance_satang >= 0', name=op.f('ck_market_store_credit_balance_not_negative')),
    sa.ForeignKeyConstraint(['tenant_id', 'household_id'], ['household.tenant_id', 'household.id'], name='fk_household_id_household_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_store_credit_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_store_credit')),
    sa.UniqueConstraint('tenant_id', 'household_id', name='uq_market_store_credit_household'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_store_credit_tenant_id')
    )
    with op.batch_alter_table('market_store_credit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_store_credit_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('market_store_credit_entry',
    sa.Column('store_credit_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=True),
    sa.Column('amount_satang', sa.BigInteger(), nullable=False),
    sa.Column('idempotency_key', sa.String(length=100), nullable=False),
    sa.Column('service_point_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('operator_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('ref', sa.String(length=100), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.Column('reversal_of_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("(kind = 'credit' AND amount_satang > 0 AND source IS NOT NULL) OR (kind = 'spend' AND amount_satang < 0) OR (kind = 'reversal' AND amount_satang > 0 AND reversal_of_id IS NOT NULL)", name=op.f('ck_market_store_credit_entry_sign_matches_kind')),
    sa.CheckConstraint("kind IN ('credit','spend','reversal')", name=op.f('ck_market_store_credit_entry_kind')),
    sa.CheckConstraint("source IS NULL OR source IN ('refund','overpayment','adjustment')", name=op.f('ck_market_store_credit_entry_source')),
    sa.ForeignKeyConstraint(['operator_id'], ['user_account.id'], name=op.f('fk_market_store_credit_entry_operator_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'reversal_of_id'], ['market_store_credit_entry.tenant_id', 'market_store_credit_entry.id'], name='fk_reversal_of_id_market_store_credit_entry_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'service_point_id'], ['market_service_point.tenant_id', 'market_service_point.id'], name='fk_service_point_id_market_service_point_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'store_credit_id'], ['market_store_credit.tenant_id', 'market_store_credit.id'], name='fk_store_credit_id_market_store_credit_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_store_credit_entry_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_store_credit_entry')),
    sa.UniqueConstraint('reversal_of_id', name='uq_market_store_credit_entry_reversal'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_store_credit_entry_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'idempotency_key', name='uq_market_store_credit_entry_key')
    )
    with op.batch_alter_table('market_store_credit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_store_credit_entry_store_credit_id'), ['store_credit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_store_credit_entry_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('market_order_wallet_payment',
    sa.Column('order_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('instrument', sa.String(length=20), nullable=False),
    sa.Column('store_credit_entry_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('wallet_entry_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reversed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("(instrument = 'store_credit' AND store_credit_entry_id IS NOT NULL AND wallet_entry_id IS NULL) OR (instrument = 'waste_credit' AND wallet_entry_id IS NOT NULL AND store_credit_entry_id IS NULL)", name=op.f('ck_market_order_wallet_payment_one_instrument')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_market_order_wallet_payment_amount_positive')),
    sa.ForeignKeyConstraint(['tenant_id', 'order_id'], ['market_order.tenant_id', 'market_order.id'], name='fk_order_id_market_order_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'store_credit_entry_id'], ['market_store_credit_entry.tenant_id', 'market_store_credit_entry.id'], name='fk_store_credit_entry_id_market_store_credit_entry_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'wallet_entry_id'], ['market_wallet_entry.tenant_id', 'market_wallet_entry.id'], name='fk_wallet_entry_id_market_wallet_entry_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_order_wallet_payment_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_order_wallet_payment')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_order_wallet_payment_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'store_credit_entry_id', name='uq_market_order_wallet_payment_store_credit'),
    sa.UniqueConstraint('tenant_id', 'wallet_entry_id', name='uq_market_order_wallet_payment_waste_credit')
    )
    with op.batch_alter_table('market_order_wallet_payment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_order_wallet_payment_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_order_wallet_payment_tenant_id'), ['tenant_id'], unique=False)

    with op.batch_alter_table('market_order', schema=None) as batch_op:
        batch_op.add_column(sa.Column('credit_paid', sa.BigInteger(), server_default='0', nullable=False))

    with op.batch_alter_table('market_order', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_market_order_not_overpaid'), type_='check')
        batch_op.drop_constraint(op.f('ck_market_order_paid_not_negative'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_market_order_not_overpaid'), 'coupon_paid + cash_paid + credit_paid <= total'
        )
        batch_op.create_check_constraint(
            op.f('ck_market_order_paid_not_negative'), 'coupon_paid >= 0 AND cash_paid >= 0 AND credit_paid >= 0'
        )

    from core.tenancy.rls import enable_all

    enable_all(op.get_bind())


def downgrade():
    with op.batch_alter_table('market_order', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_market_order_not_overpaid'), type_='check')
        batch_op.drop_constraint(op.f('ck_market_order_paid_not_negative'), type_='check')
        batch_op.create_check_constraint(op.f('ck_market_order_not_overpaid'), 'coupon_paid + cash_paid <= total')
        batch_op.create_check_constraint(op.f('ck_market_order_paid_not_negative'), 'coupon_paid >= 0 AND cash_paid >= 0')

    with op.batch_alter_table('market_order', schema=None) as batch_op:
        batch_op.drop_column('credit_paid')

    with op.batch_alter_table('market_order_wallet_payment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_order_wallet_payment_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_market_order_wallet_payment_order_id'))

    op.drop_table('market_order_wallet_payment')
    with op.batch_alter_table('market_store_credit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_store_credit_entry_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_market_store_credit_entry_store_credit_id'))

    op.drop_table('market_store_credit_entry')
    with op.batch_alter_table('market_store_credit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_store_credit_tenant_id'))

    op.drop_table('market_store_credit')

    with op.batch_alter_table('market_queue_ticket', schema=None) as batch_op:
        batch_op.drop_index('uq_market_queue_ticket_household')
    with op.batch_alter_table('market_centre', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_market_centre_checkin_window'), type_='check')
        batch_op.drop_column('wallet_order')
        batch_op.drop_column('checkin_after_minutes')
        batch_op.drop_column('checkin_before_minutes')
