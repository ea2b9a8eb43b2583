"""``pansuk verify``: every tenant's chains recomputed from the rows as they
are now, and every stored balance compared with the journal's sum."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from core.db import db
from core.integrity.chains import CHAINS, CONTENT, GENESIS, MODELS, link
from core.integrity.models import ChainSeal

PAGE = 5000


@dataclass
class Report:
    tenant_id: int
    checked: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_tenant(tenant_id: int) -> Report:
    """Check the tenant in context (``tenant_id`` names it in the report)."""
    from core.ledger.queries import verify_balances

    report = Report(tenant_id)
    for chain in CHAINS:
        report.checked[chain] = _verify_chain(chain, report.problems)
    for mismatch in verify_balances():
        report.problems.append(
            f"balance: account {mismatch.account.book}/{mismatch.account.code} stores "
            f"{mismatch.stored} but its journal sums to {mismatch.journal}"
        )
    return report


def _verify_chain(chain: str, problems: list[str]) -> int:
    model = MODELS[chain]
    prev, expected_seq, checked, after = GENESIS, 1, 0, 0
    while True:
        seals = list(
            db.session.scalars(
                sa.select(ChainSeal).where(ChainSeal.chain == chain, ChainSeal.seq > after)
                .order_by(ChainSeal.seq).limit(PAGE)
            )
        )  # fmt: skip
        if not seals:
            return checked
        rows = {
            r.id: r
            for r in db.session.scalars(
                sa.select(model).where(model.id.in_([s.row_id for s in seals]))
            )
        }
        content = CONTENT[chain](rows.values())
        for s in seals:
            if s.seq != expected_seq:
                problems.append(f"{chain}: seal {expected_seq} is missing (next is {s.seq})")
            if s.prev_hash != prev:
                problems.append(f"{chain}: seal {s.seq} does not follow seal {s.seq - 1}")
            if s.row_id not in rows:
                problems.append(f"{chain}: row {s.row_id} (seal {s.seq}) was deleted")
            elif link(s.prev_hash, content[s.row_id]) != s.hash:
                problems.append(
                    f"{chain}: row {s.row_id} (seal {s.seq}) was changed after it was sealed"
                )
            prev, expected_seq, checked, after = s.hash, s.seq + 1, checked + 1, s.seq
            db.session.expunge(s)
        for row in rows.values():
            db.session.expunge(row)
