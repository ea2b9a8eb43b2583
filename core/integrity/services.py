"""Sealing: append the tenant's unsealed audit events and journal entries to
their chains, oldest id first. Runs every minute on Celery beat (and before
``pansuk verify``); rows are append-only, so sealing after the fact loses
nothing, and keeps the hot paths (orders, repayments) free of a per-tenant lock.
Flushes only; the caller commits."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db
from core.integrity.chains import CHAINS, CONTENT, GENESIS, MODELS, link
from core.integrity.models import ChainSeal

BATCH = 5000


def seal(chain: str, *, batch: int = BATCH) -> int:
    """Seal up to ``batch`` rows of the tenant in context; returns how many."""
    model = MODELS[chain]
    head = db.session.execute(
        sa.select(ChainSeal.seq, ChainSeal.hash)
        .where(ChainSeal.chain == chain)
        .order_by(ChainSeal.seq.desc())
        .limit(1)
    ).first()
    seq, prev = (head.seq, head.hash) if head else (0, GENESIS)
    sealed = sa.select(ChainSeal.row_id).where(ChainSeal.chain == chain)
    rows = list(
        db.session.scalars(
            sa.select(model).where(model.id.not_in(sealed)).order_by(model.id).limit(batch)
        )
    )
    if not rows:
        return 0
    content = CONTENT[chain](rows)
    seals = []
    for row in rows:
        seq += 1
        digest = link(prev, content[row.id])
        seals.append({"tenant_id": row.tenant_id, "chain": chain, "seq": seq, "row_id": row.id,
                      "prev_hash": prev, "hash": digest})  # fmt: skip
        prev = digest
    db.session.execute(sa.insert(ChainSeal), seals)
    return len(seals)


def seal_all_chains() -> int:
    return sum(seal(chain) for chain in CHAINS)
