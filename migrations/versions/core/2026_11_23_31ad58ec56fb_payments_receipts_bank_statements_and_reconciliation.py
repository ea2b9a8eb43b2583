"""Payments, receipts, bank statements and reconciliation: payment (status
machine), payment_event, payment_refund, payment_stripe_event (each webhook
event once), receipt and its gapless counter, bank accounts, statement
mappings, imports and lines, reconciliation matches and resolved exceptions.

Reviewed by hand: every table is tenant-scoped with composite keys; no data
migration is needed.

Revision ID: 31ad58ec56fb
Revises: 9095939aba4c
Create Date: 2026-11-23 18:25:34.649632

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '31ad58ec56fb'
down_revision = '9095939aba4c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('receipt_counter',
    sa.Column('book', sa.String(length=40), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint('last_number >= 0', name=op.f('ck_receipt_counter_last_number_not_negative')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_receipt_counter_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_receipt_counter')),
    sa.UniqueConstraint('tenant_id', 'book', 'year', name='uq_receipt_counter_book_year'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_receipt_counter_tenant_id')
    )
    with op.batch_alter_table('receipt_counter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_receipt_counter_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('bank_account',
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('bank', sa.String(length=60), nullable=False),
    sa.Column('number_masked', sa.String(length=40), nullable=False),
    sa.Column('ledger_account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'ledger_account_id'], ['ledger_account.tenant_id', 'ledger_account.id'], name='fk_ledger_account_id_ledger_account_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_bank_account_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_account')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_bank_account_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'ledger_account_id', name='uq_bank_account_ledger_account'),
    sa.UniqueConstraint('tenant_id', 'name', name='uq_bank_account_name')
    )
    with op.batch_alter_table('bank_account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bank_account_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('statement_import',
    sa.Column('bank_account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('mode', sa.String(length=20), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('encoding', sa.String(length=20), nullable=True),
    sa.Column('total_rows', sa.Integer(), nullable=False),
    sa.Column('processed_rows', sa.Integer(), nullable=False),
    sa.Column('errors', sa.JSON(), nullable=False),
    sa.Column('message', sa.String(length=200), nullable=True),
    sa.Column('lines_added', sa.Integer(), nullable=False),
    sa.Column('lines_already', sa.Integer(), nullable=False),
    sa.Column('rows_skipped', sa.Integer(), nullable=False),
    sa.Column('created_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("mode IN ('strict','good_only')", name=op.f('ck_statement_import_mode')),
    sa.CheckConstraint("status IN ('queued', 'validating', 'invalid', 'importing', 'done', 'failed')", name=op.f('ck_statement_import_status')),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['user_account.id'], name=op.f('fk_statement_import_created_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'bank_account_id'], ['bank_account.tenant_id', 'bank_account.id'], name='fk_bank_account_id_bank_account_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_statement_import_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement_import')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_statement_import_tenant_id')
    )
    with op.batch_alter_table('statement_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statement_import_bank_account_id'), ['bank_account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_statement_import_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('statement_mapping',
    sa.Column('bank_account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('date_column', sa.String(length=60), nullable=False),
    sa.Column('description_column', sa.String(length=60), nullable=True),
    sa.Column('amount_column', sa.String(length=60), nullable=True),
    sa.Column('debit_column', sa.String(length=60), nullable=True),
    sa.Column('credit_column', sa.String(length=60), nullable=True),
    sa.Column('reference_column', sa.String(length=60), nullable=True),
    sa.Column('balance_column', sa.String(length=60), nullable=True),
    sa.Column('date_format', sa.String(length=20), nullable=False),
    sa.Column('year_era', sa.String(length=4), nullable=False),
    sa.Column('decimal_style', sa.String(length=8), nullable=False),
    sa.Column('skip_rows', sa.Integer(), nullable=False),
    sa.Column('has_header', sa.Boolean(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("date_format IN ('DD/MM/YYYY', 'DD-MM-YYYY', 'YYYY-MM-DD', 'MM/DD/YYYY', 'DD/MM/YY')", name=op.f('ck_statement_mapping_date_format')),
    sa.CheckConstraint("decimal_style IN ('dot', 'comma')", name=op.f('ck_statement_mapping_decimal_style')),
    sa.CheckConstraint("year_era IN ('auto', 'be', 'ce')", name=op.f('ck_statement_mapping_year_era')),
    sa.CheckConstraint('amount_column IS NOT NULL OR (debit_column IS NOT NULL AND credit_column IS NOT NULL)', name=op.f('ck_statement_mapping_amount_columns')),
    sa.CheckConstraint('skip_rows >= 0 AND skip_rows <= 50', name=op.f('ck_statement_mapping_skip_rows')),
    sa.ForeignKeyConstraint(['tenant_id', 'bank_account_id'], ['bank_account.tenant_id', 'bank_account.id'], name='fk_bank_account_id_bank_account_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_statement_mapping_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement_mapping')),
    sa.UniqueConstraint('tenant_id', 'bank_account_id', name='uq_statement_mapping_bank_account'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_statement_mapping_tenant_id')
    )
    with op.batch_alter_table('statement_mapping', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statement_mapping_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('statement_line',
    sa.Column('bank_account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('import_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('line_date', sa.Date(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('description', sa.String(length=300), nullable=False),
    sa.Column('reference', sa.String(length=100), nullable=True),
    sa.Column('ref1', sa.String(length=20), nullable=True),
    sa.Column('balance_after', sa.BigInteger(), nullable=True),
    sa.Column('line_hash', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("status IN ('unmatched', 'matched', 'mismatch', 'ambiguous', 'ignored', 'entered')", name=op.f('ck_statement_line_status')),
    sa.CheckConstraint('amount <> 0', name=op.f('ck_statement_line_amount_not_zero')),
    sa.ForeignKeyConstraint(['tenant_id', 'bank_account_id'], ['bank_account.tenant_id', 'bank_account.id'], name='fk_bank_account_id_bank_account_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'import_id'], ['statement_import.tenant_id', 'statement_import.id'], name='fk_import_id_statement_import_same_tenant', ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_statement_line_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement_line')),
    sa.UniqueConstraint('tenant_id', 'bank_account_id', 'line_hash', name='uq_statement_line_hash'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_statement_line_tenant_id')
    )
    with op.batch_alter_table('statement_line', schema=None) as batch_op:
        batch_op.create_index('ix_statement_line_account_date', ['tenant_id', 'bank_account_id', 'line_date'], unique=False)
        batch_op.create_index('ix_statement_line_account_status', ['tenant_id', 'bank_account_id', 'status'], unique=False)
        batch_op.create_index('ix_statement_line_ref1', ['tenant_id', 'ref1'], unique=False)
        batch_op.create_index(batch_op.f('ix_statement_line_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('payment',
    sa.Column('purpose', sa.String(length=80), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('refunded', sa.BigInteger(), nullable=False),
    sa.Column('method', sa.String(length=20), nullable=False),
    sa.Column('provider', sa.String(length=20), nullable=False),
    sa.Column('provider_ref', sa.String(length=255), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('idempotency_key', sa.String(length=200), nullable=False),
    sa.Column('ref1', sa.String(length=20), nullable=True),
    sa.Column('ref2', sa.String(length=20), nullable=True),
    sa.Column('payer_person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('payer_name', sa.String(length=200), nullable=True),
    sa.Column('reference', sa.String(length=100), nullable=True),
    sa.Column('credit_account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('debit_account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('journal_entry_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('failure_reason', sa.Text(), nullable=True),
    sa.Column('created_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('succeeded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("method IN ('card', 'promptpay', 'cash', 'transfer', 'fake')", name=op.f('ck_payment_method')),
    sa.CheckConstraint("provider IN ('stripe', 'fake', 'manual')", name=op.f('ck_payment_provider')),
    sa.CheckConstraint("status IN ('created', 'pending', 'succeeded', 'failed', 'cancelled', 'partly_refunded', 'refunded')", name=op.f('ck_payment_status')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_payment_amount_positive')),
    sa.CheckConstraint('refunded >= 0 AND refunded <= amount', name=op.f('ck_payment_refund_within_amount')),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['user_account.id'], name=op.f('fk_payment_created_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'credit_account_id'], ['ledger_account.tenant_id', 'ledger_account.id'], name='fk_credit_account_id_ledger_account_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'debit_account_id'], ['ledger_account.tenant_id', 'ledger_account.id'], name='fk_debit_account_id_ledger_account_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'journal_entry_id'], ['journal_entry.tenant_id', 'journal_entry.id'], name='fk_journal_entry_id_journal_entry_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'payer_person_id'], ['person.tenant_id', 'person.id'], name='fk_payer_person_id_person_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_payment_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_payment_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'idempotency_key', name='uq_payment_idempotency_key'),
    sa.UniqueConstraint('tenant_id', 'provider', 'provider_ref', name='uq_payment_provider_ref')
    )
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ix_payment_tenant_purpose', ['tenant_id', 'purpose'], unique=False)
        batch_op.create_index('ix_payment_tenant_ref1', ['tenant_id', 'ref1'], unique=False)

    op.create_table('payment_event',
    sa.Column('payment_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('actor_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['actor_user_id'], ['user_account.id'], name=op.f('fk_payment_event_actor_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'payment_id'], ['payment.tenant_id', 'payment.id'], name='fk_payment_id_payment_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_payment_event_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_event')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_payment_event_tenant_id')
    )
    with op.batch_alter_table('payment_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_event_payment_id'), ['payment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_event_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('payment_refund',
    sa.Column('payment_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('provider_ref', sa.String(length=255), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('journal_entry_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_payment_refund_amount_positive')),
    sa.ForeignKeyConstraint(['actor_user_id'], ['user_account.id'], name=op.f('fk_payment_refund_actor_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'journal_entry_id'], ['journal_entry.tenant_id', 'journal_entry.id'], name='fk_journal_entry_id_journal_entry_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'payment_id'], ['payment.tenant_id', 'payment.id'], name='fk_payment_id_payment_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_payment_refund_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_refund')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_payment_refund_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'provider_ref', name='uq_payment_refund_provider_ref')
    )
    with op.batch_alter_table('payment_refund', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_refund_payment_id'), ['payment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_refund_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('payment_stripe_event',
    sa.Column('event_id', sa.String(length=255), nullable=False),
    sa.Column('type', sa.String(length=100), nullable=False),
    sa.Column('payment_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('livemode', sa.Boolean(), nullable=False),
    sa.Column('created', sa.BigInteger(), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('processed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('detail', sa.String(length=500), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("outcome IS NULL OR outcome IN ('applied', 'no_op', 'ignored', 'unknown_payment', 'rejected')", name=op.f('ck_payment_stripe_event_outcome')),
    sa.ForeignKeyConstraint(['tenant_id', 'payment_id'], ['payment.tenant_id', 'payment.id'], name='fk_payment_id_payment_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_payment_stripe_event_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_stripe_event')),
    sa.UniqueConstraint('tenant_id', 'event_id', name='uq_payment_stripe_event_event_id'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_payment_stripe_event_tenant_id')
    )
    with op.batch_alter_table('payment_stripe_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_stripe_event_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ix_payment_stripe_event_tenant_payment', ['tenant_id', 'payment_id'], unique=False)

    op.create_table('receipt',
    sa.Column('book', sa.String(length=40), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('display_number', sa.String(length=60), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('payment_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('payer_person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('payer_name', sa.String(length=200), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('description', sa.String(length=500), nullable=False),
    sa.Column('method', sa.String(length=20), nullable=True),
    sa.Column('reference', sa.String(length=100), nullable=True),
    sa.Column('issued_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('voided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=True),
    sa.Column('voided_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('void_entry_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint('(voided_at IS NULL) = (void_reason IS NULL)', name=op.f('ck_receipt_void_has_reason')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_receipt_amount_positive')),
    sa.CheckConstraint('number > 0', name=op.f('ck_receipt_number_positive')),
    sa.ForeignKeyConstraint(['issued_by_user_id'], ['user_account.id'], name=op.f('fk_receipt_issued_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'payer_person_id'], ['person.tenant_id', 'person.id'], name='fk_payer_person_id_person_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'payment_id'], ['payment.tenant_id', 'payment.id'], name='fk_payment_id_payment_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'void_entry_id'], ['journal_entry.tenant_id', 'journal_entry.id'], name='fk_void_entry_id_journal_entry_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_receipt_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['voided_by_user_id'], ['user_account.id'], name=op.f('fk_receipt_voided_by_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_receipt')),
    sa.UniqueConstraint('tenant_id', 'book', 'year', 'number', name='uq_receipt_number'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_receipt_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'payment_id', name='uq_receipt_payment')
    )
    with op.batch_alter_table('receipt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_receipt_payment_id'), ['payment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_receipt_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ix_receipt_tenant_issued_at', ['tenant_id', 'issued_at'], unique=False)

    op.create_table('recon_exception',
    sa.Column('statement_line_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('payment_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('action', sa.String(length=12), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('journal_entry_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('resolved_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("action IN ('linked','accepted','entry','ignored')", name=op.f('ck_recon_exception_action')),
    sa.CheckConstraint('statement_line_id IS NOT NULL OR payment_id IS NOT NULL', name=op.f('ck_recon_exception_has_target')),
    sa.ForeignKeyConstraint(['resolved_by_user_id'], ['user_account.id'], name=op.f('fk_recon_exception_resolved_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'journal_entry_id'], ['journal_entry.tenant_id', 'journal_entry.id'], name='fk_journal_entry_id_journal_entry_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'payment_id'], ['payment.tenant_id', 'payment.id'], name='fk_payment_id_payment_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'statement_line_id'], ['statement_line.tenant_id', 'statement_line.id'], name='fk_statement_line_id_statement_line_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_recon_exception_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recon_exception')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_recon_exception_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'payment_id', name='uq_recon_exception_payment'),
    sa.UniqueConstraint('tenant_id', 'statement_line_id', name='uq_recon_exception_line')
    )
    with op.batch_alter_table('recon_exception', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recon_exception_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('recon_match',
    sa.Column('statement_line_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('payment_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('difference', sa.BigInteger(), nullable=False),
    sa.Column('matched_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("kind IN ('ref1', 'amount_date', 'manual')", name=op.f('ck_recon_match_kind')),
    sa.ForeignKeyConstraint(['matched_by_user_id'], ['user_account.id'], name=op.f('fk_recon_match_matched_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'payment_id'], ['payment.tenant_id', 'payment.id'], name='fk_payment_id_payment_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'statement_line_id'], ['statement_line.tenant_id', 'statement_line.id'], name='fk_statement_line_id_statement_line_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_recon_match_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recon_match')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_recon_match_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'payment_id', name='uq_recon_match_payment'),
    sa.UniqueConstraint('tenant_id', 'statement_line_id', name='uq_recon_match_line')
    )
    with op.batch_alter_table('recon_match', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recon_match_tenant_id'), ['tenant_id'], unique=False)



def downgrade():
    with op.batch_alter_table('recon_match', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recon_match_tenant_id'))

    op.drop_table('recon_match')
    with op.batch_alter_table('recon_exception', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recon_exception_tenant_id'))

    op.drop_table('recon_exception')
    with op.batch_alter_table('receipt', schema=None) as batch_op:
        batch_op.drop_index('ix_receipt_tenant_issued_at')
        batch_op.drop_index(batch_op.f('ix_receipt_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_receipt_payment_id'))

    op.drop_table('receipt')
    with op.batch_alter_table('payment_stripe_event', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_stripe_event_tenant_payment')
        batch_op.drop_index(batch_op.f('ix_payment_stripe_event_tenant_id'))

    op.drop_table('payment_stripe_event')
    with op.batch_alter_table('payment_refund', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_refund_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_payment_refund_payment_id'))

    op.drop_table('payment_refund')
    with op.batch_alter_table('payment_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_event_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_payment_event_payment_id'))

    op.drop_table('payment_event')
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_tenant_ref1')
        batch_op.drop_index('ix_payment_tenant_purpose')
        batch_op.drop_index(batch_op.f('ix_payment_tenant_id'))

    op.drop_table('payment')
    with op.batch_alter_table('statement_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statement_line_tenant_id'))
        batch_op.drop_index('ix_statement_line_ref1')
        batch_op.drop_index('ix_statement_line_account_status')
        batch_op.drop_index('ix_statement_line_account_date')

    op.drop_table('statement_line')
    with op.batch_alter_table('statement_mapping', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statement_mapping_tenant_id'))

    op.drop_table('statement_mapping')
    with op.batch_alter_table('statement_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statement_import_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_statement_import_bank_account_id'))

    op.drop_table('statement_import')
    with op.batch_alter_table('bank_account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bank_account_tenant_id'))

    op.drop_table('bank_account')
    with op.batch_alter_table('receipt_counter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_receipt_counter_tenant_id'))

    op.drop_table('receipt_counter')
