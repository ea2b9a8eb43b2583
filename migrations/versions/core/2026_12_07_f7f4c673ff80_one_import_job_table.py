"""One table for every CSV import job: ``import_job`` gains a ``kind``, a
``subject_id`` (a statement's bank account) and its ``counts`` by name; the
plot-register imports (``producer_plot_import``) and the bank statement
imports (``statement_import``) move into it, and their tables go. Statement
lines keep pointing at their import, under its new id.

Reviewed by hand: the rows are copied here, table by table, with the owner's
connection (row-level security lets the owner through); downgrade moves the
plot and statement jobs back under the ids they have in ``import_job``.

Revision ID: f7f4c673ff80
Revises: b6e2c4a1d9f0
Create Date: 2026-12-07 09:30:00

"""
import json

from alembic import op
import sqlalchemy as sa


revision = 'f7f4c673ff80'
down_revision = 'b6e2c4a1d9f0'
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')

COMMON = ("tenant_id", "status", "mode", "filename", "content", "encoding", "total_rows",
          "processed_rows", "errors", "message", "created_by_user_id", "rows_skipped",
          "created_at", "updated_at")
REGISTRY_COUNTS = ("villages_created", "households_created", "households_updated", "people_created",
                   "people_updated")
PLOT_COUNTS = ("plots_created", "farms_created", "people_created", "groups_created")
STATEMENT_COUNTS = ("lines_added", "lines_already")

JSON_COLUMNS = {"errors", "counts"}


def _table(name, *columns):
    return sa.table(name, *(sa.column(c, sa.JSON if c in JSON_COLUMNS else None) for c in columns))


def _rows(conn, table, columns):
    return [dict(row._mapping) for row in conn.execute(sa.select(_table(table, *columns)))]


def _job_table():
    return _table("import_job", "id", "kind", "subject_id", "counts", *COMMON)


def upgrade():
    with op.batch_alter_table('import_job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('subject_id', BigId, nullable=True))
        batch_op.add_column(sa.Column('counts', sa.JSON(), nullable=True))
    conn = op.get_bind()
    jobs = _job_table()
    for row in _rows(conn, "import_job", ("id", *REGISTRY_COUNTS)):
        counts = {name: row[name] for name in REGISTRY_COUNTS}
        conn.execute(jobs.update().where(jobs.c.id == row["id"])
                     .values(kind="registry.households", counts=counts))
    with op.batch_alter_table('import_job', schema=None) as batch_op:
        for name in REGISTRY_COUNTS:
            batch_op.drop_column(name)
    with op.batch_alter_table('statement_line', schema=None) as batch_op:
        batch_op.drop_constraint('fk_import_id_statement_import_same_tenant', type_='foreignkey')

    for row in _rows(conn, "producer_plot_import", (*COMMON, *PLOT_COUNTS)):
        counts = {name: row.pop(name) for name in PLOT_COUNTS}
        conn.execute(jobs.insert().values(kind="producers.plots", counts=counts, **row))
    lines = sa.table("statement_line", sa.column("import_id"), sa.column("tenant_id"))
    for row in _rows(conn, "statement_import", ("id", "bank_account_id", *COMMON, *STATEMENT_COUNTS)):
        old_id, bank_account_id = row.pop("id"), row.pop("bank_account_id")
        counts = {name: row.pop(name) for name in STATEMENT_COUNTS}
        new_id = conn.execute(jobs.insert().values(kind="payments.statement", subject_id=bank_account_id,
                                                   counts=counts, **row).returning(jobs.c.id)).scalar_one()
        conn.execute(lines.update().where(lines.c.import_id == old_id, lines.c.tenant_id == row["tenant_id"])
                     .values(import_id=-new_id))
    # negative while moving, so an old id is never taken for a new one
    conn.execute(lines.update().where(lines.c.import_id < 0).values(import_id=-lines.c.import_id))

    with op.batch_alter_table('import_job', schema=None) as batch_op:
        batch_op.alter_column('kind', existing_type=sa.String(length=40), nullable=False)
        batch_op.alter_column('counts', existing_type=sa.JSON(), nullable=False)
        batch_op.create_index('ix_import_job_kind_subject', ['tenant_id', 'kind', 'subject_id'], unique=False)
    with op.batch_alter_table('statement_line', schema=None) as batch_op:
        batch_op.create_foreign_key('fk_import_id_import_job_same_tenant', 'import_job',
                                    ['tenant_id', 'import_id'], ['tenant_id', 'id'], ondelete='SET NULL')

    with op.batch_alter_table('producer_plot_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_producer_plot_import_tenant_id'))
    op.drop_table('producer_plot_import')
    with op.batch_alter_table('statement_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statement_import_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_statement_import_bank_account_id'))
    op.drop_table('statement_import')


def _old_columns():
    return [
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('mode', sa.String(length=20), nullable=False),
        sa.Column('filename', sa.String(length=255), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('encoding', sa.String(length=20), nullable=True),
        sa.Column('total_rows', sa.Integer(), nullable=False),
        sa.Column('processed_rows', sa.Integer(), nullable=False),
        sa.Column('errors', sa.JSON(), nullable=False),
        sa.Column('message', sa.String(length=200), nullable=True),
        sa.Column('created_by_user_id', BigId, nullable=True),
        sa.Column('rows_skipped', sa.Integer(), nullable=False),
        sa.Column('tenant_id', BigId, nullable=False),
        sa.Column('id', BigId, autoincrement=True, nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    ]


def _old_constraints(table):
    return [
        sa.CheckConstraint("mode IN ('strict','good_only')", name=op.f(f'ck_{table}_mode')),
        sa.CheckConstraint("status IN ('queued','validating','invalid','importing','done','failed')",
                           name=op.f(f'ck_{table}_status')),
        sa.ForeignKeyConstraint(['created_by_user_id'], ['user_account.id'],
                                name=op.f(f'fk_{table}_created_by_user_id_user_account'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f(f'fk_{table}_tenant_id_tenant'),
                                ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}')),
        sa.UniqueConstraint('tenant_id', 'id', name=f'uq_{table}_tenant_id'),
    ]


def downgrade():
    op.create_table('producer_plot_import', *_old_columns(),
                    *(sa.Column(name, sa.Integer(), nullable=False) for name in PLOT_COUNTS),
                    *_old_constraints('producer_plot_import'))
    with op.batch_alter_table('producer_plot_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_producer_plot_import_tenant_id'), ['tenant_id'], unique=False)
    op.create_table('statement_import', sa.Column('bank_account_id', BigId, nullable=False), *_old_columns(),
                    *(sa.Column(name, sa.Integer(), nullable=False) for name in STATEMENT_COUNTS),
                    *_old_constraints('statement_import'),
                    sa.ForeignKeyConstraint(['tenant_id', 'bank_account_id'],
                                            ['bank_account.tenant_id', 'bank_account.id'],
                                            name='fk_bank_account_id_bank_account_same_tenant', ondelete='RESTRICT'))
    with op.batch_alter_table('statement_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statement_import_bank_account_id'), ['bank_account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_statement_import_tenant_id'), ['tenant_id'], unique=False)
    with op.batch_alter_table('import_job', schema=None) as batch_op:
        for name in REGISTRY_COUNTS:
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('statement_line', schema=None) as batch_op:
        batch_op.drop_constraint('fk_import_id_import_job_same_tenant', type_='foreignkey')

    conn = op.get_bind()
    jobs = _table("import_job", "id", "kind", "subject_id", "counts", *COMMON, *REGISTRY_COUNTS)
    plots = _table("producer_plot_import", "id", *COMMON, *PLOT_COUNTS)
    statements = _table("statement_import", "id", "bank_account_id", *COMMON, *STATEMENT_COUNTS)
    for row in _rows(conn, "import_job", ("id", "kind", "subject_id", "counts", *COMMON)):
        kind, subject_id = row.pop("kind"), row.pop("subject_id")
        counts = row.pop("counts") or {}
        if isinstance(counts, str):
            counts = json.loads(counts)
        if kind == "registry.households":
            conn.execute(jobs.update().where(jobs.c.id == row["id"])
                         .values(**{name: counts.get(name, 0) for name in REGISTRY_COUNTS}))
        elif kind == "producers.plots":
            conn.execute(plots.insert().values(**row, **{name: counts.get(name, 0) for name in PLOT_COUNTS}))
        elif kind == "payments.statement":
            conn.execute(statements.insert().values(bank_account_id=subject_id, **row,
                                                    **{name: counts.get(name, 0) for name in STATEMENT_COUNTS}))
    conn.execute(jobs.delete().where(jobs.c.kind != "registry.households"))
    if conn.dialect.name == "postgresql":
        for table in ("producer_plot_import", "statement_import"):
            conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                                 f" (SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"))

    with op.batch_alter_table('statement_line', schema=None) as batch_op:
        batch_op.create_foreign_key('fk_import_id_statement_import_same_tenant', 'statement_import',
                                    ['tenant_id', 'import_id'], ['tenant_id', 'id'], ondelete='SET NULL')
    with op.batch_alter_table('import_job', schema=None) as batch_op:
        batch_op.drop_index('ix_import_job_kind_subject')
        batch_op.drop_column('counts')
        batch_op.drop_column('subject_id')
        batch_op.drop_column('kind')
    from core.tenancy.rls import enable_all

    enable_all(op.get_bind())
