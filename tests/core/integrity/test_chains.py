"""The audit log and the journal sealed into per-tenant hash chains: verify
passes on honest data and names the row when one is changed, deleted or when
a stored balance drifts from the journal."""

from __future__ import annotations

import sqlalchemy as sa
from click.testing import CliRunner

from core.audit.services import record
from core.db import db
from core.integrity.models import ChainSeal
from core.integrity.services import seal
from core.integrity.tasks import seal_tenant
from core.integrity.verify import verify_tenant
from core.ledger import services as ledger
from core.tenancy.context import tenant_context
from tests.conftest import database_owner
from tests.core.ledger.conftest import open_books


def _activity(tenant, n: int = 3):
    books = open_books(tenant)
    with tenant_context(tenant.id):
        for i in range(n):
            ledger.post(
                entry_date=ledger.today(), memo=f"gift {i}", idempotency_key=f"gift-{i}",
                lines=[(books.cash, 1_000 + i), (books.capital, -(1_000 + i))], actor_id=None, source="test",
            )  # fmt: skip
            record(
                "test.thing",
                actor_id=None,
                target_type="thing",
                target_id=i,
                after={"n": i, "ชื่อ": "ทดสอบ"},
            )
        db.session.commit()
    return books


def _tamper(sql: str) -> None:
    """What someone with the database owner's access could do behind the
    application (the app's own role cannot: row-level security and the
    append-only triggers stop it)."""
    with database_owner().begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(
                "SET LOCAL session_replication_role = replica"
            )  # past the append-only triggers
        conn.exec_driver_sql(sql)


def _verify(tenant):
    seal_tenant(tenant.id)
    with tenant_context(tenant.id):
        report = verify_tenant(tenant.id)
    db.session.rollback()
    return report


def test_honest_books_verify_and_every_row_is_sealed_once(make_tenant):
    tenant = make_tenant()
    _activity(tenant)
    report = _verify(tenant)
    assert report.ok, report.problems
    assert report.checked == {"audit": 3, "journal": 3}
    assert seal_tenant(tenant.id) == 0  # nothing new: sealing again adds nothing
    with tenant_context(tenant.id):
        seqs = db.session.execute(
            sa.select(ChainSeal.chain, ChainSeal.seq).order_by(ChainSeal.chain, ChainSeal.seq)
        )
        assert [tuple(r) for r in seqs] == [("audit", 1), ("audit", 2), ("audit", 3),
                                            ("journal", 1), ("journal", 2), ("journal", 3)]  # fmt: skip


def test_a_changed_journal_line_is_named(make_tenant):
    tenant = make_tenant()
    _activity(tenant)
    assert _verify(tenant).ok
    _tamper("UPDATE journal_line SET amount = amount + 100 WHERE amount = 1001")
    report = _verify(tenant)
    assert not report.ok
    assert any("journal: row 2 (seal 2) was changed" in p for p in report.problems), report.problems


def test_a_changed_or_deleted_audit_event_is_named(make_tenant):
    tenant = make_tenant()
    _activity(tenant)
    assert _verify(tenant).ok
    with tenant_context(tenant.id):
        first, second = db.session.scalars(sa.select(ChainSeal.row_id).where(ChainSeal.chain == "audit")
                                           .order_by(ChainSeal.seq).limit(2))  # fmt: skip
    db.session.rollback()
    _tamper(
        f"UPDATE audit_event SET actor_user_id = NULL, action = 'test.other' WHERE id = {first}"
    )
    _tamper(f"DELETE FROM audit_event WHERE id = {second}")
    problems = _verify(tenant).problems
    assert f"audit: row {first} (seal 1) was changed after it was sealed" in problems
    assert f"audit: row {second} (seal 2) was deleted" in problems


def test_a_removed_seal_breaks_the_chain(make_tenant):
    tenant = make_tenant()
    _activity(tenant)
    assert _verify(tenant).ok
    _tamper(
        f"DELETE FROM chain_seal WHERE tenant_id = {tenant.id} AND chain = 'journal' AND seq = 2"
    )
    with tenant_context(tenant.id):
        problems = verify_tenant(tenant.id).problems  # no re-sealing: the gap must show
    db.session.rollback()
    assert "journal: seal 2 is missing (next is 3)" in problems
    assert "journal: seal 3 does not follow seal 2" in problems


def test_a_drifted_stored_balance_is_named(make_tenant):
    tenant = make_tenant()
    books = _activity(tenant)
    _tamper(f"UPDATE ledger_account SET balance = balance + 1 WHERE id = {books.cash.id}")
    problems = _verify(tenant).problems
    assert any(p.startswith("balance: account general/1000 stores") for p in problems), problems


def test_one_tenants_chain_ignores_the_other_tenant(make_tenant):
    a, b = make_tenant(), make_tenant()
    _activity(a, 2)
    _activity(b, 4)
    assert _verify(a).checked == {"audit": 2, "journal": 2}
    assert _verify(b).checked == {"audit": 4, "journal": 4}
    _tamper(f"UPDATE audit_event SET action = 'x.y' WHERE tenant_id = {b.id}")
    assert _verify(a).ok
    assert not _verify(b).ok


def test_seals_are_append_only_on_postgres(postgres_only, make_tenant):
    import pytest

    tenant = make_tenant()
    _activity(tenant, 1)
    seal_tenant(tenant.id)
    for statement in ("UPDATE chain_seal SET hash = repeat('0', 64)", "DELETE FROM chain_seal"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), tenant_context(tenant.id):
            db.session.execute(sa.text(statement))
        db.session.rollback()


def test_batches_continue_the_chain(make_tenant):
    tenant = make_tenant()
    _activity(tenant, 5)
    with tenant_context(tenant.id):
        assert seal("audit", batch=2) == 2
        db.session.commit()
        assert seal("audit", batch=2) == 2
        db.session.commit()
    assert _verify(tenant).ok


def test_the_verify_command_exits_non_zero_on_tampering(app, make_tenant):
    tenant = make_tenant()
    _activity(tenant)
    runner = CliRunner()
    from core.integrity.cli import verify_command

    with app.app_context():
        ok = runner.invoke(verify_command, [])
        assert ok.exit_code == 0, ok.output
        assert "verify: all chains and balances hold" in ok.output
        _tamper("UPDATE journal_entry SET memo = 'changed'")
        bad = runner.invoke(verify_command, [])
    assert bad.exit_code == 1
    assert "was changed after it was sealed" in bad.output


# --- the newest rows deleted together with their seals ------------------------------


def _delete_tail(tenant, chain: str, table: str, n: int) -> None:
    """What the database owner could do: drop the newest n rows and their seals."""
    with tenant_context(tenant.id):
        rows = list(db.session.scalars(
            sa.select(ChainSeal.row_id).where(ChainSeal.chain == chain).order_by(ChainSeal.seq.desc()).limit(n)
        ))
    db.session.rollback()
    ids = ", ".join(str(r) for r in rows)
    _tamper(f"DELETE FROM chain_seal WHERE tenant_id = {tenant.id} AND chain = '{chain}' AND row_id IN ({ids})")
    _tamper(f"DELETE FROM {table} WHERE id IN ({ids})")


def test_the_newest_rows_deleted_with_their_seals_are_caught(app, make_tenant):
    tenant = make_tenant()
    _activity(tenant, 4)
    assert _verify(tenant).ok
    _delete_tail(tenant, "audit", "audit_event", 2)
    with tenant_context(tenant.id):
        problems = verify_tenant(tenant.id).problems
    db.session.rollback()
    assert problems == [
        "audit: the chain ends at seal 2 but its head records 4 seals: "
        "the newest rows were deleted with their seals (2 missing)"
    ]
    from core.integrity.cli import verify_command

    with app.app_context():
        result = CliRunner().invoke(verify_command, ["--tenant", tenant.slug])
    assert result.exit_code == 1
    assert f"tenant {tenant.id} ({tenant.slug}): FAILED" in result.output
    assert "audit: the chain ends at seal 2 but its head records 4 seals" in result.output


def test_the_gap_stays_visible_after_new_rows_are_sealed(make_tenant):
    tenant = make_tenant()
    _activity(tenant, 3)
    assert _verify(tenant).ok
    _delete_tail(tenant, "audit", "audit_event", 2)
    with tenant_context(tenant.id):
        for i in range(3):  # more than was deleted: the length alone would agree again
            record("test.later", actor_id=None, after={"i": i})
        db.session.commit()
    problems = _verify(tenant).problems  # seals the new rows first, from the head
    assert "audit: seal 2 is missing (next is 4)" in problems
    assert "audit: seal 4 does not follow seal 3" in problems


def test_a_deleted_head_is_reported_and_the_chain_is_not_sealed_over(make_tenant):
    tenant = make_tenant()
    _activity(tenant, 2)
    assert _verify(tenant).ok
    _tamper(f"DELETE FROM chain_head WHERE tenant_id = {tenant.id} AND chain = 'audit'")
    with tenant_context(tenant.id):
        record("test.after", actor_id=None)
        db.session.commit()
    problems = _verify(tenant).problems
    assert "audit: the chain head (its length and last hash) is missing; seals go to 2" in problems
    with tenant_context(tenant.id):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ChainSeal)
                                 .where(ChainSeal.chain == "audit")) == 2  # not sealed over
    db.session.rollback()


def test_a_head_only_grows_on_postgres(postgres_only, make_tenant):
    import pytest

    tenant = make_tenant()
    _activity(tenant, 2)
    seal_tenant(tenant.id)
    for statement in ("UPDATE chain_head SET length = length - 1", "UPDATE chain_head SET last_hash = 'x'",
                      "DELETE FROM chain_head"):
        with tenant_context(tenant.id), pytest.raises(sa.exc.DBAPIError, match="only grows"):
            db.session.execute(sa.text(statement))
        db.session.rollback()


def test_the_audit_log_is_append_only_on_postgres(postgres_only, make_tenant):
    import pytest

    tenant = make_tenant()
    _activity(tenant, 1)
    for statement in ("UPDATE audit_event SET action = 'test.rewritten'", "DELETE FROM audit_event"):
        with tenant_context(tenant.id), pytest.raises(sa.exc.DBAPIError, match="the audit log is append-only"):
            db.session.execute(sa.text(statement))
        db.session.rollback()
    with tenant_context(tenant.id):
        from core.audit.models import AuditEvent

        event = db.session.scalar(sa.select(AuditEvent))
        event.after = {"n": 99}
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            db.session.flush()
        db.session.rollback()
