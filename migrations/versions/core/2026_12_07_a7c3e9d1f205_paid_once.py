"""Every baht paid once: overpayments with a refund path, delivery attempts
that can be retried, and requests held above a ceiling for a second person.

Revision ID: a7c3e9d1f205
Revises: a7c3e9f1d2b4
Create Date: 2026-12-07 02:31:00.656568

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a7c3e9d1f205'
down_revision = 'a7c3e9f1d2b4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('ceiling_held_action',
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('ceiling', sa.BigInteger(), nullable=False),
    sa.Column('summary', sa.String(length=300), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('requested_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('decided_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reject_reason', sa.Text(), nullable=True),
    sa.Column('result_ref', sa.String(length=120), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status = 'held' OR decided_by_user_id IS NOT NULL", name=op.f('ck_ceiling_held_action_decided_has_person')),
    sa.CheckConstraint("status IN ('held', 'confirmed', 'rejected')", name=op.f('ck_ceiling_held_action_status')),
    sa.CheckConstraint('amount > ceiling', name=op.f('ck_ceiling_held_action_above_ceiling')),
    sa.CheckConstraint('decided_by_user_id IS NULL OR decided_by_user_id <> requested_by_user_id', name=op.f('ck_ceiling_held_action_second_person')),
    sa.ForeignKeyConstraint(['decided_by_user_id'], ['user_account.id'], name=op.f('fk_ceiling_held_action_decided_by_user_id_user_account'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['requested_by_user_id'], ['user_account.id'], name=op.f('fk_ceiling_held_action_requested_by_user_id_user_account'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_ceiling_held_action_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ceiling_held_action')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_ceiling_held_action_tenant_id')
    )
    with op.batch_alter_table('ceiling_held_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ceiling_held_action_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ix_ceiling_held_action_tenant_status', ['tenant_id', 'status'], unique=False)

    op.create_table('payment_overpayment',
    sa.Column('payment_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('purpose', sa.String(length=80), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('refund_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('receipt_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('credit_ref', sa.String(length=80), nullable=True),
    sa.Column('resolved_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("reason IN ('already_paid', 'after_cancel')", name=op.f('ck_payment_overpayment_reason')),
    sa.CheckConstraint("status <> 'refunded' OR refund_id IS NOT NULL", name=op.f('ck_payment_overpayment_refunded_has_refund')),
    sa.CheckConstraint("status <> 'credited' OR credit_ref IS NOT NULL", name=op.f('ck_payment_overpayment_credited_has_ref')),
    sa.CheckConstraint("status IN ('open', 'refunded', 'credited')", name=op.f('ck_payment_overpayment_status')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_payment_overpayment_amount_positive')),
    sa.ForeignKeyConstraint(['resolved_by_user_id'], ['user_account.id'], name=op.f('fk_payment_overpayment_resolved_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'payment_id'], ['payment.tenant_id', 'payment.id'], name='fk_payment_id_payment_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'receipt_id'], ['receipt.tenant_id', 'receipt.id'], name='fk_receipt_id_receipt_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'refund_id'], ['payment_refund.tenant_id', 'payment_refund.id'], name='fk_refund_id_payment_refund_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_payment_overpayment_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_overpayment')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_payment_overpayment_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'payment_id', name='uq_payment_overpayment_payment')
    )
    with op.batch_alter_table('payment_overpayment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_overpayment_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ix_payment_overpayment_tenant_status', ['tenant_id', 'status'], unique=False)

    op.create_table('market_delivery_attempt',
    sa.Column('delivery_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('volunteer_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint('length(reason) > 0', name=op.f('ck_market_delivery_attempt_has_reason')),
    sa.ForeignKeyConstraint(['tenant_id', 'delivery_id'], ['market_delivery.tenant_id', 'market_delivery.id'], name='fk_delivery_id_market_delivery_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_delivery_attempt_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['volunteer_user_id'], ['user_account.id'], name=op.f('fk_market_delivery_attempt_volunteer_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_delivery_attempt')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_delivery_attempt_tenant_id')
    )
    with op.batch_alter_table('market_delivery_attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_delivery_attempt_delivery_id'), ['delivery_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_delivery_attempt_tenant_id'), ['tenant_id'], unique=False)

    from core.tenancy.rls import enable_all

    enable_all(op.get_bind())


def downgrade():
    with op.batch_alter_table('market_delivery_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_delivery_attempt_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_market_delivery_attempt_delivery_id'))

    op.drop_table('market_delivery_attempt')
    with op.batch_alter_table('payment_overpayment', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_overpayment_tenant_status')
        batch_op.drop_index(batch_op.f('ix_payment_overpayment_tenant_id'))

    op.drop_table('payment_overpayment')
    with op.batch_alter_table('ceiling_held_action', schema=None) as batch_op:
        batch_op.drop_index('ix_ceiling_held_action_tenant_status')
        batch_op.drop_index(batch_op.f('ix_ceiling_held_action_tenant_id'))

    op.drop_table('ceiling_held_action')
