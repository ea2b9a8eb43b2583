"""The audit log append-only (a trigger refuses UPDATE and DELETE of
audit_event, as for the journal) and chain heads: per tenant and chain, the
length and last hash of the chain as last sealed, which only grow (a trigger
refuses DELETE and any UPDATE that does not lengthen it), so deleting the
newest rows together with their seals shows in ``pansuk verify``.

Existing chains get their head from their newest seal (the owner who runs
migrations is not bound by row-level security; see core/tenancy/rls.py).

Revision ID: 5c1e2a9d7b31
Revises: c4e1a7d2b9f3
Create Date: 2026-12-06 23:55:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '5c1e2a9d7b31'
down_revision = 'c4e1a7d2b9f3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('chain_head',
    sa.Column('chain', sa.String(length=20), nullable=False),
    sa.Column('length', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("chain IN ('audit', 'journal')", name=op.f('ck_chain_head_chain')),
    sa.CheckConstraint('length >= 0', name=op.f('ck_chain_head_length_not_negative')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_chain_head_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chain_head')),
    sa.UniqueConstraint('tenant_id', 'chain', name='uq_chain_head_chain'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_chain_head_tenant_id')
    )
    with op.batch_alter_table('chain_head', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_chain_head_tenant_id'), ['tenant_id'], unique=False)

    postgres = op.get_bind().dialect.name == "postgresql"
    op.execute(
        "INSERT INTO chain_head (tenant_id, chain, length, last_hash, updated_at) "
        "SELECT s.tenant_id, s.chain, s.seq, s.hash, CURRENT_TIMESTAMP FROM chain_seal s "
        "WHERE s.seq = (SELECT max(m.seq) FROM chain_seal m WHERE m.tenant_id = s.tenant_id AND m.chain = s.chain)"
    )
    if postgres:
        from core.audit.sql import UPGRADE as AUDIT_UPGRADE
        from core.integrity.sql import HEAD_UPGRADE
        from core.tenancy.rls import enable_all

        for statement in (*AUDIT_UPGRADE, *HEAD_UPGRADE):
            op.execute(statement)
        enable_all(op.get_bind())


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        from core.audit.sql import DOWNGRADE as AUDIT_DOWNGRADE
        from core.integrity.sql import HEAD_DOWNGRADE

        for statement in (*HEAD_DOWNGRADE, *AUDIT_DOWNGRADE):
            op.execute(statement)
    with op.batch_alter_table('chain_head', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_chain_head_tenant_id'))

    op.drop_table('chain_head')
