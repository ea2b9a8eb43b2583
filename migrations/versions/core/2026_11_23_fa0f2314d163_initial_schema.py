"""Initial schema: tenants, users and memberships, the registry, the ledger
(append-only journal, enforced by a trigger on PostgreSQL), audit log, outbox.

Reviewed by hand: the household -> head person key closes a cycle with person ->
household, so it is added once both tables exist; the journal triggers are
written out here rather than imported, so this revision never changes.

Revision ID: fa0f2314d163
Revises:
Create Date: 2026-11-23 17:41:03.780574

"""
from alembic import op
import sqlalchemy as sa


FORBID_CHANGE_FUNCTION = """
CREATE OR REPLACE FUNCTION ledger_forbid_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the journal is append-only: % on % is not allowed; post a reversal instead',
        TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql
"""
JOURNAL_TABLES = ("journal_entry", "journal_line")

# revision identifiers, used by Alembic.
revision = 'fa0f2314d163'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('province',
    sa.Column('code', sa.String(length=4), nullable=False),
    sa.Column('name_th', sa.String(length=100), nullable=False),
    sa.Column('name_en', sa.String(length=100), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_province')),
    sa.UniqueConstraint('code', name=op.f('uq_province_code'))
    )
    op.create_table('tenant',
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('name_th', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('parent_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('contact_phone', sa.String(length=20), nullable=True),
    sa.Column('contact_email', sa.String(length=200), nullable=True),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('logo_document_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('network','council','community','pgs_network','foundation')", name=op.f('ck_tenant_kind')),
    sa.CheckConstraint('parent_id IS NULL OR parent_id <> id', name=op.f('ck_tenant_not_own_parent')),
    sa.ForeignKeyConstraint(['parent_id'], ['tenant.id'], name=op.f('fk_tenant_parent_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tenant')),
    sa.UniqueConstraint('slug', name=op.f('uq_tenant_slug'))
    )
    with op.batch_alter_table('tenant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tenant_parent_id'), ['parent_id'], unique=False)

    op.create_table('user_account',
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('lang', sa.String(length=5), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('is_superadmin', sa.Boolean(), nullable=False),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('email IS NOT NULL OR phone IS NOT NULL', name=op.f('ck_user_account_has_login')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('email', name=op.f('uq_user_account_email')),
    sa.UniqueConstraint('phone', name=op.f('uq_user_account_phone'))
    )
    op.create_table('api_token',
    sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=8), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_api_token_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_api_token_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_api_token_tenant_id'),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_token_token_hash'))
    )
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_token_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_api_token_user_id'), ['user_id'], unique=False)

    op.create_table('audit_event',
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('action', sa.String(length=80), nullable=False),
    sa.Column('target_type', sa.String(length=60), nullable=True),
    sa.Column('target_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('ip', sa.String(length=45), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['actor_user_id'], ['user_account.id'], name=op.f('fk_audit_event_actor_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_audit_event_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_audit_event_tenant_id')
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_actor_user_id'), ['actor_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('district',
    sa.Column('province_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('code', sa.String(length=6), nullable=False),
    sa.Column('name_th', sa.String(length=100), nullable=False),
    sa.Column('name_en', sa.String(length=100), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['province_id'], ['province.id'], name=op.f('fk_district_province_id_province')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_district')),
    sa.UniqueConstraint('code', name=op.f('uq_district_code'))
    )
    with op.batch_alter_table('district', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_district_province_id'), ['province_id'], unique=False)

    op.create_table('import_job',
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('mode', sa.String(length=20), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('encoding', sa.String(length=20), nullable=True),
    sa.Column('total_rows', sa.Integer(), nullable=False),
    sa.Column('processed_rows', sa.Integer(), nullable=False),
    sa.Column('errors', sa.JSON(), nullable=False),
    sa.Column('message', sa.String(length=200), nullable=True),
    sa.Column('created_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('villages_created', sa.Integer(), nullable=False),
    sa.Column('households_created', sa.Integer(), nullable=False),
    sa.Column('households_updated', sa.Integer(), nullable=False),
    sa.Column('people_created', sa.Integer(), nullable=False),
    sa.Column('people_updated', sa.Integer(), nullable=False),
    sa.Column('rows_skipped', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("mode IN ('strict','good_only')", name=op.f('ck_import_job_mode')),
    sa.CheckConstraint("status IN ('queued','validating','invalid','importing','done','failed')", name=op.f('ck_import_job_status')),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['user_account.id'], name=op.f('fk_import_job_created_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_import_job_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_job')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_import_job_tenant_id')
    )
    with op.batch_alter_table('import_job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_job_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('journal_entry',
    sa.Column('entry_date', sa.Date(), nullable=False),
    sa.Column('memo', sa.String(length=500), nullable=False),
    sa.Column('source', sa.String(length=120), nullable=True),
    sa.Column('idempotency_key', sa.String(length=200), nullable=False),
    sa.Column('body_hash', sa.String(length=64), nullable=False),
    sa.Column('reversal_of_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['user_account.id'], name=op.f('fk_journal_entry_created_by_user_id_user_account'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'reversal_of_id'], ['journal_entry.tenant_id', 'journal_entry.id'], name='fk_reversal_of_id_journal_entry_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_journal_entry_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journal_entry')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_journal_entry_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'idempotency_key', name='uq_journal_entry_key'),
    sa.UniqueConstraint('tenant_id', 'reversal_of_id', name='uq_journal_entry_reversal')
    )
    with op.batch_alter_table('journal_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_journal_entry_entry_date'), ['entry_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_journal_entry_source'), ['source'], unique=False)
        batch_op.create_index(batch_op.f('ix_journal_entry_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('ledger_account',
    sa.Column('book', sa.String(length=60), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name_th', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('type', sa.String(length=12), nullable=False),
    sa.Column('may_go_negative', sa.Boolean(), nullable=False),
    sa.Column('balance', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("type IN ('asset', 'liability', 'equity', 'income', 'expense')", name=op.f('ck_ledger_account_type_known')),
    sa.CheckConstraint('may_go_negative OR balance >= 0', name=op.f('ck_ledger_account_non_negative')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_ledger_account_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_account')),
    sa.UniqueConstraint('tenant_id', 'book', 'code', name='uq_ledger_account_code'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_ledger_account_tenant_id')
    )
    with op.batch_alter_table('ledger_account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ledger_account_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('ledger_period_close',
    sa.Column('book', sa.String(length=60), nullable=False),
    sa.Column('closed_through', sa.Date(), nullable=False),
    sa.Column('closed_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['closed_by_user_id'], ['user_account.id'], name=op.f('fk_ledger_period_close_closed_by_user_id_user_account'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_ledger_period_close_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_period_close')),
    sa.UniqueConstraint('tenant_id', 'book', name='uq_ledger_period_close_book'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_ledger_period_close_tenant_id')
    )
    with op.batch_alter_table('ledger_period_close', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ledger_period_close_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('membership',
    sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('roles', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_membership_tenant_id_tenant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_membership_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_membership')),
    sa.UniqueConstraint('user_id', 'tenant_id', name=op.f('uq_membership_user_id_tenant_id'))
    )
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_membership_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_membership_user_id'), ['user_id'], unique=False)

    op.create_table('journal_line',
    sa.Column('entry_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint('amount <> 0', name=op.f('ck_journal_line_amount_not_zero')),
    sa.ForeignKeyConstraint(['tenant_id', 'account_id'], ['ledger_account.tenant_id', 'ledger_account.id'], name='fk_account_id_ledger_account_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'entry_id'], ['journal_entry.tenant_id', 'journal_entry.id'], name='fk_entry_id_journal_entry_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_journal_line_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journal_line')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_journal_line_tenant_id')
    )
    with op.batch_alter_table('journal_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_journal_line_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_journal_line_entry_id'), ['entry_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_journal_line_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('subdistrict',
    sa.Column('district_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('name_th', sa.String(length=100), nullable=False),
    sa.Column('name_en', sa.String(length=100), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_subdistrict_district_id_district')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subdistrict')),
    sa.UniqueConstraint('code', name=op.f('uq_subdistrict_code'))
    )
    with op.batch_alter_table('subdistrict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subdistrict_district_id'), ['district_id'], unique=False)

    op.create_table('village',
    sa.Column('subdistrict_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('moo', sa.Integer(), nullable=True),
    sa.Column('name_th', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('moo IS NULL OR moo > 0', name=op.f('ck_village_moo_positive')),
    sa.ForeignKeyConstraint(['subdistrict_id'], ['subdistrict.id'], name=op.f('fk_village_subdistrict_id_subdistrict')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_village_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_village')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_village_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'subdistrict_id', 'moo', name='uq_village_moo')
    )
    with op.batch_alter_table('village', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_village_subdistrict_id'), ['subdistrict_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_village_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('household',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('village_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('head_person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'village_id'], ['village.tenant_id', 'village.id'], name='fk_village_id_village_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_household_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_household')),
    sa.UniqueConstraint('tenant_id', 'code', name='uq_household_code'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_household_tenant_id')
    )
    with op.batch_alter_table('household', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_household_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_household_village_id'), ['village_id'], unique=False)

    op.create_table('person',
    sa.Column('household_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('title_th', sa.String(length=40), nullable=True),
    sa.Column('first_name_th', sa.String(length=100), nullable=False),
    sa.Column('last_name_th', sa.String(length=100), nullable=False),
    sa.Column('first_name_en', sa.String(length=100), nullable=True),
    sa.Column('last_name_en', sa.String(length=100), nullable=True),
    sa.Column('national_id', sa.String(length=13), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('sex', sa.String(length=1), nullable=True),
    sa.Column('elderly', sa.Boolean(), nullable=False),
    sa.Column('disabled', sa.Boolean(), nullable=False),
    sa.Column('bedridden', sa.Boolean(), nullable=False),
    sa.Column('chronic_illness', sa.Boolean(), nullable=False),
    sa.Column('hardship', sa.Boolean(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("sex IS NULL OR sex IN ('M','F','X')", name=op.f('ck_person_sex')),
    sa.ForeignKeyConstraint(['tenant_id', 'household_id'], ['household.tenant_id', 'household.id'], name='fk_household_id_household_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_person_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_person_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_person_tenant_id')
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ix_person_tenant_national_id', ['tenant_id', 'national_id'], unique=False)
        batch_op.create_index('ix_person_tenant_phone', ['tenant_id', 'phone'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('household', schema=None) as batch_op:
        batch_op.create_foreign_key(
            'fk_head_person_id_person_same_tenant', 'person',
            ['tenant_id', 'head_person_id'], ['tenant_id', 'id'],
        )

    op.create_table('claim_invite',
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('created_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('used_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['user_account.id'], name=op.f('fk_claim_invite_created_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'person_id'], ['person.tenant_id', 'person.id'], name='fk_person_id_person_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_claim_invite_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['used_by_user_id'], ['user_account.id'], name=op.f('fk_claim_invite_used_by_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_invite')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_claim_invite_code_hash')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_claim_invite_tenant_id')
    )
    with op.batch_alter_table('claim_invite', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_invite_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claim_invite_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('duplicate_flag',
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('other_person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('resolved_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('resolution_note', sa.Text(), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('person_id <> other_person_id', name=op.f('ck_duplicate_flag_distinct_people')),
    sa.ForeignKeyConstraint(['resolved_by_user_id'], ['user_account.id'], name=op.f('fk_duplicate_flag_resolved_by_user_id_user_account')),
    sa.ForeignKeyConstraint(['tenant_id', 'other_person_id'], ['person.tenant_id', 'person.id'], name='fk_other_person_id_person_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'person_id'], ['person.tenant_id', 'person.id'], name='fk_person_id_person_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_duplicate_flag_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duplicate_flag')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_duplicate_flag_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'person_id', 'other_person_id', 'reason', name='uq_duplicate_pair')
    )
    with op.batch_alter_table('duplicate_flag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_duplicate_flag_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_duplicate_flag_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('notification',
    sa.Column('to_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('to_person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('address', sa.String(length=254), nullable=True),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('template', sa.String(length=80), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('lang', sa.String(length=5), nullable=False),
    sa.Column('idempotency_key', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('provider_response', sa.Text(), nullable=True),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("lang IN ('th', 'en')", name=op.f('ck_notification_lang')),
    sa.CheckConstraint("status IN ('pending', 'sending', 'sent', 'failed')", name=op.f('ck_notification_status')),
    sa.ForeignKeyConstraint(['tenant_id', 'to_person_id'], ['person.tenant_id', 'person.id'], name='fk_to_person_id_person_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_notification_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['to_user_id'], ['user_account.id'], name=op.f('fk_notification_to_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_notification_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'idempotency_key', name='uq_notification_idempotency')
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index('ix_notification_status_updated', ['status', 'updated_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_to_person_id'), ['to_person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_to_user_id'), ['to_user_id'], unique=False)

    op.create_table('notification_delivery',
    sa.Column('notification_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('response', sa.Text(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'notification_id'], ['notification.tenant_id', 'notification.id'], name='fk_notification_id_notification_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_notification_delivery_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_delivery')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_notification_delivery_tenant_id')
    )
    with op.batch_alter_table('notification_delivery', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_delivery_notification_id'), ['notification_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_delivery_tenant_id'), ['tenant_id'], unique=False)


    if op.get_bind().dialect.name == "postgresql":
        op.execute(FORBID_CHANGE_FUNCTION)
        for table in JOURNAL_TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change()"
            )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in JOURNAL_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute("DROP FUNCTION IF EXISTS ledger_forbid_change()")
    with op.batch_alter_table('household', schema=None) as batch_op:
        batch_op.drop_constraint('fk_head_person_id_person_same_tenant', type_='foreignkey')

    with op.batch_alter_table('notification_delivery', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_delivery_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_notification_delivery_notification_id'))

    op.drop_table('notification_delivery')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_to_user_id'))
        batch_op.drop_index(batch_op.f('ix_notification_to_person_id'))
        batch_op.drop_index(batch_op.f('ix_notification_tenant_id'))
        batch_op.drop_index('ix_notification_status_updated')

    op.drop_table('notification')
    with op.batch_alter_table('duplicate_flag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_duplicate_flag_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_duplicate_flag_person_id'))

    op.drop_table('duplicate_flag')
    with op.batch_alter_table('claim_invite', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_invite_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_claim_invite_person_id'))

    op.drop_table('claim_invite')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_user_id'))
        batch_op.drop_index('ix_person_tenant_phone')
        batch_op.drop_index('ix_person_tenant_national_id')
        batch_op.drop_index(batch_op.f('ix_person_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_person_household_id'))

    op.drop_table('person')
    with op.batch_alter_table('household', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_household_village_id'))
        batch_op.drop_index(batch_op.f('ix_household_tenant_id'))

    op.drop_table('household')
    with op.batch_alter_table('village', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_village_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_village_subdistrict_id'))

    op.drop_table('village')
    with op.batch_alter_table('subdistrict', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subdistrict_district_id'))

    op.drop_table('subdistrict')
    with op.batch_alter_table('journal_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_journal_line_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_journal_line_entry_id'))
        batch_op.drop_index(batch_op.f('ix_journal_line_account_id'))

    op.drop_table('journal_line')
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_membership_user_id'))
        batch_op.drop_index(batch_op.f('ix_membership_tenant_id'))

    op.drop_table('membership')
    with op.batch_alter_table('ledger_period_close', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ledger_period_close_tenant_id'))

    op.drop_table('ledger_period_close')
    with op.batch_alter_table('ledger_account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ledger_account_tenant_id'))

    op.drop_table('ledger_account')
    with op.batch_alter_table('journal_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_journal_entry_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_journal_entry_source'))
        batch_op.drop_index(batch_op.f('ix_journal_entry_entry_date'))

    op.drop_table('journal_entry')
    with op.batch_alter_table('import_job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_job_tenant_id'))

    op.drop_table('import_job')
    with op.batch_alter_table('district', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_district_province_id'))

    op.drop_table('district')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_at'))
        batch_op.drop_index(batch_op.f('ix_audit_event_actor_user_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_action'))

    op.drop_table('audit_event')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_token_user_id'))
        batch_op.drop_index(batch_op.f('ix_api_token_tenant_id'))

    op.drop_table('api_token')
    op.drop_table('user_account')
    with op.batch_alter_table('tenant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tenant_parent_id'))

    op.drop_table('tenant')
    op.drop_table('province')
