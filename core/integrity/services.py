"""Sealing: append the tenant's unsealed audit events and journal entries to
their chains, oldest id first. Runs every minute on Celery beat (and before
``pansuk verify``); rows are append-only, so sealing after the fact loses
nothing, and keeps the hot paths (orders, repayments) free of a per-tenant lock.
Flushes only; the caller commits."""

from __future__ import annotations

import logging

import sqlalchemy as sa

from core.db import db, utcnow
from core.integrity.chains import CHAINS, CONTENT, GENESIS, MODELS, link
from core.integrity.models import ChainHead, ChainSeal
from core.tenancy.context import require_tenant_id

log = logging.getLogger(__name__)

BATCH = 5000


def seal(chain: str, *, batch: int = BATCH) -> int:
    """Seal up to ``batch`` rows of the tenant in context; returns how many.

    The chain goes on from its head (locked, so sealers of one tenant's chain
    take turns), not from the newest seal left: if the newest seals were
    deleted, the new ones leave the gap in plain sight for ``verify``. A chain
    with seals but no head (the head was deleted) is not sealed further."""
    model = MODELS[chain]
    head = db.session.scalar(
        sa.select(ChainHead).where(ChainHead.chain == chain).with_for_update()
    )
    newest = db.session.execute(
        sa.select(ChainSeal.seq, ChainSeal.hash)
        .where(ChainSeal.chain == chain)
        .order_by(ChainSeal.seq.desc())
        .limit(1)
    ).first()
    if head is None and newest is not None:
        log.error("chain %s of tenant %s has seals but no head: not sealed", chain, require_tenant_id())
        return 0
    seq, prev = (head.length, head.last_hash) if head is not None else (0, GENESIS)
    if newest is not None and newest.seq > seq:  # never behind its own seals
        seq, prev = newest.seq, newest.hash
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
    if head is None:  # the chain's first seal; a racing sealer loses on uq_chain_head_chain
        db.session.add(ChainHead(tenant_id=require_tenant_id(), chain=chain, length=seq, last_hash=prev,
                                 updated_at=utcnow()))
    else:
        head.length, head.last_hash, head.updated_at = seq, prev, utcnow()
    db.session.flush()
    return len(seals)


def seal_all_chains() -> int:
    return sum(seal(chain) for chain in CHAINS)
