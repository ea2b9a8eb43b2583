"""The market domain: centres, goods, kits, the stock event log with
non-negative levels, coupons, redemptions, the waste-bank wallet, rounds,
slots, bookings, queue tickets, orders, deliveries, donations, barter, lending
and trade between councils. Every new tenant table joins row-level security.

Revision ID: 01b8fcc39749
Revises: 0354590f1a7e
Create Date: 2026-12-01 15:20:34.415812

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '01b8fcc39749'
down_revision = '0354590f1a7e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('market_category',
    sa.Column('name_th', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_category_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_category')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_category_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'name_th', name='uq_market_category_name')
    )
    with op.batch_alter_table('market_category', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_category_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('market_code_attempt',
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('window_started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_code_attempt_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_code_attempt')),
    sa.UniqueConstraint('tenant_id', 'actor', name='uq_market_code_attempt_actor'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_code_attempt_tenant_id')
    )
    with op.batch_alter_table('market_code_attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_code_attempt_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('market_coupon_key',
    sa.Column('kid', sa.String(length=16), nullable=False),
    sa.Column('secret', sa.String(length=128), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("status IN ('current','retired','revoked')", name=op.f('ck_market_coupon_key_status')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_coupon_key_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_coupon_key')),
    sa.UniqueConstraint('kid', name='uq_market_coupon_key_kid'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_coupon_key_tenant_id')
    )
    with op.batch_alter_table('market_coupon_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_coupon_key_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('uq_market_coupon_key_one_current', ['tenant_id'], unique=True, postgresql_where=sa.text("status = 'current'"), sqlite_where=sa.text("status = 'current'"))

    op.create_table('market_network_grant',
    sa.Column('grantor_tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('grantee_tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('granted_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint('grantor_tenant_id <> grantee_tenant_id', name=op.f('ck_market_network_grant_not_self')),
    sa.ForeignKeyConstraint(['granted_by_id'], ['user_account.id'], name=op.f('fk_market_network_grant_granted_by_id_user_account'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['grantee_tenant_id'], ['tenant.id'], name=op.f('fk_market_network_grant_grantee_tenant_id_tenant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['grantor_tenant_id'], ['tenant.id'], name=op.f('fk_market_network_grant_grantor_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_network_grant')),
    sa.UniqueConstraint('grantor_tenant_id', 'grantee_tenant_id', name='uq_market_network_grant')
    )
    with op.batch_alter_table('market_network_grant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_network_grant_grantee_tenant_id'), ['grantee_tenant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_network_grant_grantor_tenant_id'), ['grantor_tenant_id'], unique=False)

    op.create_table('market_waste_rate',
    sa.Column('material', sa.String(length=100), nullable=False),
    sa.Column('satang_per_kg', sa.BigInteger(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('satang_per_kg > 0', name=op.f('ck_market_waste_rate_rate_positive')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_waste_rate_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_waste_rate')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_waste_rate_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'material', name='uq_market_waste_rate_material')
    )
    with op.batch_alter_table('market_waste_rate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_waste_rate_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('market_item',
    sa.Column('name_th', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('category_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('price_satang', sa.BigInteger(), nullable=False),
    sa.Column('cost_satang', sa.BigInteger(), nullable=False),
    sa.Column('limit_per_household', sa.Integer(), nullable=True),
    sa.Column('is_kit', sa.Boolean(), nullable=False),
    sa.Column('lendable', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('low_stock_threshold', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('cost_satang >= 0', name=op.f('ck_market_item_cost_not_negative')),
    sa.CheckConstraint('limit_per_household IS NULL OR limit_per_household > 0', name=op.f('ck_market_item_limit_positive')),
    sa.CheckConstraint('low_stock_threshold >= 0', name=op.f('ck_market_item_threshold_not_negative')),
    sa.CheckConstraint('price_satang >= 0', name=op.f('ck_market_item_price_not_negative')),
    sa.ForeignKeyConstraint(['tenant_id', 'category_id'], ['market_category.tenant_id', 'market_category.id'], name='fk_category_id_market_category_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_item_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_item')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_item_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'name_th', name='uq_market_item_name')
    )
    with op.batch_alter_table('market_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_item_category_id'), ['category_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_item_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('market_programme',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('funder', sa.String(length=200), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('budget_account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('eligibility_flags', sa.JSON(), nullable=False),
    sa.Column('village_ids', sa.JSON(), nullable=False),
    sa.Column('min_household_size', sa.Integer(), nullable=True),
    sa.Column('max_household_size', sa.Integer(), nullable=True),
    sa.Column('value_satang', sa.BigInteger(), nullable=False),
    sa.Column('per_member', sa.Boolean(), nullable=False),
    sa.Column('size_cap', sa.Integer(), nullable=True),
    sa.Column('basket', sa.JSON(), nullable=False),
    sa.Column('allowed_item_ids', sa.JSON(), nullable=False),
    sa.Column('allowed_category_ids', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('value','basket')", name=op.f('ck_market_programme_kind')),
    sa.CheckConstraint('size_cap IS NULL OR size_cap > 0', name=op.f('ck_market_programme_size_cap_positive')),
    sa.CheckConstraint('value_satang >= 0', name=op.f('ck_market_programme_value_not_negative')),
    sa.ForeignKeyConstraint(['tenant_id', 'budget_account_id'], ['ledger_account.tenant_id', 'ledger_account.id'], name='fk_budget_account_id_ledger_account_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_programme_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_programme')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_programme_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'name', name='uq_market_programme_name')
    )
    with op.batch_alter_table('market_programme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_programme_budget_account_id'), ['budget_account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_programme_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('market_kit_component',
    sa.Column('kit_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('component_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint('kit_id <> component_id', name=op.f('ck_market_kit_component_not_itself')),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_market_kit_component_quantity_positive')),
    sa.ForeignKeyConstraint(['tenant_id', 'component_id'], ['market_item.tenant_id', 'market_item.id'], name='fk_component_id_market_item_same_tenant', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'kit_id'], ['market_item.tenant_id', 'market_item.id'], name='fk_kit_id_market_item_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_kit_component_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_kit_component')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_kit_component_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'kit_id', 'component_id', name='uq_market_kit_component')
    )
    with op.batch_alter_table('market_kit_component', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_kit_component_component_id'), ['component_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_kit_component_kit_id'), ['kit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_kit_component_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('market_centre',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('village_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'village_id'], ['village.tenant_id', 'village.id'], name='fk_village_id_village_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_centre_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_centre')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_centre_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'name', name='uq_market_centre_name')
    )
    with op.batch_alter_table('market_centre', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_centre_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_centre_village_id'), ['village_id'], unique=False)

    op.create_table('market_barter',
    sa.Column('centre_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('partner', sa.String(length=200), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('value_out_satang', sa.BigInteger(), nullable=False),
    sa.Column('value_in_satang', sa.BigInteger(), nullable=False),
    sa.Column('actor_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint('value_out_satang > 0 AND value_in_satang > 0', name=op.f('ck_market_barter_values_positive')),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_market_barter_actor_id_user_account'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'centre_id'], ['market_centre.tenant_id', 'market_centre.id'], name='fk_centre_id_market_centre_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_barter_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_barter')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_barter_tenant_id')
    )
    with op.batch_alter_table('market_barter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_barter_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_barter_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('market_round',
    sa.Column('centre_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('booking_opens_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('booking_closes_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('grace_minutes', sa.Integer(), nullable=False),
    sa.Column('walkin_seq', sa.Integer(), nullable=False),
    sa.Column('now_serving', sa.String(length=20), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('draft','open','closed','finished','cancelled')", name=op.f('ck_market_round_status')),
    sa.CheckConstraint('booking_closes_at > booking_opens_at', name=op.f('ck_market_round_booking_window')),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_market_round_dates_in_order')),
    sa.CheckConstraint('grace_minutes >= 0', name=op.f('ck_market_round_grace_not_negative')),
    sa.ForeignKeyConstraint(['tenant_id', 'centre_id'], ['market_centre.tenant_id', 'market_centre.id'], name='fk_centre_id_market_centre_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_round_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_round')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_round_tenant_id')
    )
    with op.batch_alter_table('market_round', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_round_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_round_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('market_service_point',
    sa.Column('centre_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'centre_id'], ['market_centre.tenant_id', 'market_centre.id'], name='fk_centre_id_market_centre_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_service_point_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_service_point')),
    sa.UniqueConstraint('tenant_id', 'centre_id', 'name', name='uq_market_service_point_name'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_service_point_tenant_id')
    )
    with op.batch_alter_table('market_service_point', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_service_point_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_service_point_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('market_stock_count',
    sa.Column('centre_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('created_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('confirmed_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('finalised_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finalised_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("status IN ('counting', 'confirmed', 'finalised', 'cancelled')", name=op.f('ck_market_stock_count_status_known')),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['user_account.id'], name=op.f('fk_market_stock_count_confirmed_by_id_user_account'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_market_stock_count_created_by_id_user_account'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['finalised_by_id'], ['user_account.id'], name=op.f('fk_market_stock_count_finalised_by_id_user_account'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'centre_id'], ['market_centre.tenant_id', 'market_centre.id'], name='fk_centre_id_market_centre_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_stock_count_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_stock_count')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_stock_count_tenant_id')
    )
    with op.batch_alter_table('market_stock_count', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_stock_count_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_stock_count_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('market_stock_level',
    sa.Column('centre_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('item_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('on_hand', sa.Integer(), nullable=False),
    sa.Column('reserved', sa.Integer(), nullable=False),
    sa.Column('low_alerted', sa.Boolean(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint('on_hand >= 0', name=op.f('ck_market_stock_level_on_hand_not_negative')),
    sa.CheckConstraint('reserved <= on_hand', name=op.f('ck_market_stock_level_reserved_within_on_hand')),
    sa.CheckConstraint('reserved >= 0', name=op.f('ck_market_stock_level_reserved_not_negative')),
    sa.ForeignKeyConstraint(['tenant_id', 'centre_id'], ['market_centre.tenant_id', 'market_centre.id'], name='fk_centre_id_market_centre_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'item_id'], ['market_item.tenant_id', 'market_item.id'], name='fk_item_id_market_item_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_stock_level_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_stock_level')),
    sa.UniqueConstraint('tenant_id', 'centre_id', 'item_id', name='uq_market_stock_level_item'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_stock_level_tenant_id')
    )
    with op.batch_alter_table('market_stock_level', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_stock_level_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_stock_level_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('market_stock_movement',
    sa.Column('centre_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('item_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit_value_satang', sa.BigInteger(), nullable=False),
    sa.Column('value_satang', sa.BigInteger(), nullable=False),
    sa.Column('standard_value_satang', sa.BigInteger(), nullable=False),
    sa.Column('ref', sa.String(length=120), nullable=True),
    sa.Column('party', sa.String(length=200), nullable=True),
    sa.Column('reason', sa.String(length=500), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('funded_by_donations', sa.Boolean(), nullable=False),
    sa.Column('journal_entry_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('actor_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("kind IN ('purchase', 'donation', 'transfer_in', 'exchange_in', 'return', 'loan_return', 'kit_in', 'network_in', 'order', 'distribution', 'transfer_out', 'exchange_out', 'loss', 'loan_out', 'kit_out', 'network_out', 'adjustment')", name=op.f('ck_market_stock_movement_kind_known')),
    sa.CheckConstraint('quantity <> 0', name=op.f('ck_market_stock_movement_quantity_not_zero')),
    sa.CheckConstraint('unit_value_satang >= 0', name=op.f('ck_market_stock_movement_unit_value_not_negative')),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_market_stock_movement_actor_id_user_account'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'centre_id'], ['market_centre.tenant_id', 'market_centre.id'], name='fk_centre_id_market_centre_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'item_id'], ['market_item.tenant_id', 'market_item.id'], name='fk_item_id_market_item_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'journal_entry_id'], ['journal_entry.tenant_id', 'journal_entry.id'], name='fk_journal_entry_id_journal_entry_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_stock_movement_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_stock_movement')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_stock_movement_tenant_id')
    )
    with op.batch_alter_table('market_stock_movement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_stock_movement_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_stock_movement_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_stock_movement_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_stock_movement_ref'), ['ref'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_stock_movement_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('market_surplus_offer',
    sa.Column('centre_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('item_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('remaining', sa.Integer(), nullable=False),
    sa.Column('price_satang', sa.BigInteger(), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint('price_satang >= 0', name=op.f('ck_market_surplus_offer_price_not_negative')),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_market_surplus_offer_quantity_positive')),
    sa.CheckConstraint('remaining >= 0 AND remaining <= quantity', name=op.f('ck_market_surplus_offer_remaining_within')),
    sa.ForeignKeyConstraint(['tenant_id', 'centre_id'], ['market_centre.tenant_id', 'market_centre.id'], name='fk_centre_id_market_centre_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'item_id'], ['market_item.tenant_id', 'market_item.id'], name='fk_item_id_market_item_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_surplus_offer_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_surplus_offer')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_surplus_offer_tenant_id')
    )
    with op.batch_alter_table('market_surplus_offer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_surplus_offer_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('market_wallet',
    sa.Column('household_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('balance_satang', sa.BigInteger(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('balance_satang >= 0', name=op.f('ck_market_wallet_balance_not_negative')),
    sa.ForeignKeyConstraint(['tenant_id', 'household_id'], ['household.tenant_id', 'household.id'], name='fk_household_id_household_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_wallet_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_wallet')),
    sa.UniqueConstraint('tenant_id', 'household_id', name='uq_market_wallet_household'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_wallet_tenant_id')
    )
    with op.batch_alter_table('market_wallet', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_wallet_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('market_barter_line',
    sa.Column('barter_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('direction', sa.String(length=3), nullable=False),
    sa.Column('item_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('value_satang', sa.BigInteger(), nullable=False),
    sa.Column('movement_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("direction IN ('out', 'in')", name=op.f('ck_market_barter_line_direction_known')),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_market_barter_line_quantity_positive')),
    sa.CheckConstraint('value_satang >= 0', name=op.f('ck_market_barter_line_value_not_negative')),
    sa.ForeignKeyConstraint(['tenant_id', 'barter_id'], ['market_barter.tenant_id', 'market_barter.id'], name='fk_barter_id_market_barter_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'item_id'], ['market_item.tenant_id', 'market_item.id'], name='fk_item_id_market_item_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'movement_id'], ['market_stock_movement.tenant_id', 'market_stock_movement.id'], name='fk_movement_id_market_stock_movement_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_barter_line_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_barter_line')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_barter_line_tenant_id')
    )
    with op.batch_alter_table('market_barter_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_barter_line_barter_id'), ['barter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_barter_line_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('market_coupon',
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('household_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('programme_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('round_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('value_satang', sa.BigInteger(), nullable=False),
    sa.Column('balance_satang', sa.BigInteger(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('valid_from', sa.DateTime(timezone=True), nullable=False),
    sa.Column('valid_until', sa.DateTime(timezone=True), nullable=False),
    sa.Column('basket', sa.JSON(), nullable=False),
    sa.Column('allowed_item_ids', sa.JSON(), nullable=False),
    sa.Column('allowed_category_ids', sa.JSON(), nullable=False),
    sa.Column('replaces_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('issued_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancel_reason', sa.String(length=200), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("state IN ('issued','active','partly_used','used','expired','cancelled','replaced')", name=op.f('ck_market_coupon_state')),
    sa.CheckConstraint('balance_satang >= 0 AND balance_satang <= value_satang', name=op.f('ck_market_coupon_balance_within_value')),
    sa.CheckConstraint('valid_until > valid_from', name=op.f('ck_market_coupon_valid_window')),
    sa.CheckConstraint('value_satang >= 0', name=op.f('ck_market_coupon_value_not_negative')),
    sa.ForeignKeyConstraint(['issued_by_user_id'], ['user_account.id'], name=op.f('fk_market_coupon_issued_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'household_id'], ['household.tenant_id', 'household.id'], name='fk_household_id_household_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'programme_id'], ['market_programme.tenant_id', 'market_programme.id'], name='fk_programme_id_market_programme_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'replaces_id'], ['market_coupon.tenant_id', 'market_coupon.id'], name='fk_replaces_id_market_coupon_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'round_id'], ['market_round.tenant_id', 'market_round.id'], name='fk_round_id_market_round_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_coupon_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_coupon')),
    sa.UniqueConstraint('code', name='uq_market_coupon_code'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_coupon_tenant_id')
    )
    with op.batch_alter_table('market_coupon', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_coupon_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_coupon_programme_id'), ['programme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_coupon_replaces_id'), ['replaces_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_coupon_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_coupon_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('uq_market_coupon_live', ['tenant_id', 'programme_id', 'round_id', 'household_id'], unique=True, postgresql_where=sa.text("state NOT IN ('cancelled','replaced')"), sqlite_where=sa.text("state NOT IN ('cancelled','replaced')"))

    op.create_table('market_loan',
    sa.Column('centre_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('item_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('household_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('lent_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('returned_on', sa.Date(), nullable=True),
    sa.Column('reminders_sent', sa.Integer(), nullable=False),
    sa.Column('last_reminded_on', sa.Date(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('out_movement_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('return_movement_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('actor_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("status IN ('out', 'returned', 'lost')", name=op.f('ck_market_loan_status_known')),
    sa.CheckConstraint('due_on >= lent_on', name=op.f('ck_market_loan_due_after_lent')),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_market_loan_quantity_positive')),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_market_loan_actor_id_user_account'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'centre_id'], ['market_centre.tenant_id', 'market_centre.id'], name='fk_centre_id_market_centre_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'household_id'], ['household.tenant_id', 'household.id'], name='fk_household_id_household_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'item_id'], ['market_item.tenant_id', 'market_item.id'], name='fk_item_id_market_item_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'out_movement_id'], ['market_stock_movement.tenant_id', 'market_stock_movement.id'], name='fk_out_movement_id_market_stock_movement_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'return_movement_id'], ['market_stock_movement.tenant_id', 'market_stock_movement.id'], name='fk_return_movement_id_market_stock_movement_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_loan_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_loan')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_loan_tenant_id')
    )
    with op.batch_alter_table('market_loan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_loan_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_loan_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_loan_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_loan_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_loan_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('market_network_order',
    sa.Column('side', sa.String(length=10), nullable=False),
    sa.Column('peer_tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('peer_order_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('offer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('centre_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('item_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('item_name', sa.String(length=200), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('price_satang', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('movement_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('journal_entry_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('actor_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('shipped_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("side IN ('sale', 'purchase')", name=op.f('ck_market_network_order_side_known')),
    sa.CheckConstraint("status IN ('ordered', 'shipped', 'received', 'cancelled')", name=op.f('ck_market_network_order_status_known')),
    sa.CheckConstraint('price_satang >= 0', name=op.f('ck_market_network_order_price_not_negative')),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_market_network_order_quantity_positive')),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_market_network_order_actor_id_user_account'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['peer_tenant_id'], ['tenant.id'], name=op.f('fk_market_network_order_peer_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'centre_id'], ['market_centre.tenant_id', 'market_centre.id'], name='fk_centre_id_market_centre_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'item_id'], ['market_item.tenant_id', 'market_item.id'], name='fk_item_id_market_item_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'movement_id'], ['market_stock_movement.tenant_id', 'market_stock_movement.id'], name='fk_movement_id_market_stock_movement_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'offer_id'], ['market_surplus_offer.tenant_id', 'market_surplus_offer.id'], name='fk_offer_id_market_surplus_offer_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_network_order_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_network_order')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_network_order_tenant_id')
    )
    with op.batch_alter_table('market_network_order', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_network_order_offer_id'), ['offer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_network_order_peer_tenant_id'), ['peer_tenant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_network_order_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('market_order_quota',
    sa.Column('household_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('round_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('item_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('ordered', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint('ordered >= 0', name=op.f('ck_market_order_quota_ordered_not_negative')),
    sa.ForeignKeyConstraint(['tenant_id', 'household_id'], ['household.tenant_id', 'household.id'], name='fk_household_id_household_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'item_id'], ['market_item.tenant_id', 'market_item.id'], name='fk_item_id_market_item_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'round_id'], ['market_round.tenant_id', 'market_round.id'], name='fk_round_id_market_round_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_order_quota_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_order_quota')),
    sa.UniqueConstraint('tenant_id', 'household_id', 'round_id', 'item_id', name='uq_market_order_quota'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_order_quota_tenant_id')
    )
    with op.batch_alter_table('market_order_quota', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_order_quota_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('market_round_offer',
    sa.Column('round_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('item_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('price_satang', sa.BigInteger(), nullable=False),
    sa.Column('limit_per_household', sa.Integer(), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint('limit_per_household IS NULL OR limit_per_household > 0', name=op.f('ck_market_round_offer_limit_positive')),
    sa.CheckConstraint('price_satang >= 0', name=op.f('ck_market_round_offer_price_not_negative')),
    sa.ForeignKeyConstraint(['tenant_id', 'item_id'], ['market_item.tenant_id', 'market_item.id'], name='fk_item_id_market_item_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'round_id'], ['market_round.tenant_id', 'market_round.id'], name='fk_round_id_market_round_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_round_offer_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_round_offer')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_round_offer_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'round_id', 'item_id', name='uq_market_round_offer_item')
    )
    with op.batch_alter_table('market_round_offer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_round_offer_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_round_offer_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('market_slot',
    sa.Column('round_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('booked', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint('booked >= 0 AND booked <= capacity', name=op.f('ck_market_slot_booked_within_capacity')),
    sa.CheckConstraint('capacity > 0', name=op.f('ck_market_slot_capacity_positive')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_market_slot_times_in_order')),
    sa.ForeignKeyConstraint(['tenant_id', 'round_id'], ['market_round.tenant_id', 'market_round.id'], name='fk_round_id_market_round_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_slot_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_slot')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_slot_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'round_id', 'starts_at', name='uq_market_slot_start')
    )
    with op.batch_alter_table('market_slot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_slot_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_slot_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('market_slot_template',
    sa.Column('round_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('end_time', sa.Time(), nullable=False),
    sa.Column('interval_minutes', sa.Integer(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('weekdays', sa.JSON(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint('capacity > 0', name=op.f('ck_market_slot_template_capacity_positive')),
    sa.CheckConstraint('end_time > start_time', name=op.f('ck_market_slot_template_times_in_order')),
    sa.CheckConstraint('interval_minutes >= 5 AND interval_minutes <= 480', name=op.f('ck_market_slot_template_interval_range')),
    sa.ForeignKeyConstraint(['tenant_id', 'round_id'], ['market_round.tenant_id', 'market_round.id'], name='fk_round_id_market_round_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_slot_template_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_slot_template')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_slot_template_tenant_id')
    )
    with op.batch_alter_table('market_slot_template', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_slot_template_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_slot_template_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('market_stock_count_line',
    sa.Column('count_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('item_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('expected', sa.Integer(), nullable=False),
    sa.Column('counted', sa.Integer(), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint('counted IS NULL OR counted >= 0', name=op.f('ck_market_stock_count_line_counted_not_negative')),
    sa.CheckConstraint('expected >= 0', name=op.f('ck_market_stock_count_line_expected_not_negative')),
    sa.ForeignKeyConstraint(['tenant_id', 'count_id'], ['market_stock_count.tenant_id', 'market_stock_count.id'], name='fk_count_id_market_stock_count_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'item_id'], ['market_item.tenant_id', 'market_item.id'], name='fk_item_id_market_item_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_stock_count_line_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_stock_count_line')),
    sa.UniqueConstraint('tenant_id', 'count_id', 'item_id', name='uq_market_stock_count_line_item'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_stock_count_line_tenant_id')
    )
    with op.batch_alter_table('market_stock_count_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_stock_count_line_count_id'), ['count_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_stock_count_line_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('market_wallet_entry',
    sa.Column('wallet_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('amount_satang', sa.BigInteger(), nullable=False),
    sa.Column('idempotency_key', sa.String(length=100), nullable=False),
    sa.Column('rate_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('weight_grams', sa.Integer(), nullable=True),
    sa.Column('service_point_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('operator_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('ref', sa.String(length=100), nullable=False),
    sa.Column('reversal_of_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("(kind = 'deposit' AND amount_satang > 0 AND weight_grams > 0) OR (kind = 'spend' AND amount_satang < 0) OR (kind = 'reversal' AND amount_satang > 0 AND reversal_of_id IS NOT NULL)", name=op.f('ck_market_wallet_entry_sign_matches_kind')),
    sa.CheckConstraint("kind IN ('deposit','spend','reversal')", name=op.f('ck_market_wallet_entry_kind')),
    sa.ForeignKeyConstraint(['operator_id'], ['user_account.id'], name=op.f('fk_market_wallet_entry_operator_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'rate_id'], ['market_waste_rate.tenant_id', 'market_waste_rate.id'], name='fk_rate_id_market_waste_rate_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'reversal_of_id'], ['market_wallet_entry.tenant_id', 'market_wallet_entry.id'], name='fk_reversal_of_id_market_wallet_entry_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'service_point_id'], ['market_service_point.tenant_id', 'market_service_point.id'], name='fk_service_point_id_market_service_point_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'wallet_id'], ['market_wallet.tenant_id', 'market_wallet.id'], name='fk_wallet_id_market_wallet_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_wallet_entry_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_wallet_entry')),
    sa.UniqueConstraint('reversal_of_id', name='uq_market_wallet_entry_reversal'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_wallet_entry_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'idempotency_key', name='uq_market_wallet_entry_key')
    )
    with op.batch_alter_table('market_wallet_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_wallet_entry_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_wallet_entry_wallet_id'), ['wallet_id'], unique=False)

    op.create_table('market_booking',
    sa.Column('round_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('household_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('slot_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('queue_number', sa.String(length=20), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('booked_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('checked_in_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('checked_in_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('collector_name', sa.String(length=200), nullable=True),
    sa.Column('collector_relation', sa.String(length=100), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('booked','checked_in','collected','cancelled','no_show')", name=op.f('ck_market_booking_status')),
    sa.ForeignKeyConstraint(['booked_by_user_id'], ['user_account.id'], name=op.f('fk_market_booking_booked_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['checked_in_by_user_id'], ['user_account.id'], name=op.f('fk_market_booking_checked_in_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'household_id'], ['household.tenant_id', 'household.id'], name='fk_household_id_household_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'round_id'], ['market_round.tenant_id', 'market_round.id'], name='fk_round_id_market_round_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'slot_id'], ['market_slot.tenant_id', 'market_slot.id'], name='fk_slot_id_market_slot_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_booking_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_booking')),
    sa.UniqueConstraint('tenant_id', 'code', name='uq_market_booking_code'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_booking_tenant_id'),
    sa.UniqueConstraint('token', name='uq_market_booking_token')
    )
    with op.batch_alter_table('market_booking', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_booking_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_booking_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_booking_slot_id'), ['slot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_booking_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('uq_market_booking_one_per_round', ['tenant_id', 'round_id', 'household_id'], unique=True, postgresql_where=sa.text("status IN ('booked','checked_in','collected')"), sqlite_where=sa.text("status IN ('booked','checked_in','collected')"))

    op.create_table('market_order',
    sa.Column('round_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('centre_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('household_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('slot_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('fulfilment', sa.String(length=20), nullable=False),
    sa.Column('rest_method', sa.String(length=20), nullable=False),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('coupon_paid', sa.BigInteger(), nullable=False),
    sa.Column('cash_paid', sa.BigInteger(), nullable=False),
    sa.Column('placed_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('on_behalf', sa.Boolean(), nullable=False),
    sa.Column('placed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('packed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ready_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('collected_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancel_reason', sa.Text(), nullable=True),
    sa.Column('collected_by_name', sa.String(length=200), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("fulfilment IN ('pickup', 'delivery')", name=op.f('ck_market_order_fulfilment')),
    sa.CheckConstraint("rest_method IN ('none', 'cash', 'promptpay', 'card')", name=op.f('ck_market_order_rest_method')),
    sa.CheckConstraint("status IN ('placed', 'packed', 'ready', 'collected', 'delivered', 'cancelled')", name=op.f('ck_market_order_status')),
    sa.CheckConstraint('coupon_paid + cash_paid <= total', name=op.f('ck_market_order_not_overpaid')),
    sa.CheckConstraint('coupon_paid >= 0 AND cash_paid >= 0', name=op.f('ck_market_order_paid_not_negative')),
    sa.CheckConstraint('total >= 0', name=op.f('ck_market_order_total_not_negative')),
    sa.ForeignKeyConstraint(['placed_by_user_id'], ['user_account.id'], name=op.f('fk_market_order_placed_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'centre_id'], ['market_centre.tenant_id', 'market_centre.id'], name='fk_centre_id_market_centre_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'household_id'], ['household.tenant_id', 'household.id'], name='fk_household_id_household_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'round_id'], ['market_round.tenant_id', 'market_round.id'], name='fk_round_id_market_round_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'slot_id'], ['market_slot.tenant_id', 'market_slot.id'], name='fk_slot_id_market_slot_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_order_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_order')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_order_tenant_id')
    )
    with op.batch_alter_table('market_order', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_order_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_order_household_id'), ['household_id'], unique=False)
        batch_op.create_index('ix_market_order_round_household', ['tenant_id', 'round_id', 'household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_order_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_order_slot_id'), ['slot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_order_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('market_redemption',
    sa.Column('coupon_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('amount_satang', sa.BigInteger(), nullable=False),
    sa.Column('idempotency_key', sa.String(length=100), nullable=False),
    sa.Column('service_point_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('operator_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('ref', sa.String(length=100), nullable=False),
    sa.Column('reversal_of_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('reason', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint('(reversal_of_id IS NULL AND amount_satang > 0) OR (reversal_of_id IS NOT NULL AND amount_satang < 0)', name=op.f('ck_market_redemption_sign_matches_kind')),
    sa.CheckConstraint('amount_satang <> 0', name=op.f('ck_market_redemption_amount_not_zero')),
    sa.ForeignKeyConstraint(['operator_id'], ['user_account.id'], name=op.f('fk_market_redemption_operator_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'coupon_id'], ['market_coupon.tenant_id', 'market_coupon.id'], name='fk_coupon_id_market_coupon_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'reversal_of_id'], ['market_redemption.tenant_id', 'market_redemption.id'], name='fk_reversal_of_id_market_redemption_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'service_point_id'], ['market_service_point.tenant_id', 'market_service_point.id'], name='fk_service_point_id_market_service_point_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_redemption_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_redemption')),
    sa.UniqueConstraint('reversal_of_id', name='uq_market_redemption_reversal'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_redemption_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'idempotency_key', name='uq_market_redemption_key')
    )
    with op.batch_alter_table('market_redemption', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_redemption_coupon_id'), ['coupon_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_redemption_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('market_delivery',
    sa.Column('order_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('village_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('volunteer_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('recipient_name', sa.String(length=200), nullable=True),
    sa.Column('proof_document_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status <> 'delivered' OR (recipient_name IS NOT NULL AND proof_document_id IS NOT NULL)", name=op.f('ck_market_delivery_delivered_has_proof')),
    sa.CheckConstraint("status IN ('waiting', 'assigned', 'delivered', 'undelivered', 'cancelled')", name=op.f('ck_market_delivery_status')),
    sa.ForeignKeyConstraint(['tenant_id', 'order_id'], ['market_order.tenant_id', 'market_order.id'], name='fk_order_id_market_order_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'proof_document_id'], ['document.tenant_id', 'document.id'], name='fk_proof_document_id_document_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'village_id'], ['village.tenant_id', 'village.id'], name='fk_village_id_village_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_delivery_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['volunteer_user_id'], ['user_account.id'], name=op.f('fk_market_delivery_volunteer_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_delivery')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_delivery_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'order_id', name='uq_market_delivery_order')
    )
    with op.batch_alter_table('market_delivery', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_delivery_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_delivery_village_id'), ['village_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_delivery_volunteer_user_id'), ['volunteer_user_id'], unique=False)

    op.create_table('market_donation',
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('donor_name', sa.String(length=200), nullable=True),
    sa.Column('purpose', sa.String(length=300), nullable=True),
    sa.Column('amount_satang', sa.BigInteger(), nullable=False),
    sa.Column('centre_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('payment_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('receipt_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('recorded_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("channel IN ('staff', 'online')", name=op.f('ck_market_donation_channel_known')),
    sa.CheckConstraint("kind IN ('cash', 'in_kind')", name=op.f('ck_market_donation_kind_known')),
    sa.CheckConstraint("status IN ('pending', 'received', 'failed')", name=op.f('ck_market_donation_status_known')),
    sa.CheckConstraint('amount_satang > 0', name=op.f('ck_market_donation_amount_positive')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_market_donation_recorded_by_id_user_account'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'centre_id'], ['market_centre.tenant_id', 'market_centre.id'], name='fk_centre_id_market_centre_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'payment_id'], ['payment.tenant_id', 'payment.id'], name='fk_payment_id_payment_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'receipt_id'], ['receipt.tenant_id', 'receipt.id'], name='fk_receipt_id_receipt_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_donation_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_donation')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_donation_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'payment_id', name='uq_market_donation_payment')
    )
    with op.batch_alter_table('market_donation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_donation_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_donation_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_donation_payment_id'), ['payment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_donation_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('market_order_coupon',
    sa.Column('order_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('coupon_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('redemption_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reversed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_market_order_coupon_amount_positive')),
    sa.ForeignKeyConstraint(['tenant_id', 'coupon_id'], ['market_coupon.tenant_id', 'market_coupon.id'], name='fk_coupon_id_market_coupon_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'order_id'], ['market_order.tenant_id', 'market_order.id'], name='fk_order_id_market_order_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'redemption_id'], ['market_redemption.tenant_id', 'market_redemption.id'], name='fk_redemption_id_market_redemption_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_order_coupon_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_order_coupon')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_order_coupon_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'redemption_id', name='uq_market_order_coupon_redemption')
    )
    with op.batch_alter_table('market_order_coupon', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_order_coupon_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_order_coupon_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('market_order_line',
    sa.Column('order_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('item_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('item_name_th', sa.String(length=200), nullable=False),
    sa.Column('item_name_en', sa.String(length=200), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit_price', sa.BigInteger(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint('amount = quantity * unit_price', name=op.f('ck_market_order_line_amount_is_quantity_times_price')),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_market_order_line_quantity_positive')),
    sa.CheckConstraint('unit_price >= 0', name=op.f('ck_market_order_line_unit_price_not_negative')),
    sa.ForeignKeyConstraint(['tenant_id', 'item_id'], ['market_item.tenant_id', 'market_item.id'], name='fk_item_id_market_item_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'order_id'], ['market_order.tenant_id', 'market_order.id'], name='fk_order_id_market_order_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_order_line_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_order_line')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_order_line_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'order_id', 'item_id', name='uq_market_order_line_item')
    )
    with op.batch_alter_table('market_order_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_order_line_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_order_line_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_order_line_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('market_queue_ticket',
    sa.Column('round_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('booking_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('household_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('called_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("kind IN ('booking','walkin')", name=op.f('ck_market_queue_ticket_kind')),
    sa.CheckConstraint("status IN ('waiting','called','served','skipped')", name=op.f('ck_market_queue_ticket_status')),
    sa.ForeignKeyConstraint(['tenant_id', 'booking_id'], ['market_booking.tenant_id', 'market_booking.id'], name='fk_booking_id_market_booking_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'household_id'], ['household.tenant_id', 'household.id'], name='fk_household_id_household_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'round_id'], ['market_round.tenant_id', 'market_round.id'], name='fk_round_id_market_round_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_queue_ticket_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_queue_ticket')),
    sa.UniqueConstraint('booking_id', name='uq_market_queue_ticket_booking'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_queue_ticket_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'round_id', 'number', name='uq_market_queue_ticket_number')
    )
    with op.batch_alter_table('market_queue_ticket', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_queue_ticket_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_queue_ticket_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('market_donation_line',
    sa.Column('donation_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('item_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit_value_satang', sa.BigInteger(), nullable=False),
    sa.Column('movement_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_market_donation_line_quantity_positive')),
    sa.CheckConstraint('unit_value_satang >= 0', name=op.f('ck_market_donation_line_value_not_negative')),
    sa.ForeignKeyConstraint(['tenant_id', 'donation_id'], ['market_donation.tenant_id', 'market_donation.id'], name='fk_donation_id_market_donation_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'item_id'], ['market_item.tenant_id', 'market_item.id'], name='fk_item_id_market_item_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'movement_id'], ['market_stock_movement.tenant_id', 'market_stock_movement.id'], name='fk_movement_id_market_stock_movement_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_market_donation_line_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_donation_line')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_market_donation_line_tenant_id')
    )
    with op.batch_alter_table('market_donation_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_donation_line_donation_id'), ['donation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_donation_line_tenant_id'), ['tenant_id'], unique=False)

    from core.tenancy.rls import enable_all

    enable_all(op.get_bind())


def downgrade():
    with op.batch_alter_table('market_donation_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_donation_line_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_market_donation_line_donation_id'))

    op.drop_table('market_donation_line')

    with op.batch_alter_table('market_queue_ticket', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_queue_ticket_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_market_queue_ticket_round_id'))

    op.drop_table('market_queue_ticket')

    with op.batch_alter_table('market_order_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_order_line_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_market_order_line_order_id'))
        batch_op.drop_index(batch_op.f('ix_market_order_line_item_id'))

    op.drop_table('market_order_line')

    with op.batch_alter_table('market_order_coupon', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_order_coupon_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_market_order_coupon_order_id'))

    op.drop_table('market_order_coupon')

    with op.batch_alter_table('market_donation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_donation_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_market_donation_payment_id'))
        batch_op.drop_index(batch_op.f('ix_market_donation_created_at'))
        batch_op.drop_index(batch_op.f('ix_market_donation_centre_id'))

    op.drop_table('market_donation')

    with op.batch_alter_table('market_delivery', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_delivery_volunteer_user_id'))
        batch_op.drop_index(batch_op.f('ix_market_delivery_village_id'))
        batch_op.drop_index(batch_op.f('ix_market_delivery_tenant_id'))

    op.drop_table('market_delivery')

    with op.batch_alter_table('market_redemption', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_redemption_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_market_redemption_coupon_id'))

    op.drop_table('market_redemption')

    with op.batch_alter_table('market_order', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_order_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_market_order_slot_id'))
        batch_op.drop_index(batch_op.f('ix_market_order_round_id'))
        batch_op.drop_index('ix_market_order_round_household')
        batch_op.drop_index(batch_op.f('ix_market_order_household_id'))
        batch_op.drop_index(batch_op.f('ix_market_order_centre_id'))

    op.drop_table('market_order')

    with op.batch_alter_table('market_booking', schema=None) as batch_op:
        batch_op.drop_index('uq_market_booking_one_per_round', postgresql_where=sa.text("status IN ('booked','checked_in','collected')"), sqlite_where=sa.text("status IN ('booked','checked_in','collected')"))
        batch_op.drop_index(batch_op.f('ix_market_booking_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_market_booking_slot_id'))
        batch_op.drop_index(batch_op.f('ix_market_booking_round_id'))
        batch_op.drop_index(batch_op.f('ix_market_booking_household_id'))

    op.drop_table('market_booking')

    with op.batch_alter_table('market_wallet_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_wallet_entry_wallet_id'))
        batch_op.drop_index(batch_op.f('ix_market_wallet_entry_tenant_id'))

    op.drop_table('market_wallet_entry')

    with op.batch_alter_table('market_stock_count_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_stock_count_line_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_market_stock_count_line_count_id'))

    op.drop_table('market_stock_count_line')

    with op.batch_alter_table('market_slot_template', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_slot_template_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_market_slot_template_round_id'))

    op.drop_table('market_slot_template')

    with op.batch_alter_table('market_slot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_slot_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_market_slot_round_id'))

    op.drop_table('market_slot')

    with op.batch_alter_table('market_round_offer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_round_offer_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_market_round_offer_round_id'))

    op.drop_table('market_round_offer')

    with op.batch_alter_table('market_order_quota', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_order_quota_tenant_id'))

    op.drop_table('market_order_quota')

    with op.batch_alter_table('market_network_order', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_network_order_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_market_network_order_peer_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_market_network_order_offer_id'))

    op.drop_table('market_network_order')

    with op.batch_alter_table('market_loan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_loan_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_market_loan_item_id'))
        batch_op.drop_index(batch_op.f('ix_market_loan_household_id'))
        batch_op.drop_index(batch_op.f('ix_market_loan_due_on'))
        batch_op.drop_index(batch_op.f('ix_market_loan_centre_id'))

    op.drop_table('market_loan')

    with op.batch_alter_table('market_coupon', schema=None) as batch_op:
        batch_op.drop_index('uq_market_coupon_live', postgresql_where=sa.text("state NOT IN ('cancelled','replaced')"), sqlite_where=sa.text("state NOT IN ('cancelled','replaced')"))
        batch_op.drop_index(batch_op.f('ix_market_coupon_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_market_coupon_round_id'))
        batch_op.drop_index(batch_op.f('ix_market_coupon_replaces_id'))
        batch_op.drop_index(batch_op.f('ix_market_coupon_programme_id'))
        batch_op.drop_index(batch_op.f('ix_market_coupon_household_id'))

    op.drop_table('market_coupon')

    with op.batch_alter_table('market_barter_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_barter_line_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_market_barter_line_barter_id'))

    op.drop_table('market_barter_line')

    with op.batch_alter_table('market_wallet', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_wallet_tenant_id'))

    op.drop_table('market_wallet')

    with op.batch_alter_table('market_surplus_offer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_surplus_offer_tenant_id'))

    op.drop_table('market_surplus_offer')

    with op.batch_alter_table('market_stock_movement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_stock_movement_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_market_stock_movement_ref'))
        batch_op.drop_index(batch_op.f('ix_market_stock_movement_item_id'))
        batch_op.drop_index(batch_op.f('ix_market_stock_movement_created_at'))
        batch_op.drop_index(batch_op.f('ix_market_stock_movement_centre_id'))

    op.drop_table('market_stock_movement')

    with op.batch_alter_table('market_stock_level', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_stock_level_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_market_stock_level_item_id'))

    op.drop_table('market_stock_level')

    with op.batch_alter_table('market_stock_count', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_stock_count_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_market_stock_count_centre_id'))

    op.drop_table('market_stock_count')

    with op.batch_alter_table('market_service_point', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_service_point_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_market_service_point_centre_id'))

    op.drop_table('market_service_point')

    with op.batch_alter_table('market_round', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_round_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_market_round_centre_id'))

    op.drop_table('market_round')

    with op.batch_alter_table('market_barter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_barter_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_market_barter_centre_id'))

    op.drop_table('market_barter')

    with op.batch_alter_table('market_centre', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_centre_village_id'))
        batch_op.drop_index(batch_op.f('ix_market_centre_tenant_id'))

    op.drop_table('market_centre')

    with op.batch_alter_table('market_kit_component', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_kit_component_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_market_kit_component_kit_id'))
        batch_op.drop_index(batch_op.f('ix_market_kit_component_component_id'))

    op.drop_table('market_kit_component')

    with op.batch_alter_table('market_programme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_programme_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_market_programme_budget_account_id'))

    op.drop_table('market_programme')

    with op.batch_alter_table('market_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_item_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_market_item_category_id'))

    op.drop_table('market_item')

    with op.batch_alter_table('market_waste_rate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_waste_rate_tenant_id'))

    op.drop_table('market_waste_rate')

    with op.batch_alter_table('market_network_grant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_network_grant_grantor_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_market_network_grant_grantee_tenant_id'))

    op.drop_table('market_network_grant')

    with op.batch_alter_table('market_coupon_key', schema=None) as batch_op:
        batch_op.drop_index('uq_market_coupon_key_one_current', postgresql_where=sa.text("status = 'current'"), sqlite_where=sa.text("status = 'current'"))
        batch_op.drop_index(batch_op.f('ix_market_coupon_key_tenant_id'))

    op.drop_table('market_coupon_key')

    with op.batch_alter_table('market_code_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_code_attempt_tenant_id'))

    op.drop_table('market_code_attempt')

    with op.batch_alter_table('market_category', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_category_tenant_id'))

    op.drop_table('market_category')
