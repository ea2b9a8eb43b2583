"""The charter's conflict-of-interest rules for peer inspectors; merges of
duplicate people and villages in the registry (reversible), and one village
per number for a tenant without a subdistrict.

Revision ID: 2b173bb7a24e
Revises: f47d3e0b8c24
Create Date: 2026-12-07 02:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = '2b173bb7a24e'
down_revision = 'f47d3e0b8c24'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('producer_standard', schema=None) as batch_op:
        batch_op.add_column(sa.Column('conflicts_allowed', sa.JSON(), server_default='[]', nullable=False))


def downgrade():
    with op.batch_alter_table('producer_standard', schema=None) as batch_op:
        batch_op.drop_column('conflicts_allowed')
