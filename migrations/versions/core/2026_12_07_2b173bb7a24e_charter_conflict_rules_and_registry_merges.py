"""The charter's conflict-of-interest rules for peer inspectors; merges of
duplicate people and villages in the registry (reversible), and one village
per number for a tenant without a subdistrict.

Revision ID: 2b173bb7a24e
Revises: 134d6838c2c6
Create Date: 2026-12-07 02:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = '2b173bb7a24e'
down_revision = '134d6838c2c6'
branch_labels = None
depends_on = None


ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
NO_SUBDISTRICT = "subdistrict_id IS NULL AND moo IS NOT NULL"


def upgrade():
    with op.batch_alter_table('producer_standard', schema=None) as batch_op:
        batch_op.add_column(sa.Column('conflicts_allowed', sa.JSON(), server_default='[]', nullable=False))

    op.create_table('registry_merge',
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('kept_id', ID, nullable=False),
    sa.Column('removed_id', ID, nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('removed_row', sa.JSON(), nullable=False),
    sa.Column('removed_with', sa.JSON(), nullable=False),
    sa.Column('moved', sa.JSON(), nullable=False),
    sa.Column('filled', sa.JSON(), nullable=False),
    sa.Column('merged_by_user_id', ID, nullable=True),
    sa.Column('undone_by_user_id', ID, nullable=True),
    sa.Column('undone_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', ID, nullable=False),
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('person','village')", name=op.f('ck_registry_merge_kind')),
    sa.CheckConstraint("status IN ('merged','undone')", name=op.f('ck_registry_merge_status')),
    sa.CheckConstraint('kept_id <> removed_id', name=op.f('ck_registry_merge_distinct_rows')),
    sa.ForeignKeyConstraint(['merged_by_user_id'], ['user_account.id'], name=op.f('fk_registry_merge_merged_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['undone_by_user_id'], ['user_account.id'], name=op.f('fk_registry_merge_undone_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_registry_merge_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registry_merge')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_registry_merge_tenant_id')
    )
    with op.batch_alter_table('registry_merge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registry_merge_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ix_registry_merge_kept', ['tenant_id', 'kind', 'kept_id'], unique=False)

    with op.batch_alter_table('village', schema=None) as batch_op:
        batch_op.create_index('uq_village_moo_no_subdistrict', ['tenant_id', 'moo'], unique=True,
                              postgresql_where=sa.text(NO_SUBDISTRICT), sqlite_where=sa.text(NO_SUBDISTRICT))

    if op.get_bind().dialect.name == "postgresql":
        from core.tenancy.rls import enable_all

        enable_all(op.get_bind())


def downgrade():
    with op.batch_alter_table('village', schema=None) as batch_op:
        batch_op.drop_index('uq_village_moo_no_subdistrict')
    with op.batch_alter_table('registry_merge', schema=None) as batch_op:
        batch_op.drop_index('ix_registry_merge_kept')
        batch_op.drop_index(batch_op.f('ix_registry_merge_tenant_id'))
    op.drop_table('registry_merge')
    with op.batch_alter_table('producer_standard', schema=None) as batch_op:
        batch_op.drop_column('conflicts_allowed')
