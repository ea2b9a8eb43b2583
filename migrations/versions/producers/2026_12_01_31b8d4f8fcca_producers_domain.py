"""The producers domain: the PGS charter, farms, plots, the certification
workflow, harvest lots, QR tokens, labels, listings and reservations. Every
new tenant table joins row-level security.

Revision ID: 31b8d4f8fcca
Revises: 01b8fcc39749
Create Date: 2026-12-01 15:20:34.415812

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '31b8d4f8fcca'
down_revision = '01b8fcc39749'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('producer_plot_import',
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('mode', sa.String(length=20), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('encoding', sa.String(length=20), nullable=True),
    sa.Column('total_rows', sa.Integer(), nullable=False),
    sa.Column('processed_rows', sa.Integer(), nullable=False),
    sa.Column('errors', sa.JSON(), nullable=False),
    sa.Column('message', sa.String(length=200), nullable=True),
    sa.Column('created_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('plots_created', sa.Integer(), nullable=False),
    sa.Column('farms_created', sa.Integer(), nullable=False),
    sa.Column('people_created', sa.Integer(), nullable=False),
    sa.Column('groups_created', sa.Integer(), nullable=False),
    sa.Column('rows_skipped', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("mode IN ('strict','good_only')", name=op.f('ck_producer_plot_import_mode')),
    sa.CheckConstraint("status IN ('queued','validating','invalid','importing','done','failed')", name=op.f('ck_producer_plot_import_status')),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['user_account.id'], name=op.f('fk_producer_plot_import_created_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_producer_plot_import_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_producer_plot_import')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_producer_plot_import_tenant_id')
    )
    with op.batch_alter_table('producer_plot_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_producer_plot_import_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('producer_standard',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title_th', sa.String(length=200), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('draft','active','retired')", name=op.f('ck_producer_standard_status')),
    sa.CheckConstraint('version > 0', name=op.f('ck_producer_standard_version_positive')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_producer_standard_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_producer_standard')),
    sa.UniqueConstraint('tenant_id', 'code', 'version', name='uq_producer_standard_version'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_producer_standard_tenant_id')
    )
    with op.batch_alter_table('producer_standard', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_producer_standard_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('producer_criterion',
    sa.Column('standard_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text_th', sa.Text(), nullable=False),
    sa.Column('text_en', sa.Text(), nullable=False),
    sa.Column('severity', sa.String(length=20), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("severity IN ('minor','major','critical')", name=op.f('ck_producer_criterion_severity')),
    sa.ForeignKeyConstraint(['tenant_id', 'standard_id'], ['producer_standard.tenant_id', 'producer_standard.id'], name='fk_standard_id_producer_standard_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_producer_criterion_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_producer_criterion')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_producer_criterion_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'standard_id', 'code', name='uq_producer_criterion_code')
    )
    with op.batch_alter_table('producer_criterion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_producer_criterion_standard_id'), ['standard_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_criterion_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('producer_meeting',
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=True),
    sa.Column('quorum', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('minutes', sa.Text(), nullable=True),
    sa.Column('minutes_document_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('open','closed')", name=op.f('ck_producer_meeting_status')),
    sa.CheckConstraint('quorum >= 2', name=op.f('ck_producer_meeting_quorum_min')),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['user_account.id'], name=op.f('fk_producer_meeting_created_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'minutes_document_id'], ['document.tenant_id', 'document.id'], name='fk_minutes_document_id_document_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_producer_meeting_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_producer_meeting')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_producer_meeting_tenant_id')
    )
    with op.batch_alter_table('producer_meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_producer_meeting_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('producer_meeting_attendee',
    sa.Column('meeting_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'meeting_id'], ['producer_meeting.tenant_id', 'producer_meeting.id'], name='fk_meeting_id_producer_meeting_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_producer_meeting_attendee_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_producer_meeting_attendee_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_producer_meeting_attendee')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_producer_meeting_attendee_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'meeting_id', 'user_id', name='uq_producer_attendee_once')
    )
    with op.batch_alter_table('producer_meeting_attendee', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_producer_meeting_attendee_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_meeting_attendee_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('producer_group',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('village_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'village_id'], ['village.tenant_id', 'village.id'], name='fk_village_id_village_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_producer_group_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_producer_group')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_producer_group_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'name', name='uq_producer_group_name')
    )
    with op.batch_alter_table('producer_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_producer_group_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_group_village_id'), ['village_id'], unique=False)

    op.create_table('producer_farm',
    sa.Column('group_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('household_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('village_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('conversion_start', sa.Date(), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'group_id'], ['producer_group.tenant_id', 'producer_group.id'], name='fk_group_id_producer_group_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'household_id'], ['household.tenant_id', 'household.id'], name='fk_household_id_household_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'person_id'], ['person.tenant_id', 'person.id'], name='fk_person_id_person_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'village_id'], ['village.tenant_id', 'village.id'], name='fk_village_id_village_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_producer_farm_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_producer_farm')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_producer_farm_tenant_id')
    )
    with op.batch_alter_table('producer_farm', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_producer_farm_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_farm_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_farm_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_farm_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_farm_village_id'), ['village_id'], unique=False)

    op.create_table('producer_inspection',
    sa.Column('farm_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('standard_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('cycle', sa.Integer(), nullable=False),
    sa.Column('planned_on', sa.Date(), nullable=True),
    sa.Column('inspected_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('verdict', sa.String(length=20), nullable=True),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('submitted_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('screened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('screened_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('screening_note', sa.Text(), nullable=True),
    sa.Column('created_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('planned','submitted','screened','decided','cancelled')", name=op.f('ck_producer_inspection_status')),
    sa.CheckConstraint("verdict IS NULL OR verdict IN ('pass','fail')", name=op.f('ck_producer_inspection_verdict')),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['user_account.id'], name=op.f('fk_producer_inspection_created_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['screened_by_user_id'], ['user_account.id'], name=op.f('fk_producer_inspection_screened_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['submitted_by_user_id'], ['user_account.id'], name=op.f('fk_producer_inspection_submitted_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'farm_id'], ['producer_farm.tenant_id', 'producer_farm.id'], name='fk_farm_id_producer_farm_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'standard_id'], ['producer_standard.tenant_id', 'producer_standard.id'], name='fk_standard_id_producer_standard_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_producer_inspection_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_producer_inspection')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_producer_inspection_tenant_id')
    )
    with op.batch_alter_table('producer_inspection', schema=None) as batch_op:
        batch_op.create_index('ix_producer_inspection_cycle', ['tenant_id', 'cycle'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_inspection_farm_id'), ['farm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_inspection_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('producer_pledge',
    sa.Column('farm_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('standard_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('last_prohibited_input_on', sa.Date(), nullable=True),
    sa.Column('history', sa.Text(), nullable=True),
    sa.Column('document_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('recorded_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by_user_id'], ['user_account.id'], name=op.f('fk_producer_pledge_recorded_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'document_id'], ['document.tenant_id', 'document.id'], name='fk_document_id_document_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'farm_id'], ['producer_farm.tenant_id', 'producer_farm.id'], name='fk_farm_id_producer_farm_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'standard_id'], ['producer_standard.tenant_id', 'producer_standard.id'], name='fk_standard_id_producer_standard_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_producer_pledge_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_producer_pledge')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_producer_pledge_tenant_id')
    )
    with op.batch_alter_table('producer_pledge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_producer_pledge_farm_id'), ['farm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_pledge_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('producer_plot',
    sa.Column('farm_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('area_sqm', sa.Integer(), nullable=False),
    sa.Column('geometry', sa.JSON(), nullable=True),
    sa.Column('lat', sa.Numeric(precision=9, scale=6), nullable=True),
    sa.Column('lon', sa.Numeric(precision=9, scale=6), nullable=True),
    sa.Column('land_type', sa.String(length=20), nullable=False),
    sa.Column('water_source', sa.String(length=20), nullable=True),
    sa.Column('buffer_notes', sa.Text(), nullable=True),
    sa.Column('tenure_document_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("land_type IN ('field','paddy','orchard','vegetable','rubber','tree_bank','agroforestry','livestock','other')", name=op.f('ck_producer_plot_land_type')),
    sa.CheckConstraint('area_sqm > 0', name=op.f('ck_producer_plot_area_positive')),
    sa.CheckConstraint('lat IS NULL OR (lat >= -90 AND lat <= 90)', name=op.f('ck_producer_plot_lat_range')),
    sa.CheckConstraint('lon IS NULL OR (lon >= -180 AND lon <= 180)', name=op.f('ck_producer_plot_lon_range')),
    sa.ForeignKeyConstraint(['tenant_id', 'farm_id'], ['producer_farm.tenant_id', 'producer_farm.id'], name='fk_farm_id_producer_farm_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'tenure_document_id'], ['document.tenant_id', 'document.id'], name='fk_tenure_document_id_document_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_producer_plot_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_producer_plot')),
    sa.UniqueConstraint('tenant_id', 'code', name='uq_producer_plot_code'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_producer_plot_tenant_id')
    )
    with op.batch_alter_table('producer_plot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_producer_plot_farm_id'), ['farm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_plot_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('producer_checklist_answer',
    sa.Column('inspection_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('criterion_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('result', sa.String(length=10), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('photo_document_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('answered_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("result IN ('pass','fail','na')", name=op.f('ck_producer_checklist_answer_result')),
    sa.ForeignKeyConstraint(['answered_by_user_id'], ['user_account.id'], name=op.f('fk_producer_checklist_answer_answered_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'criterion_id'], ['producer_criterion.tenant_id', 'producer_criterion.id'], name='fk_criterion_id_producer_criterion_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'inspection_id'], ['producer_inspection.tenant_id', 'producer_inspection.id'], name='fk_inspection_id_producer_inspection_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'photo_document_id'], ['document.tenant_id', 'document.id'], name='fk_photo_document_id_document_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_producer_checklist_answer_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_producer_checklist_answer')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_producer_checklist_answer_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'inspection_id', 'criterion_id', name='uq_producer_answer_once')
    )
    with op.batch_alter_table('producer_checklist_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_producer_checklist_answer_inspection_id'), ['inspection_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_checklist_answer_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('producer_decision',
    sa.Column('meeting_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('inspection_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('farm_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('present_count', sa.Integer(), nullable=False),
    sa.Column('decided_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("outcome IN ('organic','in_conversion','deferred')", name=op.f('ck_producer_decision_outcome')),
    sa.ForeignKeyConstraint(['decided_by_user_id'], ['user_account.id'], name=op.f('fk_producer_decision_decided_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'farm_id'], ['producer_farm.tenant_id', 'producer_farm.id'], name='fk_farm_id_producer_farm_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'inspection_id'], ['producer_inspection.tenant_id', 'producer_inspection.id'], name='fk_inspection_id_producer_inspection_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'meeting_id'], ['producer_meeting.tenant_id', 'producer_meeting.id'], name='fk_meeting_id_producer_meeting_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_producer_decision_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_producer_decision')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_producer_decision_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'inspection_id', name='uq_producer_decision_once')
    )
    with op.batch_alter_table('producer_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_producer_decision_farm_id'), ['farm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_decision_inspection_id'), ['inspection_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_decision_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_decision_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('producer_inspection_inspector',
    sa.Column('inspection_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('verdict', sa.String(length=20), nullable=True),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'inspection_id'], ['producer_inspection.tenant_id', 'producer_inspection.id'], name='fk_inspection_id_producer_inspection_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'person_id'], ['person.tenant_id', 'person.id'], name='fk_person_id_person_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_producer_inspection_inspector_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_producer_inspection_inspector')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_producer_inspection_inspector_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'inspection_id', 'person_id', name='uq_producer_inspector_once')
    )
    with op.batch_alter_table('producer_inspection_inspector', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_producer_inspection_inspector_inspection_id'), ['inspection_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_inspection_inspector_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_inspection_inspector_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('producer_noncompliance',
    sa.Column('inspection_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('farm_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('criterion_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('grade', sa.String(length=20), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('corrective_action', sa.Text(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('closing_note', sa.Text(), nullable=True),
    sa.Column('closed_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(status = 'closed') = (closed_on IS NOT NULL)", name=op.f('ck_producer_noncompliance_closed_pair')),
    sa.CheckConstraint("grade IN ('minor','major','critical')", name=op.f('ck_producer_noncompliance_grade')),
    sa.CheckConstraint("status IN ('open','closed')", name=op.f('ck_producer_noncompliance_status')),
    sa.ForeignKeyConstraint(['closed_by_user_id'], ['user_account.id'], name=op.f('fk_producer_noncompliance_closed_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'criterion_id'], ['producer_criterion.tenant_id', 'producer_criterion.id'], name='fk_criterion_id_producer_criterion_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'farm_id'], ['producer_farm.tenant_id', 'producer_farm.id'], name='fk_farm_id_producer_farm_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'inspection_id'], ['producer_inspection.tenant_id', 'producer_inspection.id'], name='fk_inspection_id_producer_inspection_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_producer_noncompliance_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_producer_noncompliance')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_producer_noncompliance_tenant_id')
    )
    with op.batch_alter_table('producer_noncompliance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_producer_noncompliance_farm_id'), ['farm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_noncompliance_inspection_id'), ['inspection_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_noncompliance_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('producer_planting',
    sa.Column('plot_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('crop', sa.String(length=100), nullable=False),
    sa.Column('variety', sa.String(length=100), nullable=True),
    sa.Column('season', sa.String(length=40), nullable=True),
    sa.Column('planted_on', sa.Date(), nullable=True),
    sa.Column('expected_harvest_on', sa.Date(), nullable=True),
    sa.Column('expected_quantity_kg', sa.Numeric(precision=12, scale=3), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('expected_quantity_kg IS NULL OR expected_quantity_kg >= 0', name=op.f('ck_producer_planting_quantity')),
    sa.CheckConstraint('planted_on IS NULL OR expected_harvest_on IS NULL OR expected_harvest_on >= planted_on', name=op.f('ck_producer_planting_harvest_after_planting')),
    sa.ForeignKeyConstraint(['tenant_id', 'plot_id'], ['producer_plot.tenant_id', 'producer_plot.id'], name='fk_plot_id_producer_plot_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_producer_planting_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_producer_planting')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_producer_planting_tenant_id')
    )
    with op.batch_alter_table('producer_planting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_producer_planting_plot_id'), ['plot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_planting_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('producer_certificate',
    sa.Column('farm_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('decision_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('standard_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('suspended_until', sa.Date(), nullable=True),
    sa.Column('reminder_sent_on', sa.Date(), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("level IN ('organic','in_conversion')", name=op.f('ck_producer_certificate_level')),
    sa.CheckConstraint("status IN ('active','suspended','revoked','expired')", name=op.f('ck_producer_certificate_status')),
    sa.CheckConstraint('valid_until >= valid_from', name=op.f('ck_producer_certificate_valid_range')),
    sa.ForeignKeyConstraint(['tenant_id', 'decision_id'], ['producer_decision.tenant_id', 'producer_decision.id'], name='fk_decision_id_producer_decision_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'farm_id'], ['producer_farm.tenant_id', 'producer_farm.id'], name='fk_farm_id_producer_farm_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'standard_id'], ['producer_standard.tenant_id', 'producer_standard.id'], name='fk_standard_id_producer_standard_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_producer_certificate_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_producer_certificate')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_producer_certificate_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'number', name='uq_producer_certificate_number')
    )
    with op.batch_alter_table('producer_certificate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_producer_certificate_farm_id'), ['farm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_certificate_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('producer_lot',
    sa.Column('number', sa.String(length=60), nullable=False),
    sa.Column('plot_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('planting_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('crop', sa.String(length=100), nullable=False),
    sa.Column('quantity_g', sa.BigInteger(), nullable=False),
    sa.Column('labelled_g', sa.BigInteger(), nullable=False),
    sa.Column('harvested_on', sa.Date(), nullable=False),
    sa.Column('cert_status_at_harvest', sa.String(length=20), nullable=False),
    sa.Column('cert_level_at_harvest', sa.String(length=20), nullable=True),
    sa.Column('cert_number_at_harvest', sa.String(length=60), nullable=True),
    sa.Column('certificate_id_at_harvest', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('quantity_warning', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('labelled_g >= 0 AND labelled_g <= quantity_g', name=op.f('ck_producer_lot_labels_within_quantity')),
    sa.CheckConstraint('quantity_g > 0', name=op.f('ck_producer_lot_quantity_positive')),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['user_account.id'], name=op.f('fk_producer_lot_created_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'planting_id'], ['producer_planting.tenant_id', 'producer_planting.id'], name='fk_planting_id_producer_planting_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'plot_id'], ['producer_plot.tenant_id', 'producer_plot.id'], name='fk_plot_id_producer_plot_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_producer_lot_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_producer_lot')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_producer_lot_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'number', name='uq_producer_lot_number')
    )
    with op.batch_alter_table('producer_lot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_producer_lot_planting_id'), ['planting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_lot_plot_id'), ['plot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_lot_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('producer_certificate_event',
    sa.Column('certificate_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('status_after', sa.String(length=20), nullable=False),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('suspended_until', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("status_after IN ('active','suspended','revoked','expired')", name=op.f('ck_producer_certificate_event_status_after')),
    sa.ForeignKeyConstraint(['tenant_id', 'certificate_id'], ['producer_certificate.tenant_id', 'producer_certificate.id'], name='fk_certificate_id_producer_certificate_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_producer_certificate_event_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_producer_certificate_event_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_producer_certificate_event')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_producer_certificate_event_tenant_id')
    )
    with op.batch_alter_table('producer_certificate_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_producer_certificate_event_certificate_id'), ['certificate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_certificate_event_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('producer_certificate_plot',
    sa.Column('certificate_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('plot_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('crops', sa.JSON(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'certificate_id'], ['producer_certificate.tenant_id', 'producer_certificate.id'], name='fk_certificate_id_producer_certificate_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'plot_id'], ['producer_plot.tenant_id', 'producer_plot.id'], name='fk_plot_id_producer_plot_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_producer_certificate_plot_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_producer_certificate_plot')),
    sa.UniqueConstraint('tenant_id', 'certificate_id', 'plot_id', name='uq_producer_certificate_plot'),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_producer_certificate_plot_tenant_id')
    )
    with op.batch_alter_table('producer_certificate_plot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_producer_certificate_plot_certificate_id'), ['certificate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_certificate_plot_plot_id'), ['plot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_certificate_plot_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('producer_label_batch',
    sa.Column('lot_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('pack_g', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint('count > 0', name=op.f('ck_producer_label_batch_count_positive')),
    sa.CheckConstraint('pack_g > 0', name=op.f('ck_producer_label_batch_pack_positive')),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['user_account.id'], name=op.f('fk_producer_label_batch_created_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'lot_id'], ['producer_lot.tenant_id', 'producer_lot.id'], name='fk_lot_id_producer_lot_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_producer_label_batch_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_producer_label_batch')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_producer_label_batch_tenant_id')
    )
    with op.batch_alter_table('producer_label_batch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_producer_label_batch_lot_id'), ['lot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_label_batch_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('producer_listing',
    sa.Column('plot_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('lot_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('crop', sa.String(length=100), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('price', sa.BigInteger(), nullable=False),
    sa.Column('quantity_listed', sa.Integer(), nullable=False),
    sa.Column('quantity_available', sa.Integer(), nullable=False),
    sa.Column('pickup', sa.Boolean(), nullable=False),
    sa.Column('delivery', sa.Boolean(), nullable=False),
    sa.Column('pickup_note', sa.String(length=300), nullable=True),
    sa.Column('delivery_note', sa.String(length=300), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('open','closed')", name=op.f('ck_producer_listing_status')),
    sa.CheckConstraint('pickup OR delivery', name=op.f('ck_producer_listing_some_fulfilment')),
    sa.CheckConstraint('price > 0', name=op.f('ck_producer_listing_price_positive')),
    sa.CheckConstraint('quantity_available >= 0 AND quantity_available <= quantity_listed', name=op.f('ck_producer_listing_available_within_listed')),
    sa.CheckConstraint('quantity_listed > 0', name=op.f('ck_producer_listing_listed_positive')),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['user_account.id'], name=op.f('fk_producer_listing_created_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'lot_id'], ['producer_lot.tenant_id', 'producer_lot.id'], name='fk_lot_id_producer_lot_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'plot_id'], ['producer_plot.tenant_id', 'producer_plot.id'], name='fk_plot_id_producer_plot_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_producer_listing_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_producer_listing')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_producer_listing_tenant_id')
    )
    with op.batch_alter_table('producer_listing', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_producer_listing_lot_id'), ['lot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_listing_plot_id'), ['plot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_listing_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('producer_qr',
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('subject', sa.String(length=10), nullable=False),
    sa.Column('subject_key', sa.String(length=40), nullable=False),
    sa.Column('plot_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('lot_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint("(subject = 'lot') = (lot_id IS NOT NULL)", name=op.f('ck_producer_qr_lot_subject')),
    sa.CheckConstraint("subject IN ('plot','lot')", name=op.f('ck_producer_qr_subject')),
    sa.ForeignKeyConstraint(['tenant_id', 'lot_id'], ['producer_lot.tenant_id', 'producer_lot.id'], name='fk_lot_id_producer_lot_same_tenant', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'plot_id'], ['producer_plot.tenant_id', 'producer_plot.id'], name='fk_plot_id_producer_plot_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_producer_qr_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_producer_qr')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_producer_qr_tenant_id'),
    sa.UniqueConstraint('tenant_id', 'subject_key', name='uq_producer_qr_subject'),
    sa.UniqueConstraint('token', name=op.f('uq_producer_qr_token'))
    )
    with op.batch_alter_table('producer_qr', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_producer_qr_lot_id'), ['lot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_qr_plot_id'), ['plot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_qr_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('producer_sanction',
    sa.Column('certificate_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('noncompliance_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('suspended_until', sa.Date(), nullable=True),
    sa.Column('status_before', sa.String(length=20), nullable=True),
    sa.Column('proposed_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('confirmed_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('effective_on', sa.Date(), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind <> 'suspension' OR suspended_until IS NOT NULL", name=op.f('ck_producer_sanction_suspension_date')),
    sa.CheckConstraint("kind IN ('warning','suspension','revocation')", name=op.f('ck_producer_sanction_kind')),
    sa.CheckConstraint("status IN ('proposed','in_force','lifted','overturned','withdrawn')", name=op.f('ck_producer_sanction_status')),
    sa.CheckConstraint('confirmed_by_user_id IS NULL OR proposed_by_user_id IS NULL OR confirmed_by_user_id <> proposed_by_user_id', name=op.f('ck_producer_sanction_two_people')),
    sa.ForeignKeyConstraint(['confirmed_by_user_id'], ['user_account.id'], name=op.f('fk_producer_sanction_confirmed_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposed_by_user_id'], ['user_account.id'], name=op.f('fk_producer_sanction_proposed_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'certificate_id'], ['producer_certificate.tenant_id', 'producer_certificate.id'], name='fk_certificate_id_producer_certificate_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id', 'noncompliance_id'], ['producer_noncompliance.tenant_id', 'producer_noncompliance.id'], name='fk_noncompliance_id_producer_noncompliance_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_producer_sanction_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_producer_sanction')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_producer_sanction_tenant_id')
    )
    with op.batch_alter_table('producer_sanction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_producer_sanction_certificate_id'), ['certificate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_sanction_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('producer_appeal',
    sa.Column('sanction_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('lodged_on', sa.Date(), nullable=False),
    sa.Column('grounds', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('resolution', sa.Text(), nullable=True),
    sa.Column('lodged_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('decided_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('open','upheld','dismissed')", name=op.f('ck_producer_appeal_status')),
    sa.ForeignKeyConstraint(['decided_by_user_id'], ['user_account.id'], name=op.f('fk_producer_appeal_decided_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['lodged_by_user_id'], ['user_account.id'], name=op.f('fk_producer_appeal_lodged_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'sanction_id'], ['producer_sanction.tenant_id', 'producer_sanction.id'], name='fk_sanction_id_producer_sanction_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_producer_appeal_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_producer_appeal')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_producer_appeal_tenant_id')
    )
    with op.batch_alter_table('producer_appeal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_producer_appeal_sanction_id'), ['sanction_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_appeal_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('producer_reservation',
    sa.Column('listing_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('pickup_on', sa.Date(), nullable=False),
    sa.Column('fulfilment', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('consumer_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('guest_name', sa.String(length=200), nullable=True),
    sa.Column('guest_phone', sa.String(length=20), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('payment_method', sa.String(length=20), nullable=False),
    sa.Column('payment_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('paid', sa.Boolean(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('reason', sa.String(length=300), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('pending','confirmed','declined','cancelled','collected')", name=op.f('ck_producer_reservation_status')),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_producer_reservation_amount_not_negative')),
    sa.CheckConstraint('consumer_user_id IS NOT NULL OR guest_phone IS NOT NULL', name=op.f('ck_producer_reservation_someone')),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_producer_reservation_quantity_positive')),
    sa.ForeignKeyConstraint(['consumer_user_id'], ['user_account.id'], name=op.f('fk_producer_reservation_consumer_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decided_by_user_id'], ['user_account.id'], name=op.f('fk_producer_reservation_decided_by_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id', 'listing_id'], ['producer_listing.tenant_id', 'producer_listing.id'], name='fk_listing_id_producer_listing_same_tenant'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_producer_reservation_tenant_id_tenant'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_producer_reservation')),
    sa.UniqueConstraint('tenant_id', 'id', name='uq_producer_reservation_tenant_id'),
    sa.UniqueConstraint('token', name=op.f('uq_producer_reservation_token'))
    )
    with op.batch_alter_table('producer_reservation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_producer_reservation_consumer_user_id'), ['consumer_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_reservation_listing_id'), ['listing_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_producer_reservation_tenant_id'), ['tenant_id'], unique=False)

    from core.tenancy.rls import enable_all

    enable_all(op.get_bind())


def downgrade():
    with op.batch_alter_table('producer_reservation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_producer_reservation_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_producer_reservation_listing_id'))
        batch_op.drop_index(batch_op.f('ix_producer_reservation_consumer_user_id'))

    op.drop_table('producer_reservation')

    with op.batch_alter_table('producer_appeal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_producer_appeal_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_producer_appeal_sanction_id'))

    op.drop_table('producer_appeal')

    with op.batch_alter_table('producer_sanction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_producer_sanction_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_producer_sanction_certificate_id'))

    op.drop_table('producer_sanction')

    with op.batch_alter_table('producer_qr', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_producer_qr_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_producer_qr_plot_id'))
        batch_op.drop_index(batch_op.f('ix_producer_qr_lot_id'))

    op.drop_table('producer_qr')

    with op.batch_alter_table('producer_listing', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_producer_listing_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_producer_listing_plot_id'))
        batch_op.drop_index(batch_op.f('ix_producer_listing_lot_id'))

    op.drop_table('producer_listing')

    with op.batch_alter_table('producer_label_batch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_producer_label_batch_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_producer_label_batch_lot_id'))

    op.drop_table('producer_label_batch')

    with op.batch_alter_table('producer_certificate_plot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_producer_certificate_plot_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_producer_certificate_plot_plot_id'))
        batch_op.drop_index(batch_op.f('ix_producer_certificate_plot_certificate_id'))

    op.drop_table('producer_certificate_plot')

    with op.batch_alter_table('producer_certificate_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_producer_certificate_event_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_producer_certificate_event_certificate_id'))

    op.drop_table('producer_certificate_event')

    with op.batch_alter_table('producer_lot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_producer_lot_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_producer_lot_plot_id'))
        batch_op.drop_index(batch_op.f('ix_producer_lot_planting_id'))

    op.drop_table('producer_lot')

    with op.batch_alter_table('producer_certificate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_producer_certificate_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_producer_certificate_farm_id'))

    op.drop_table('producer_certificate')

    with op.batch_alter_table('producer_planting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_producer_planting_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_producer_planting_plot_id'))

    op.drop_table('producer_planting')

    with op.batch_alter_table('producer_noncompliance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_producer_noncompliance_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_producer_noncompliance_inspection_id'))
        batch_op.drop_index(batch_op.f('ix_producer_noncompliance_farm_id'))

    op.drop_table('producer_noncompliance')

    with op.batch_alter_table('producer_inspection_inspector', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_producer_inspection_inspector_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_producer_inspection_inspector_person_id'))
        batch_op.drop_index(batch_op.f('ix_producer_inspection_inspector_inspection_id'))

    op.drop_table('producer_inspection_inspector')

    with op.batch_alter_table('producer_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_producer_decision_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_producer_decision_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_producer_decision_inspection_id'))
        batch_op.drop_index(batch_op.f('ix_producer_decision_farm_id'))

    op.drop_table('producer_decision')

    with op.batch_alter_table('producer_checklist_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_producer_checklist_answer_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_producer_checklist_answer_inspection_id'))

    op.drop_table('producer_checklist_answer')

    with op.batch_alter_table('producer_plot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_producer_plot_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_producer_plot_farm_id'))

    op.drop_table('producer_plot')

    with op.batch_alter_table('producer_pledge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_producer_pledge_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_producer_pledge_farm_id'))

    op.drop_table('producer_pledge')

    with op.batch_alter_table('producer_inspection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_producer_inspection_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_producer_inspection_farm_id'))
        batch_op.drop_index('ix_producer_inspection_cycle')

    op.drop_table('producer_inspection')

    with op.batch_alter_table('producer_farm', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_producer_farm_village_id'))
        batch_op.drop_index(batch_op.f('ix_producer_farm_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_producer_farm_person_id'))
        batch_op.drop_index(batch_op.f('ix_producer_farm_household_id'))
        batch_op.drop_index(batch_op.f('ix_producer_farm_group_id'))

    op.drop_table('producer_farm')

    with op.batch_alter_table('producer_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_producer_group_village_id'))
        batch_op.drop_index(batch_op.f('ix_producer_group_tenant_id'))

    op.drop_table('producer_group')

    with op.batch_alter_table('producer_meeting_attendee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_producer_meeting_attendee_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_producer_meeting_attendee_meeting_id'))

    op.drop_table('producer_meeting_attendee')

    with op.batch_alter_table('producer_meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_producer_meeting_tenant_id'))

    op.drop_table('producer_meeting')

    with op.batch_alter_table('producer_criterion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_producer_criterion_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_producer_criterion_standard_id'))

    op.drop_table('producer_criterion')

    with op.batch_alter_table('producer_standard', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_producer_standard_tenant_id'))

    op.drop_table('producer_standard')

    with op.batch_alter_table('producer_plot_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_producer_plot_import_tenant_id'))

    op.drop_table('producer_plot_import')
