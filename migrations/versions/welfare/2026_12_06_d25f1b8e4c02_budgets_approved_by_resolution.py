"""Budgets approved by a resolution: the resolution is kept on the budget.

Revision ID: d25f1b8e4c02
Revises: c15e0a7f3b21
Create Date: 2026-12-06 23:45:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'd25f1b8e4c02'
down_revision = 'c15e0a7f3b21'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('welfare_budget', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'resolution_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True
        ))
        batch_op.create_foreign_key(
            'fk_resolution_id_welfare_resolution_same_tenant', 'welfare_resolution',
            ['tenant_id', 'resolution_id'], ['tenant_id', 'id'], ondelete='RESTRICT',
        )


def downgrade():
    with op.batch_alter_table('welfare_budget', schema=None) as batch_op:
        batch_op.drop_constraint('fk_resolution_id_welfare_resolution_same_tenant', type_='foreignkey')
        batch_op.drop_column('resolution_id')
