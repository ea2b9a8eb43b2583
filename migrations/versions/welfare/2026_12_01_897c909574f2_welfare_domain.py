"""The welfare domain: funds, grants and tranches, donations, contributions,
budgets, members, meetings, resolutions, M-of-N approvals, disbursements,
benefits, loans, installments and repayments. Every new tenant table joins
row-level security.

Revision ID: 897c909574f2
Revises: 31b8d4f8fcca
Create Date: 2026-12-01 15:20:34.415812

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '897c909574f2'
down_revision = '31b8d4f8fcca'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('welfare_fund',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('allows_lending', sa.Boolean(), nullable=False),
    sa.Column('book', sa.String(length=60), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("kind IN ('welfare','revolving','central','zakat')", name=op.f('ck_welfare_fund_kind_known')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_welfare_fund_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welfare_fund')),
    sa.UniqueConstraint('tenant_id', 'book', name='uq_welfare_fund_book'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_welfare_fund_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'name', name='uq_welfare_fund_name')
    )
    with op.batch_alter_table('welfare_fund', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welfare_fund_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('welfare_approval_policy',
    sa.Column('fund_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('required', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint('required >= 1', name=op.f('ck_welfare_approval_policy_required_positive')),
    sa.ForeignKeyConstraint(['tenant_id', 'fund_id'], ['welfare_fund.tenant_id', 'welfare_fund.id'], name='fk_fund_id_welfare_fund_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_welfare_approval_policy_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welfare_approval_policy')),
    sa.UniqueConstraint('tenant_id', 'fund_id', name='uq_welfare_approval_policy_fund'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_welfare_approval_policy_tenant_id')
    )
    with op.batch_alter_table('welfare_approval_policy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welfare_approval_policy_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('welfare_benefit_type',
    sa.Column('fund_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('min_membership_days', sa.Integer(), nullable=False),
    sa.Column('per_event_cap_satang', sa.BigInteger(), nullable=False),
    sa.Column('per_year_cap_satang', sa.BigInteger(), nullable=True),
    sa.Column('per_night_satang', sa.BigInteger(), nullable=True),
    sa.Column('required_documents', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("code IN ('birth','sickness','hospital','death','elderly','disability','scholarship','disaster')", name=op.f('ck_welfare_benefit_type_code_known')),
    sa.CheckConstraint('min_membership_days >= 0', name=op.f('ck_welfare_benefit_type_min_days_non_negative')),
    sa.CheckConstraint('per_event_cap_satang > 0', name=op.f('ck_welfare_benefit_type_event_cap_positive')),
    sa.CheckConstraint('per_night_satang IS NULL OR per_night_satang > 0', name=op.f('ck_welfare_benefit_type_night_positive')),
    sa.CheckConstraint('per_year_cap_satang IS NULL OR per_year_cap_satang > 0', name=op.f('ck_welfare_benefit_type_year_cap_positive')),
    sa.ForeignKeyConstraint(['tenant_id', 'fund_id'], ['welfare_fund.tenant_id', 'welfare_fund.id'], name='fk_fund_id_welfare_fund_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_welfare_benefit_type_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welfare_benefit_type')),
    sa.UniqueConstraint('tenant_id', 'fund_id', 'code', name='uq_welfare_benefit_type_code'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_welfare_benefit_type_tenant_id')
    )
    with op.batch_alter_table('welfare_benefit_type', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welfare_benefit_type_fund_id'), ['fund_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_benefit_type_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('welfare_budget',
    sa.Column('fund_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("status IN ('draft','approved','closed')", name=op.f('ck_welfare_budget_status_known')),
    sa.CheckConstraint('period_end >= period_start', name=op.f('ck_welfare_budget_period_order')),
    sa.ForeignKeyConstraint(['tenant_id', 'fund_id'], ['welfare_fund.tenant_id', 'welfare_fund.id'], name='fk_fund_id_welfare_fund_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_welfare_budget_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welfare_budget')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_welfare_budget_tenant_id')
    )
    with op.batch_alter_table('welfare_budget', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welfare_budget_fund_id'), ['fund_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_budget_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('welfare_donation',
    sa.Column('fund_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('donor_name', sa.String(length=200), nullable=False),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('amount_satang', sa.BigInteger(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('journal_entry_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint('amount_satang > 0', name=op.f('ck_welfare_donation_amount_positive')),
    sa.ForeignKeyConstraint(['tenant_id', 'fund_id'], ['welfare_fund.tenant_id', 'welfare_fund.id'], name='fk_fund_id_welfare_fund_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'journal_entry_id'], ['journal_entry.tenant_id', 'journal_entry.id'], name='fk_journal_entry_id_journal_entry_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_welfare_donation_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welfare_donation')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_welfare_donation_tenant_id')
    )
    with op.batch_alter_table('welfare_donation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welfare_donation_fund_id'), ['fund_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_donation_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('welfare_grant',
    sa.Column('fund_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('grantor_name', sa.String(length=200), nullable=False),
    sa.Column('grantor_kind', sa.String(length=24), nullable=False),
    sa.Column('agreement_ref', sa.String(length=100), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=True),
    sa.Column('total_satang', sa.BigInteger(), nullable=False),
    sa.Column('permitted_uses', sa.Text(), nullable=False),
    sa.Column('restricted', sa.Boolean(), nullable=False),
    sa.Column('restricted_balance_satang', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("grantor_kind IN ('codi','local_government','central_government','foundation','other')", name=op.f('ck_welfare_grant_grantor_kind_known')),
    sa.CheckConstraint('restricted_balance_satang >= 0', name=op.f('ck_welfare_grant_restricted_non_negative')),
    sa.CheckConstraint('total_satang > 0', name=op.f('ck_welfare_grant_total_positive')),
    sa.ForeignKeyConstraint(['tenant_id', 'fund_id'], ['welfare_fund.tenant_id', 'welfare_fund.id'], name='fk_fund_id_welfare_fund_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_welfare_grant_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welfare_grant')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_welfare_grant_tenant_id')
    )
    with op.batch_alter_table('welfare_grant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welfare_grant_fund_id'), ['fund_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_grant_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('welfare_loan_product',
    sa.Column('fund_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('method', sa.String(length=12), nullable=False),
    sa.Column('annual_rate_bp', sa.Integer(), nullable=False),
    sa.Column('fee_satang', sa.BigInteger(), nullable=False),
    sa.Column('term', sa.Integer(), nullable=False),
    sa.Column('frequency', sa.String(length=10), nullable=False),
    sa.Column('grace', sa.Integer(), nullable=False),
    sa.Column('max_amount_satang', sa.BigInteger(), nullable=True),
    sa.Column('allocation_order', sa.String(length=40), nullable=False),
    sa.Column('allocation_strategy', sa.String(length=12), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("allocation_strategy IN ('installment','component')", name=op.f('ck_welfare_loan_product_strategy_known')),
    sa.CheckConstraint("frequency IN ('weekly','monthly')", name=op.f('ck_welfare_loan_product_frequency_known')),
    sa.CheckConstraint("method IN ('zero','flat','declining')", name=op.f('ck_welfare_loan_product_method_known')),
    sa.CheckConstraint('annual_rate_bp >= 0 AND annual_rate_bp <= 10000', name=op.f('ck_welfare_loan_product_rate_range')),
    sa.CheckConstraint('fee_satang >= 0', name=op.f('ck_welfare_loan_product_fee_non_negative')),
    sa.CheckConstraint('grace >= 0 AND grace <= 24', name=op.f('ck_welfare_loan_product_grace_range')),
    sa.CheckConstraint('max_amount_satang IS NULL OR max_amount_satang > 0', name=op.f('ck_welfare_loan_product_max_positive')),
    sa.CheckConstraint('term >= 1 AND term <= 260', name=op.f('ck_welfare_loan_product_term_range')),
    sa.ForeignKeyConstraint(['tenant_id', 'fund_id'], ['welfare_fund.tenant_id', 'welfare_fund.id'], name='fk_fund_id_welfare_fund_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_welfare_loan_product_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welfare_loan_product')),
    sa.UniqueConstraint('tenant_id', 'fund_id', 'name', name='uq_welfare_loan_product_name'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_welfare_loan_product_tenant_id')
    )
    with op.batch_alter_table('welfare_loan_product', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welfare_loan_product_fund_id'), ['fund_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_loan_product_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('welfare_matching_contribution',
    sa.Column('fund_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('matcher_name', sa.String(length=200), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('ratio_percent', sa.Integer(), nullable=False),
    sa.Column('members_contributed_satang', sa.BigInteger(), nullable=False),
    sa.Column('amount_satang', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('journal_entry_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("status IN ('expected','received','cancelled')", name=op.f('ck_welfare_matching_contribution_status_known')),
    sa.CheckConstraint('amount_satang > 0', name=op.f('ck_welfare_matching_contribution_amount_positive')),
    sa.CheckConstraint('ratio_percent > 0 AND ratio_percent <= 1000', name=op.f('ck_welfare_matching_contribution_ratio_range')),
    sa.ForeignKeyConstraint(['tenant_id', 'fund_id'], ['welfare_fund.tenant_id', 'welfare_fund.id'], name='fk_fund_id_welfare_fund_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'journal_entry_id'], ['journal_entry.tenant_id', 'journal_entry.id'], name='fk_journal_entry_id_journal_entry_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_welfare_matching_contribution_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welfare_matching_contribution')),
    sa.UniqueConstraint('tenant_id', 'fund_id', 'matcher_name', 'year', name='uq_welfare_matching_year'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_welfare_matching_contribution_tenant_id')
    )
    with op.batch_alter_table('welfare_matching_contribution', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welfare_matching_contribution_fund_id'), ['fund_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_matching_contribution_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('welfare_meeting',
    sa.Column('fund_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('attendees', sa.Text(), nullable=False),
    sa.Column('attendee_count', sa.Integer(), nullable=False),
    sa.Column('eligible_count', sa.Integer(), nullable=False),
    sa.Column('quorum_percent', sa.Integer(), nullable=False),
    sa.Column('minutes', sa.Text(), nullable=False),
    sa.Column('created_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("kind IN ('committee','general','annual','extraordinary')", name=op.f('ck_welfare_meeting_kind_known')),
    sa.CheckConstraint('attendee_count >= 0 AND eligible_count >= 0', name=op.f('ck_welfare_meeting_counts_non_negative')),
    sa.CheckConstraint('quorum_percent > 0 AND quorum_percent <= 100', name=op.f('ck_welfare_meeting_quorum_range')),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], name=op.f('fk_welfare_meeting_created_by_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'fund_id'], ['welfare_fund.tenant_id', 'welfare_fund.id'], name='fk_fund_id_welfare_fund_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_welfare_meeting_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welfare_meeting')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_welfare_meeting_tenant_id')
    )
    with op.batch_alter_table('welfare_meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welfare_meeting_fund_id'), ['fund_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_meeting_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('welfare_signatory',
    sa.Column('fund_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint('valid_until IS NULL OR valid_until >= valid_from', name=op.f('ck_welfare_signatory_validity_order')),
    sa.ForeignKeyConstraint(['tenant_id', 'fund_id'], ['welfare_fund.tenant_id', 'welfare_fund.id'], name='fk_fund_id_welfare_fund_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_welfare_signatory_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_welfare_signatory_user_id_user_account'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welfare_signatory')),
    sa.UniqueConstraint('tenant_id', 'fund_id', 'user_id', name='uq_welfare_signatory_user'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_welfare_signatory_tenant_id')
    )
    with op.batch_alter_table('welfare_signatory', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welfare_signatory_fund_id'), ['fund_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_signatory_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_signatory_user_id'), ['user_id'], unique=False)

    op.create_table('welfare_budget_line',
    sa.Column('budget_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('fund_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('amount_satang', sa.BigInteger(), nullable=False),
    sa.Column('cap_percent', sa.Integer(), nullable=True),
    sa.Column('spent_satang', sa.BigInteger(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("category IN ('area_support','administration','issue_based','area_based','benefits','loans','other')", name=op.f('ck_welfare_budget_line_category_known')),
    sa.CheckConstraint('amount_satang >= 0', name=op.f('ck_welfare_budget_line_amount_non_negative')),
    sa.CheckConstraint('cap_percent IS NULL OR (cap_percent > 0 AND cap_percent <= 100)', name=op.f('ck_welfare_budget_line_cap_range')),
    sa.CheckConstraint('spent_satang >= 0', name=op.f('ck_welfare_budget_line_spent_non_negative')),
    sa.ForeignKeyConstraint(['tenant_id', 'budget_id'], ['welfare_budget.tenant_id', 'welfare_budget.id'], name='fk_budget_id_welfare_budget_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'fund_id'], ['welfare_fund.tenant_id', 'welfare_fund.id'], name='fk_fund_id_welfare_fund_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_welfare_budget_line_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welfare_budget_line')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_welfare_budget_line_tenant_id')
    )
    with op.batch_alter_table('welfare_budget_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welfare_budget_line_budget_id'), ['budget_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_budget_line_fund_id'), ['fund_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_budget_line_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('welfare_grant_tranche',
    sa.Column('grant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('fund_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('amount_satang', sa.BigInteger(), nullable=False),
    sa.Column('expected_on', sa.Date(), nullable=True),
    sa.Column('conditions', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('journal_entry_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("(status = 'received') = (received_on IS NOT NULL)", name=op.f('ck_welfare_grant_tranche_received_dated')),
    sa.CheckConstraint("status IN ('expected','received','cancelled')", name=op.f('ck_welfare_grant_tranche_status_known')),
    sa.CheckConstraint('amount_satang > 0', name=op.f('ck_welfare_grant_tranche_amount_positive')),
    sa.ForeignKeyConstraint(['tenant_id', 'fund_id'], ['welfare_fund.tenant_id', 'welfare_fund.id'], name='fk_fund_id_welfare_fund_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'grant_id'], ['welfare_grant.tenant_id', 'welfare_grant.id'], name='fk_grant_id_welfare_grant_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'journal_entry_id'], ['journal_entry.tenant_id', 'journal_entry.id'], name='fk_journal_entry_id_journal_entry_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_welfare_grant_tranche_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welfare_grant_tranche')),
    sa.UniqueConstraint('tenant_id', 'grant_id', 'seq', name='uq_welfare_grant_tranche_seq'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_welfare_grant_tranche_tenant_id')
    )
    with op.batch_alter_table('welfare_grant_tranche', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welfare_grant_tranche_fund_id'), ['fund_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_grant_tranche_grant_id'), ['grant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_grant_tranche_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('welfare_resolution',
    sa.Column('fund_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('meeting_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('amount_cap_satang', sa.BigInteger(), nullable=False),
    sa.Column('used_satang', sa.BigInteger(), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("kind IN ('loan','disbursement','budget_change','write_off','benefit','reschedule')", name=op.f('ck_welfare_resolution_kind_known')),
    sa.CheckConstraint("status IN ('active','revoked')", name=op.f('ck_welfare_resolution_status_known')),
    sa.CheckConstraint('amount_cap_satang >= 0', name=op.f('ck_welfare_resolution_cap_non_negative')),
    sa.CheckConstraint('used_satang >= 0 AND used_satang <= amount_cap_satang', name=op.f('ck_welfare_resolution_used_within_cap')),
    sa.ForeignKeyConstraint(['tenant_id', 'fund_id'], ['welfare_fund.tenant_id', 'welfare_fund.id'], name='fk_fund_id_welfare_fund_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'meeting_id'], ['welfare_meeting.tenant_id', 'welfare_meeting.id'], name='fk_meeting_id_welfare_meeting_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_welfare_resolution_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welfare_resolution')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_welfare_resolution_tenant_id')
    )
    with op.batch_alter_table('welfare_resolution', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welfare_resolution_fund_id'), ['fund_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_resolution_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_resolution_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('welfare_disbursement',
    sa.Column('fund_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('resolution_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('budget_line_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('overspend_resolution_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('overspend_satang', sa.BigInteger(), nullable=False),
    sa.Column('amount_satang', sa.BigInteger(), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('target_type', sa.String(length=60), nullable=False),
    sa.Column('target_id', sa.BigInteger(), nullable=True),
    sa.Column('debit_key', sa.String(length=40), nullable=False),
    sa.Column('credit_key', sa.String(length=40), nullable=False),
    sa.Column('requested_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('required', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('reject_reason', sa.Text(), nullable=True),
    sa.Column('journal_entry_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("status IN ('pending','approved','rejected','paid')", name=op.f('ck_welfare_disbursement_status_known')),
    sa.CheckConstraint('amount_satang > 0', name=op.f('ck_welfare_disbursement_amount_positive')),
    sa.CheckConstraint('required >= 1', name=op.f('ck_welfare_disbursement_required_positive')),
    sa.ForeignKeyConstraint(['requested_by'], ['user_account.id'], name=op.f('fk_welfare_disbursement_requested_by_user_account'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'budget_line_id'], ['welfare_budget_line.tenant_id', 'welfare_budget_line.id'], name='fk_budget_line_id_welfare_budget_line_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'fund_id'], ['welfare_fund.tenant_id', 'welfare_fund.id'], name='fk_fund_id_welfare_fund_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'journal_entry_id'], ['journal_entry.tenant_id', 'journal_entry.id'], name='fk_journal_entry_id_journal_entry_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'overspend_resolution_id'], ['welfare_resolution.tenant_id', 'welfare_resolution.id'], name='fk_overspend_resolution_id_welfare_resolution_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'resolution_id'], ['welfare_resolution.tenant_id', 'welfare_resolution.id'], name='fk_resolution_id_welfare_resolution_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_welfare_disbursement_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welfare_disbursement')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_welfare_disbursement_tenant_id')
    )
    with op.batch_alter_table('welfare_disbursement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welfare_disbursement_budget_line_id'), ['budget_line_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_disbursement_fund_id'), ['fund_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_disbursement_requested_by'), ['requested_by'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_disbursement_resolution_id'), ['resolution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_disbursement_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_disbursement_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('welfare_loan_group',
    sa.Column('fund_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('resolution_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('meeting_place', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'fund_id'], ['welfare_fund.tenant_id', 'welfare_fund.id'], name='fk_fund_id_welfare_fund_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'resolution_id'], ['welfare_resolution.tenant_id', 'welfare_resolution.id'], name='fk_resolution_id_welfare_resolution_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_welfare_loan_group_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welfare_loan_group')),
    sa.UniqueConstraint('tenant_id', 'fund_id', 'name', name='uq_welfare_loan_group_name'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_welfare_loan_group_tenant_id')
    )
    with op.batch_alter_table('welfare_loan_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welfare_loan_group_fund_id'), ['fund_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_loan_group_resolution_id'), ['resolution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_loan_group_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('welfare_approval',
    sa.Column('disbursement_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('decision', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("decision IN ('approve', 'reject')", name=op.f('ck_welfare_approval_decision_known')),
    sa.ForeignKeyConstraint(['tenant_id', 'disbursement_id'], ['welfare_disbursement.tenant_id', 'welfare_disbursement.id'], name='fk_disbursement_id_welfare_disbursement_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_welfare_approval_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_welfare_approval_user_id_user_account'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welfare_approval')),
    sa.UniqueConstraint('tenant_id', 'disbursement_id', 'user_id', name='uq_welfare_approval_once'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_welfare_approval_tenant_id')
    )
    with op.batch_alter_table('welfare_approval', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welfare_approval_disbursement_id'), ['disbursement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_approval_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('welfare_loan',
    sa.Column('fund_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('product_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('borrower_person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('group_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('principal_satang', sa.BigInteger(), nullable=False),
    sa.Column('method', sa.String(length=12), nullable=False),
    sa.Column('annual_rate_bp', sa.Integer(), nullable=False),
    sa.Column('fee_satang', sa.BigInteger(), nullable=False),
    sa.Column('term', sa.Integer(), nullable=False),
    sa.Column('frequency', sa.String(length=10), nullable=False),
    sa.Column('grace', sa.Integer(), nullable=False),
    sa.Column('allocation_order', sa.String(length=40), nullable=False),
    sa.Column('allocation_strategy', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('applied_on', sa.Date(), nullable=False),
    sa.Column('resolution_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('disbursement_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('disbursed_on', sa.Date(), nullable=True),
    sa.Column('schedule_version', sa.Integer(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('outstanding_satang', sa.BigInteger(), nullable=False),
    sa.Column('days_past_due', sa.Integer(), nullable=False),
    sa.Column('aged_on', sa.Date(), nullable=True),
    sa.Column('write_off_resolution_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('written_off_satang', sa.BigInteger(), nullable=False),
    sa.Column('recovered_satang', sa.BigInteger(), nullable=False),
    sa.Column('written_off_on', sa.Date(), nullable=True),
    sa.Column('reject_reason', sa.Text(), nullable=True),
    sa.Column('created_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("frequency IN ('weekly','monthly')", name=op.f('ck_welfare_loan_frequency_known')),
    sa.CheckConstraint("method IN ('zero','flat','declining')", name=op.f('ck_welfare_loan_method_known')),
    sa.CheckConstraint("status IN ('applied','pending','active','closed','written_off','rejected','cancelled')", name=op.f('ck_welfare_loan_status_known')),
    sa.CheckConstraint('outstanding_satang >= 0 AND outstanding_satang <= principal_satang', name=op.f('ck_welfare_loan_outstanding_range')),
    sa.CheckConstraint('principal_satang > 0', name=op.f('ck_welfare_loan_principal_positive')),
    sa.CheckConstraint('recovered_satang <= written_off_satang', name=op.f('ck_welfare_loan_recovery_within_write_off')),
    sa.CheckConstraint('written_off_satang >= 0 AND recovered_satang >= 0', name=op.f('ck_welfare_loan_write_off_non_negative')),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], name=op.f('fk_welfare_loan_created_by_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'borrower_person_id'], ['person.tenant_id', 'person.id'], name='fk_borrower_person_id_person_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'disbursement_id'], ['welfare_disbursement.tenant_id', 'welfare_disbursement.id'], name='fk_disbursement_id_welfare_disbursement_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'fund_id'], ['welfare_fund.tenant_id', 'welfare_fund.id'], name='fk_fund_id_welfare_fund_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'group_id'], ['welfare_loan_group.tenant_id', 'welfare_loan_group.id'], name='fk_group_id_welfare_loan_group_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'product_id'], ['welfare_loan_product.tenant_id', 'welfare_loan_product.id'], name='fk_product_id_welfare_loan_product_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'resolution_id'], ['welfare_resolution.tenant_id', 'welfare_resolution.id'], name='fk_resolution_id_welfare_resolution_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'write_off_resolution_id'], ['welfare_resolution.tenant_id', 'welfare_resolution.id'], name='fk_write_off_resolution_id_welfare_resolution_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_welfare_loan_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welfare_loan')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_welfare_loan_tenant_id')
    )
    with op.batch_alter_table('welfare_loan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welfare_loan_borrower_person_id'), ['borrower_person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_loan_disbursement_id'), ['disbursement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_loan_fund_id'), ['fund_id'], unique=False)
        batch_op.create_index('ix_welfare_loan_fund_status', ['tenant_id', 'fund_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_loan_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_loan_product_id'), ['product_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_loan_resolution_id'), ['resolution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_loan_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_loan_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('welfare_member',
    sa.Column('fund_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('household_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('member_no', sa.String(length=40), nullable=True),
    sa.Column('joined_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("status IN ('active', 'suspended', 'left', 'deceased')", name=op.f('ck_welfare_member_status_known')),
    sa.CheckConstraint('(person_id IS NULL) <> (household_id IS NULL)', name=op.f('ck_welfare_member_person_or_household')),
    sa.ForeignKeyConstraint(['tenant_id', 'fund_id'], ['welfare_fund.tenant_id', 'welfare_fund.id'], name='fk_fund_id_welfare_fund_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'household_id'], ['household.tenant_id', 'household.id'], name='fk_household_id_household_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'person_id'], ['person.tenant_id', 'person.id'], name='fk_person_id_person_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_welfare_member_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welfare_member')),
    sa.UniqueConstraint('tenant_id', 'fund_id', 'household_id', name='uq_welfare_member_household'),
    sa.UniqueConstraint('tenant_id', 'fund_id', 'person_id', name='uq_welfare_member_person'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_welfare_member_tenant_id')
    )
    with op.batch_alter_table('welfare_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welfare_member_fund_id'), ['fund_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_member_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_member_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_member_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('welfare_benefit_claim',
    sa.Column('fund_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('benefit_type_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('event_date', sa.Date(), nullable=False),
    sa.Column('nights', sa.Integer(), nullable=True),
    sa.Column('amount_requested_satang', sa.BigInteger(), nullable=False),
    sa.Column('amount_satang', sa.BigInteger(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('check_note', sa.Text(), nullable=True),
    sa.Column('disbursement_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("status IN ('submitted','checked','refused','pending_approval','rejected','paid')", name=op.f('ck_welfare_benefit_claim_status_known')),
    sa.CheckConstraint('amount_requested_satang > 0', name=op.f('ck_welfare_benefit_claim_requested_positive')),
    sa.CheckConstraint('amount_satang IS NULL OR amount_satang > 0', name=op.f('ck_welfare_benefit_claim_amount_positive')),
    sa.CheckConstraint('nights IS NULL OR nights > 0', name=op.f('ck_welfare_benefit_claim_nights_positive')),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], name=op.f('fk_welfare_benefit_claim_created_by_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'benefit_type_id'], ['welfare_benefit_type.tenant_id', 'welfare_benefit_type.id'], name='fk_benefit_type_id_welfare_benefit_type_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'disbursement_id'], ['welfare_disbursement.tenant_id', 'welfare_disbursement.id'], name='fk_disbursement_id_welfare_disbursement_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'fund_id'], ['welfare_fund.tenant_id', 'welfare_fund.id'], name='fk_fund_id_welfare_fund_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'member_id'], ['welfare_member.tenant_id', 'welfare_member.id'], name='fk_member_id_welfare_member_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_welfare_benefit_claim_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welfare_benefit_claim')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_welfare_benefit_claim_tenant_id')
    )
    with op.batch_alter_table('welfare_benefit_claim', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welfare_benefit_claim_benefit_type_id'), ['benefit_type_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_benefit_claim_fund_id'), ['fund_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_benefit_claim_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_benefit_claim_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_benefit_claim_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('welfare_contribution_payment',
    sa.Column('fund_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('amount_satang', sa.BigInteger(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('method', sa.String(length=20), nullable=False),
    sa.Column('journal_entry_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('recorded_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("method IN ('cash', 'transfer')", name=op.f('ck_welfare_contribution_payment_method_known')),
    sa.CheckConstraint('amount_satang > 0', name=op.f('ck_welfare_contribution_payment_amount_positive')),
    sa.ForeignKeyConstraint(['recorded_by'], ['user_account.id'], name=op.f('fk_welfare_contribution_payment_recorded_by_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'fund_id'], ['welfare_fund.tenant_id', 'welfare_fund.id'], name='fk_fund_id_welfare_fund_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'journal_entry_id'], ['journal_entry.tenant_id', 'journal_entry.id'], name='fk_journal_entry_id_journal_entry_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'member_id'], ['welfare_member.tenant_id', 'welfare_member.id'], name='fk_member_id_welfare_member_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_welfare_contribution_payment_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welfare_contribution_payment')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_welfare_contribution_payment_tenant_id')
    )
    with op.batch_alter_table('welfare_contribution_payment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welfare_contribution_payment_fund_id'), ['fund_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_contribution_payment_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_contribution_payment_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('welfare_contribution_schedule',
    sa.Column('fund_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('amount_satang', sa.BigInteger(), nullable=False),
    sa.Column('period', sa.String(length=10), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("period IN ('daily','monthly','yearly')", name=op.f('ck_welfare_contribution_schedule_period_known')),
    sa.CheckConstraint('amount_satang > 0', name=op.f('ck_welfare_contribution_schedule_amount_positive')),
    sa.CheckConstraint('ends_on IS NULL OR ends_on >= starts_on', name=op.f('ck_welfare_contribution_schedule_period_order')),
    sa.ForeignKeyConstraint(['tenant_id', 'fund_id'], ['welfare_fund.tenant_id', 'welfare_fund.id'], name='fk_fund_id_welfare_fund_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'member_id'], ['welfare_member.tenant_id', 'welfare_member.id'], name='fk_member_id_welfare_member_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_welfare_contribution_schedule_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welfare_contribution_schedule')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_welfare_contribution_schedule_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'member_id', name='uq_welfare_contribution_schedule_member')
    )
    with op.batch_alter_table('welfare_contribution_schedule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welfare_contribution_schedule_fund_id'), ['fund_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_contribution_schedule_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_contribution_schedule_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('welfare_guarantor',
    sa.Column('loan_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('relation', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'loan_id'], ['welfare_loan.tenant_id', 'welfare_loan.id'], name='fk_loan_id_welfare_loan_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'person_id'], ['person.tenant_id', 'person.id'], name='fk_person_id_person_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_welfare_guarantor_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welfare_guarantor')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_welfare_guarantor_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'loan_id', 'person_id', name='uq_welfare_guarantor_once')
    )
    with op.batch_alter_table('welfare_guarantor', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welfare_guarantor_loan_id'), ['loan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_guarantor_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_guarantor_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('welfare_installment',
    sa.Column('loan_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('principal_due', sa.BigInteger(), nullable=False),
    sa.Column('interest_due', sa.BigInteger(), nullable=False),
    sa.Column('fee_due', sa.BigInteger(), nullable=False),
    sa.Column('principal_paid', sa.BigInteger(), nullable=False),
    sa.Column('interest_paid', sa.BigInteger(), nullable=False),
    sa.Column('fee_paid', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("status IN ('open','paid','rescheduled','written_off')", name=op.f('ck_welfare_installment_status_known')),
    sa.CheckConstraint('principal_due >= 0 AND interest_due >= 0 AND fee_due >= 0', name=op.f('ck_welfare_installment_due_non_negative')),
    sa.CheckConstraint('principal_paid >= 0 AND principal_paid <= principal_due AND interest_paid >= 0 AND interest_paid <= interest_due AND fee_paid >= 0 AND fee_paid <= fee_due', name=op.f('ck_welfare_installment_paid_within_due')),
    sa.ForeignKeyConstraint(['tenant_id', 'loan_id'], ['welfare_loan.tenant_id', 'welfare_loan.id'], name='fk_loan_id_welfare_loan_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_welfare_installment_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welfare_installment')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_welfare_installment_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'loan_id', 'version', 'number', name='uq_welfare_installment_number')
    )
    with op.batch_alter_table('welfare_installment', schema=None) as batch_op:
        batch_op.create_index('ix_welfare_installment_loan_due', ['tenant_id', 'loan_id', 'due_on'], unique=False)
        batch_op.create_index('ix_welfare_installment_open_due', ['tenant_id', 'status', 'due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_installment_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('welfare_loan_reschedule',
    sa.Column('loan_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('resolution_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('outstanding_satang', sa.BigInteger(), nullable=False),
    sa.Column('from_version', sa.Integer(), nullable=False),
    sa.Column('to_version', sa.Integer(), nullable=False),
    sa.Column('term', sa.Integer(), nullable=False),
    sa.Column('grace', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('created_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], name=op.f('fk_welfare_loan_reschedule_created_by_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'loan_id'], ['welfare_loan.tenant_id', 'welfare_loan.id'], name='fk_loan_id_welfare_loan_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'resolution_id'], ['welfare_resolution.tenant_id', 'welfare_resolution.id'], name='fk_resolution_id_welfare_resolution_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_welfare_loan_reschedule_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welfare_loan_reschedule')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_welfare_loan_reschedule_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'loan_id', 'to_version', name='uq_welfare_loan_reschedule_version')
    )
    with op.batch_alter_table('welfare_loan_reschedule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welfare_loan_reschedule_loan_id'), ['loan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_loan_reschedule_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('welfare_repayment',
    sa.Column('loan_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('payment_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('method', sa.String(length=12), nullable=False),
    sa.Column('amount_satang', sa.BigInteger(), nullable=False),
    sa.Column('credit_satang', sa.BigInteger(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('journal_entry_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("kind IN ('repayment','recovery')", name=op.f('ck_welfare_repayment_kind_known')),
    sa.CheckConstraint('amount_satang > 0', name=op.f('ck_welfare_repayment_amount_positive')),
    sa.CheckConstraint('credit_satang >= 0 AND credit_satang <= amount_satang', name=op.f('ck_welfare_repayment_credit_range')),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], name=op.f('fk_welfare_repayment_created_by_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'journal_entry_id'], ['journal_entry.tenant_id', 'journal_entry.id'], name='fk_journal_entry_id_journal_entry_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'loan_id'], ['welfare_loan.tenant_id', 'welfare_loan.id'], name='fk_loan_id_welfare_loan_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'payment_id'], ['payment.tenant_id', 'payment.id'], name='fk_payment_id_payment_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_welfare_repayment_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welfare_repayment')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_welfare_repayment_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'payment_id', name='uq_welfare_repayment_payment')
    )
    with op.batch_alter_table('welfare_repayment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welfare_repayment_loan_id'), ['loan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_repayment_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('welfare_repayment_allocation',
    sa.Column('repayment_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('installment_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('component', sa.String(length=10), nullable=False),
    sa.Column('amount_satang', sa.BigInteger(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("component IN ('fee', 'interest', 'principal')", name=op.f('ck_welfare_repayment_allocation_component_known')),
    sa.CheckConstraint('amount_satang > 0', name=op.f('ck_welfare_repayment_allocation_amount_positive')),
    sa.ForeignKeyConstraint(['tenant_id', 'installment_id'], ['welfare_installment.tenant_id', 'welfare_installment.id'], name='fk_installment_id_welfare_installment_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'repayment_id'], ['welfare_repayment.tenant_id', 'welfare_repayment.id'], name='fk_repayment_id_welfare_repayment_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_welfare_repayment_allocation_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welfare_repayment_allocation')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_welfare_repayment_allocation_tenant_id')
    )
    with op.batch_alter_table('welfare_repayment_allocation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welfare_repayment_allocation_installment_id'), ['installment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_repayment_allocation_repayment_id'), ['repayment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_repayment_allocation_tenant_id'), ['tenant_id'], unique=False)

    from core.tenancy.rls import enable_all

    enable_all(op.get_bind())


def downgrade():
    with op.batch_alter_table('welfare_repayment_allocation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welfare_repayment_allocation_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_repayment_allocation_repayment_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_repayment_allocation_installment_id'))

    op.drop_table('welfare_repayment_allocation')

    with op.batch_alter_table('welfare_repayment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welfare_repayment_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_repayment_loan_id'))

    op.drop_table('welfare_repayment')

    with op.batch_alter_table('welfare_loan_reschedule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welfare_loan_reschedule_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_loan_reschedule_loan_id'))

    op.drop_table('welfare_loan_reschedule')

    with op.batch_alter_table('welfare_installment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welfare_installment_tenant_id'))
        batch_op.drop_index('ix_welfare_installment_open_due')
        batch_op.drop_index('ix_welfare_installment_loan_due')

    op.drop_table('welfare_installment')

    with op.batch_alter_table('welfare_guarantor', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welfare_guarantor_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_guarantor_person_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_guarantor_loan_id'))

    op.drop_table('welfare_guarantor')

    with op.batch_alter_table('welfare_contribution_schedule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welfare_contribution_schedule_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_contribution_schedule_member_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_contribution_schedule_fund_id'))

    op.drop_table('welfare_contribution_schedule')

    with op.batch_alter_table('welfare_contribution_payment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welfare_contribution_payment_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_contribution_payment_member_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_contribution_payment_fund_id'))

    op.drop_table('welfare_contribution_payment')

    with op.batch_alter_table('welfare_benefit_claim', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welfare_benefit_claim_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_benefit_claim_status'))
        batch_op.drop_index(batch_op.f('ix_welfare_benefit_claim_member_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_benefit_claim_fund_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_benefit_claim_benefit_type_id'))

    op.drop_table('welfare_benefit_claim')

    with op.batch_alter_table('welfare_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welfare_member_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_member_person_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_member_household_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_member_fund_id'))

    op.drop_table('welfare_member')

    with op.batch_alter_table('welfare_loan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welfare_loan_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_loan_status'))
        batch_op.drop_index(batch_op.f('ix_welfare_loan_resolution_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_loan_product_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_loan_group_id'))
        batch_op.drop_index('ix_welfare_loan_fund_status')
        batch_op.drop_index(batch_op.f('ix_welfare_loan_fund_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_loan_disbursement_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_loan_borrower_person_id'))

    op.drop_table('welfare_loan')

    with op.batch_alter_table('welfare_approval', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welfare_approval_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_approval_disbursement_id'))

    op.drop_table('welfare_approval')

    with op.batch_alter_table('welfare_loan_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welfare_loan_group_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_loan_group_resolution_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_loan_group_fund_id'))

    op.drop_table('welfare_loan_group')

    with op.batch_alter_table('welfare_disbursement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welfare_disbursement_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_disbursement_status'))
        batch_op.drop_index(batch_op.f('ix_welfare_disbursement_resolution_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_disbursement_requested_by'))
        batch_op.drop_index(batch_op.f('ix_welfare_disbursement_fund_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_disbursement_budget_line_id'))

    op.drop_table('welfare_disbursement')

    with op.batch_alter_table('welfare_resolution', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welfare_resolution_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_resolution_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_resolution_fund_id'))

    op.drop_table('welfare_resolution')

    with op.batch_alter_table('welfare_grant_tranche', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welfare_grant_tranche_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_grant_tranche_grant_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_grant_tranche_fund_id'))

    op.drop_table('welfare_grant_tranche')

    with op.batch_alter_table('welfare_budget_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welfare_budget_line_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_budget_line_fund_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_budget_line_budget_id'))

    op.drop_table('welfare_budget_line')

    with op.batch_alter_table('welfare_signatory', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welfare_signatory_user_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_signatory_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_signatory_fund_id'))

    op.drop_table('welfare_signatory')

    with op.batch_alter_table('welfare_meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welfare_meeting_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_meeting_fund_id'))

    op.drop_table('welfare_meeting')

    with op.batch_alter_table('welfare_matching_contribution', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welfare_matching_contribution_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_matching_contribution_fund_id'))

    op.drop_table('welfare_matching_contribution')

    with op.batch_alter_table('welfare_loan_product', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welfare_loan_product_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_loan_product_fund_id'))

    op.drop_table('welfare_loan_product')

    with op.batch_alter_table('welfare_grant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welfare_grant_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_grant_fund_id'))

    op.drop_table('welfare_grant')

    with op.batch_alter_table('welfare_donation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welfare_donation_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_donation_fund_id'))

    op.drop_table('welfare_donation')

    with op.batch_alter_table('welfare_budget', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welfare_budget_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_budget_fund_id'))

    op.drop_table('welfare_budget')

    with op.batch_alter_table('welfare_benefit_type', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welfare_benefit_type_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_welfare_benefit_type_fund_id'))

    op.drop_table('welfare_benefit_type')

    with op.batch_alter_table('welfare_approval_policy', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welfare_approval_policy_tenant_id'))

    op.drop_table('welfare_approval_policy')

    with op.batch_alter_table('welfare_fund', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welfare_fund_tenant_id'))

    op.drop_table('welfare_fund')
