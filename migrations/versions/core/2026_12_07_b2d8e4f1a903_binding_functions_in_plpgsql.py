"""The binding functions the row-level security policies call, in PL/pgSQL.

As SQL functions (SECURITY DEFINER, so never inlined) they planned their body
again in every statement, once for each table the statement names: about a
third of the database's time in a flash crowd. PL/pgSQL keeps the plan for the
session. The check is the same: the claim's proof under the private key, and
the claim's backend.

Revision ID: b2d8e4f1a903
Revises: f7f4c673ff80
Create Date: 2026-12-07 16:20:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b2d8e4f1a903'
down_revision = 'f7f4c673ff80'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        from core.tenancy.rls import enable_all

        enable_all(op.get_bind())  # CREATE OR REPLACE of both functions, and nothing else changes


def downgrade():
    # The SQL version returned the same values for the same settings; the
    # functions stay in PL/pgSQL, and the revisions below change nothing else.
    pass
