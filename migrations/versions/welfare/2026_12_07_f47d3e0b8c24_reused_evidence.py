"""Evidence that cannot be reused unnoticed: who accepted a claim's reused
document, and why.

Revision ID: f47d3e0b8c24
Revises: e36c2d9a7b13
Create Date: 2026-12-07 00:15:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'f47d3e0b8c24'
down_revision = 'e36c2d9a7b13'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('welfare_benefit_claim', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reuse_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column(
            'reuse_accepted_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True
        ))
        batch_op.create_foreign_key(
            op.f('fk_welfare_benefit_claim_reuse_accepted_by_user_account'), 'user_account',
            ['reuse_accepted_by'], ['id'], ondelete='SET NULL',
        )


def downgrade():
    with op.batch_alter_table('welfare_benefit_claim', schema=None) as batch_op:
        batch_op.drop_constraint(
            op.f('fk_welfare_benefit_claim_reuse_accepted_by_user_account'), type_='foreignkey'
        )
        batch_op.drop_column('reuse_accepted_by')
        batch_op.drop_column('reuse_reason')
