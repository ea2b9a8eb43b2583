"""Row-level security the application's role cannot lift: policies trust
only a tenant binding proved with a key the role cannot read, and the reads
that cross tenants become named SECURITY DEFINER functions
(core/tenancy/rls.py, core/tenancy/crossing.py). Membership gets its own
policy (its tenant, or its user) and UNIQUE (tenant_id, id).

Before this, a session of the app's role could set pansuk.unscoped = 'on' (or
any pansuk.tenant_id) and read every tenant.

``pansuk db upgrade`` stores the key (derived from SECRET_KEY) after the
migrations run (migrations/env.py).

Revision ID: 5e1f2a9c7b30
Revises: 897c909574f2
Create Date: 2026-12-06 23:50:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '5e1f2a9c7b30'
down_revision = '897c909574f2'
branch_labels = None
depends_on = None

# The policy this revision replaces, for downgrade.
_OLD_CONDITION = (
    "(tenant_id = NULLIF(current_setting('pansuk.tenant_id', true), '')::bigint"
    " OR current_setting('pansuk.unscoped', true) = 'on')"
)


def upgrade():
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_membership_tenant_id', ['tenant_id', 'id'])
    if op.get_bind().dialect.name == "postgresql":
        from core.tenancy.rls import enable_all

        enable_all(op.get_bind())


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        from core.tenancy.rls import POLICY, disable_all, tenant_tables

        disable_all(bind)
        for table in tenant_tables(bind):
            if table == "membership":
                continue
            op.execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
            op.execute(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')
            op.execute(
                f'CREATE POLICY {POLICY} ON "{table}" USING {_OLD_CONDITION} WITH CHECK {_OLD_CONDITION}'
            )
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.drop_constraint('uq_membership_tenant_id', type_='unique')
