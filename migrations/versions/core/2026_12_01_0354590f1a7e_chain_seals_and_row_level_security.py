"""Chain seals (tamper evidence for the audit log and the journal, append-only
on PostgreSQL) and row-level security on every tenant table.

RLS: each table with a tenant_id column but membership gets a FORCEd policy
keyed on the transaction's pansuk.tenant_id / pansuk.unscoped settings (see
core/tenancy/rls.py, which sets them). Every later migration that adds tenant
tables ends with ``core.tenancy.rls.enable_all(op.get_bind())``, which is
idempotent; tests/test_migrations.py fails while any tenant table lacks it.

Revision ID: 0354590f1a7e
Revises: b8cd1cfea8ee
Create Date: 2026-12-01 14:05:22.603422

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0354590f1a7e'
down_revision = 'b8cd1cfea8ee'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('chain_seal',
    sa.Column('chain', sa.String(length=20), nullable=False),
    sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('row_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('sealed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("chain IN ('audit', 'journal')", name=op.f('ck_chain_seal_chain')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_chain_seal_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chain_seal')),
    sa.UniqueConstraint('tenant_id', 'chain', 'row_id', name='uq_chain_seal_row'),
    sa.UniqueConstraint('tenant_id', 'chain', 'seq', name='uq_chain_seal_seq'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_chain_seal_tenant_id')
    )
    with op.batch_alter_table('chain_seal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_chain_seal_tenant_id'), ['tenant_id'], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER chain_seal_append_only BEFORE UPDATE OR DELETE ON chain_seal "
            "FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change()"
        )
        enable_rls()


def enable_rls() -> None:
    from core.tenancy.rls import enable_all

    enable_all(op.get_bind())


def disable_rls() -> None:
    from core.tenancy.rls import disable_all

    disable_all(op.get_bind())


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        disable_rls()
        op.execute("DROP TRIGGER IF EXISTS chain_seal_append_only ON chain_seal")
    with op.batch_alter_table('chain_seal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_chain_seal_tenant_id'))

    op.drop_table('chain_seal')
