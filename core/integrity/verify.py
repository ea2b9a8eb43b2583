"""``pansuk verify``: every tenant's chains recomputed from the rows as they
are now, and every stored balance compared with the journal's sum.

What it catches: a sealed row changed or deleted (its seal no longer
matches, or names a row that is gone); a seal deleted, changed or reordered
(a gap in ``seq``, a broken ``prev_hash`` link); and the newest rows deleted
*together with their seals*: what is left would be a shorter chain that is
valid in itself, but each chain's head (``ChainHead``: length and last hash,
advanced in the same transaction as every seal, and on PostgreSQL only ever
lengthened, never deleted, by a trigger) still records how long the chain
was and how it ended. Sealing goes on from the head, so the gap stays visible
even after new rows are sealed. A head missing while seals exist is reported.

What it cannot catch on its own: someone who can switch the triggers off (the
database owner or a superuser) and rewrites the head back to an earlier
state (length and hash of an older seal), or deletes a tenant's rows, seals
and head altogether. Those need a copy of the heads kept outside the
database: ``pansuk verify`` prints each chain's length and last hash, so an
operator who keeps that output (or sends it elsewhere) can compare later.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from core.db import db
from core.integrity.chains import CHAINS, CONTENT, GENESIS, MODELS, link
from core.integrity.models import ChainHead, ChainSeal

PAGE = 5000


@dataclass
class Report:
    tenant_id: int
    checked: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    heads: dict[str, tuple[int, str]] = field(default_factory=dict)  # chain: (length, last hash)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_tenant(tenant_id: int) -> Report:
    """Check the tenant in context (``tenant_id`` names it in the report)."""
    from core.ledger.queries import verify_balances

    report = Report(tenant_id)
    for chain in CHAINS:
        report.checked[chain] = _verify_chain(chain, report.problems, report.heads)
    for mismatch in verify_balances():
        report.problems.append(
            f"balance: account {mismatch.account.book}/{mismatch.account.code} stores "
            f"{mismatch.stored} but its journal sums to {mismatch.journal}"
        )
    return report


def _verify_chain(chain: str, problems: list[str], heads: dict | None = None) -> int:
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
            _check_head(chain, expected_seq - 1, prev, problems, heads)
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


def _check_head(chain: str, last_seq: int, last_hash: str, problems: list[str], heads: dict | None) -> None:
    """The chain as sealed must end where its head says it ended."""
    head = db.session.scalar(sa.select(ChainHead).where(ChainHead.chain == chain))
    if heads is not None and head is not None:
        heads[chain] = (head.length, head.last_hash)
    if head is None:
        if last_seq:
            problems.append(f"{chain}: the chain head (its length and last hash) is missing; "
                            f"seals go to {last_seq}")
        return
    if head.length > last_seq:
        problems.append(
            f"{chain}: the chain ends at seal {last_seq} but its head records {head.length} seals: "
            f"the newest rows were deleted with their seals ({head.length - last_seq} missing)"
        )
    elif head.length < last_seq:
        problems.append(f"{chain}: seals go to {last_seq}, past the head's {head.length}")
    elif head.last_hash != last_hash:
        problems.append(f"{chain}: the last seal {last_seq} does not end the way the head records")
