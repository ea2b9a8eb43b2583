"""Restricted money stays restricted, evidence cannot be reused unnoticed:
the permitted uses of a restricted grant and the restricted money each
disbursement draws; resolutions that release restricted money; disbursements
whose reused document a second person accepted; funds that pay only once the
documents are complete; document kinds for certificates and ID cards.

Revision ID: 134d6838c2c6
Revises: f47d3e0b8c24
Create Date: 2026-12-07 02:45:00

"""
import sqlalchemy as sa
from alembic import op

revision = '134d6838c2c6'
down_revision = 'f47d3e0b8c24'
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
USES = "'benefits','loans','area_support','administration'"
RESOLUTION_KINDS_BEFORE = "'loan','disbursement','budget_change','write_off','benefit','reschedule'"
DOCUMENT_KINDS_BEFORE = "'receipt','photo','registration_form','tenure','minutes','statement','other'"
DOCUMENT_KINDS_AFTER = (
    "'receipt','photo','registration_form','tenure','minutes','statement','birth_certificate',"
    "'death_certificate','medical_certificate','id_card','house_registration','other'"
)


def upgrade():
    op.create_table('welfare_grant_use',
    sa.Column('grant_id', BigId, nullable=False),
    sa.Column('use', sa.String(length=20), nullable=False),
    sa.Column('tenant_id', BigId, nullable=False),
    sa.Column('id', BigId, autoincrement=True, nullable=False),
    sa.CheckConstraint(f"use IN ({USES})", name=op.f('ck_welfare_grant_use_use_known')),
    sa.ForeignKeyConstraint(['tenant_id', 'grant_id'], ['welfare_grant.tenant_id', 'welfare_grant.id'], name='fk_grant_id_welfare_grant_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_welfare_grant_use_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welfare_grant_use')),
    sa.UniqueConstraint('tenant_id', 'grant_id', 'use', name='uq_welfare_grant_use'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_welfare_grant_use_tenant_id')
    )
    with op.batch_alter_table('welfare_grant_use', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welfare_grant_use_grant_id'), ['grant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_grant_use_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('welfare_restricted_draw',
    sa.Column('grant_id', BigId, nullable=False),
    sa.Column('disbursement_id', BigId, nullable=False),
    sa.Column('use', sa.String(length=20), nullable=False),
    sa.Column('amount_satang', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('journal_entry_id', BigId, nullable=True),
    sa.Column('tenant_id', BigId, nullable=False),
    sa.Column('id', BigId, autoincrement=True, nullable=False),
    sa.CheckConstraint('amount_satang > 0', name=op.f('ck_welfare_restricted_draw_amount_positive')),
    sa.CheckConstraint(f"use IN ({USES})", name=op.f('ck_welfare_restricted_draw_use_known')),
    sa.CheckConstraint("status IN ('pending','spent','returned')", name=op.f('ck_welfare_restricted_draw_status_known')),
    sa.ForeignKeyConstraint(['tenant_id', 'disbursement_id'], ['welfare_disbursement.tenant_id', 'welfare_disbursement.id'], name='fk_disbursement_id_welfare_disbursement_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'grant_id'], ['welfare_grant.tenant_id', 'welfare_grant.id'], name='fk_grant_id_welfare_grant_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'journal_entry_id'], ['journal_entry.tenant_id', 'journal_entry.id'], name='fk_journal_entry_id_journal_entry_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_welfare_restricted_draw_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welfare_restricted_draw')),
    sa.UniqueConstraint('tenant_id', 'disbursement_id', 'grant_id', name='uq_welfare_restricted_draw'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_welfare_restricted_draw_tenant_id')
    )
    with op.batch_alter_table('welfare_restricted_draw', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welfare_restricted_draw_disbursement_id'), ['disbursement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_restricted_draw_grant_id'), ['grant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_restricted_draw_tenant_id'), ['tenant_id'], unique=False)

    with op.batch_alter_table('welfare_resolution', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_welfare_resolution_kind_known'), type_='check')
        batch_op.create_check_constraint(
            'kind_known', f"kind IN ({RESOLUTION_KINDS_BEFORE},'release')"
        )
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_document_kind'), type_='check')
        batch_op.create_check_constraint('kind', f"kind IN ({DOCUMENT_KINDS_AFTER})")
    with op.batch_alter_table('welfare_fund', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'requires_documents', sa.Boolean(), nullable=False, server_default=sa.false()
        ))
    with op.batch_alter_table('welfare_disbursement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reuse_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('reuse_accepted_by', BigId, nullable=True))
        batch_op.create_foreign_key(
            op.f('fk_welfare_disbursement_reuse_accepted_by_user_account'), 'user_account',
            ['reuse_accepted_by'], ['id'], ondelete='SET NULL',
        )
    if op.get_bind().dialect.name == "postgresql":
        from core.tenancy.rls import enable_all

        enable_all(op.get_bind())


def downgrade():
    with op.batch_alter_table('welfare_disbursement', schema=None) as batch_op:
        batch_op.drop_constraint(
            op.f('fk_welfare_disbursement_reuse_accepted_by_user_account'), type_='foreignkey'
        )
        batch_op.drop_column('reuse_accepted_by')
        batch_op.drop_column('reuse_reason')
    with op.batch_alter_table('welfare_fund', schema=None) as batch_op:
        batch_op.drop_column('requires_documents')
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_document_kind'), type_='check')
        batch_op.create_check_constraint('kind', f"kind IN ({DOCUMENT_KINDS_BEFORE})")
    with op.batch_alter_table('welfare_resolution', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_welfare_resolution_kind_known'), type_='check')
        batch_op.create_check_constraint('kind_known', f"kind IN ({RESOLUTION_KINDS_BEFORE})")
    op.drop_table('welfare_restricted_draw')
    op.drop_table('welfare_grant_use')
