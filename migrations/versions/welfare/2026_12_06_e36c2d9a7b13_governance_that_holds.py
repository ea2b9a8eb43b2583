"""Governance that holds: resolution numbers unique per fund and year, and
funds that use a resolution only once its meeting's minutes are attached.

Revision ID: e36c2d9a7b13
Revises: d25f1b8e4c02
Create Date: 2026-12-06 23:55:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'e36c2d9a7b13'
down_revision = 'd25f1b8e4c02'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('welfare_fund', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'requires_minutes', sa.Boolean(), nullable=False, server_default=sa.false()
        ))
    with op.batch_alter_table('welfare_resolution', schema=None) as batch_op:
        batch_op.add_column(sa.Column('year', sa.Integer(), nullable=True))
    # the year of each resolution's meeting; numbers already used twice in a
    # fund and year must be told apart by hand before the index is created
    op.execute(
        "UPDATE welfare_resolution SET year = (SELECT CAST(strftime('%Y', m.held_on) AS INTEGER) "
        "FROM welfare_meeting m WHERE m.id = welfare_resolution.meeting_id "
        "AND m.tenant_id = welfare_resolution.tenant_id)"
        if op.get_bind().dialect.name == 'sqlite' else
        "UPDATE welfare_resolution r SET year = EXTRACT(YEAR FROM m.held_on) "
        "FROM welfare_meeting m WHERE m.id = r.meeting_id AND m.tenant_id = r.tenant_id"
    )
    op.execute("UPDATE welfare_resolution SET number = TRIM(number)")
    op.create_index(
        'uq_welfare_resolution_number_year', 'welfare_resolution',
        ['tenant_id', 'fund_id', 'year', 'number'], unique=True,
        postgresql_where=sa.text("number <> ''"), sqlite_where=sa.text("number <> ''"),
    )


def downgrade():
    op.drop_index('uq_welfare_resolution_number_year', table_name='welfare_resolution')
    with op.batch_alter_table('welfare_resolution', schema=None) as batch_op:
        batch_op.drop_column('year')
    with op.batch_alter_table('welfare_fund', schema=None) as batch_op:
        batch_op.drop_column('requires_minutes')
