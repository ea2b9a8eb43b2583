"""Fair reschedules: what a reschedule carried and cost, and the
lateness it had (kept for PAR); the arrears an installment carries.

Revision ID: c15e0a7f3b21
Revises: 5c1e2a9d7b31
Create Date: 2026-12-06 23:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'c15e0a7f3b21'
down_revision = '5c1e2a9d7b31'
branch_labels = None
depends_on = None

SATANG_COLUMNS = (
    'carried_interest_satang',
    'carried_fee_satang',
    'total_before_satang',
    'total_after_satang',
)


def upgrade():
    with op.batch_alter_table('welfare_installment', schema=None) as batch_op:
        for name in ('arrears_interest', 'arrears_fee'):
            batch_op.add_column(
                sa.Column(name, sa.BigInteger(), nullable=False, server_default='0')
            )
        batch_op.create_check_constraint(
            op.f('ck_welfare_installment_arrears_within_due'),
            'arrears_interest >= 0 AND arrears_interest <= interest_due AND arrears_fee >= 0 '
            'AND arrears_fee <= fee_due',
        )
    with op.batch_alter_table('welfare_loan_reschedule', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('days_past_due', sa.Integer(), nullable=False, server_default='0')
        )
        batch_op.add_column(sa.Column('interest_through', sa.Date(), nullable=True))
        for name in SATANG_COLUMNS:
            batch_op.add_column(
                sa.Column(name, sa.BigInteger(), nullable=False, server_default='0')
            )
        batch_op.create_check_constraint(
            op.f('ck_welfare_loan_reschedule_days_past_due_non_negative'), 'days_past_due >= 0'
        )


def downgrade():
    with op.batch_alter_table('welfare_loan_reschedule', schema=None) as batch_op:
        batch_op.drop_constraint(
            op.f('ck_welfare_loan_reschedule_days_past_due_non_negative'), type_='check'
        )
        for name in reversed(SATANG_COLUMNS):
            batch_op.drop_column(name)
        batch_op.drop_column('interest_through')
        batch_op.drop_column('days_past_due')
    with op.batch_alter_table('welfare_installment', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_welfare_installment_arrears_within_due'), type_='check')
        batch_op.drop_column('arrears_fee')
        batch_op.drop_column('arrears_interest')
