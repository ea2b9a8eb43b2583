"""A short per-worker cache of what the API shows of a round: the round's
fields, its slots (times, capacity, position) and its goods on offer, kept
as the API's schema dumps them. Only staff change these; the places booked,
which change with every booking, are read fresh on every request in one
statement.

Every cached entry is filed under its tenant, its round and a version read
from Redis (:mod:`core.versions`) before the database is read. Each write to a round, a slot, a slot
template or an offer (seen by the session's flush, or an ORM bulk statement on
those tables) gives the round (or, for a bulk statement, the whole tenant) a
new random version in Redis once the transaction commits: every gunicorn
worker and Celery process sees it on its next read. Entries also expire after
a few seconds, should a version ever be lost (a write made without Redis, or
while Redis was unreachable).

Without ``REDIS_URL`` there is nothing to share versions through: nothing is
cached and every read goes to the database.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from core import versions
from core.db import db
from core.statements import param, table, values
from core.tenancy.context import current_tenant_id, require_tenant_id
from market.models.rounds import Round, RoundOffer, Slot, SlotTemplate
from market.rounds.schemas import RoundOfferOut, RoundsRoundDetailOut, RoundsRoundOut, RoundsSlotOut

TTL_SECONDS = 5.0  # the backstop: an entry is never older than this
MAX_ENTRIES = 500  # a worker holds a few live rounds
_PREFIX = "pansuk:round-cache:"
# columns that change with every booking or queue call, read fresh or not shown
_COUNTERS = {Slot: {"booked", "seq"}, Round: {"walkin_seq", "now_serving"}}
_WATCHED = (Round, Slot, RoundOffer, SlotTemplate)

# what the API shows (market.rounds.schemas), less the places booked
_ROUND_FIELDS = tuple(RoundsRoundOut().fields)
_SLOT_FIELDS = tuple(f for f in RoundsSlotOut().fields if f != "booked")
_OFFER_FIELDS = tuple(RoundOfferOut().fields)
_SCHEMA = RoundsRoundDetailOut()


# --- version keys --------------------------------------------------------------------


def _global_key() -> str:
    return f"{_PREFIX}all"


def _tenant_key(tenant_id: int) -> str:
    return f"{_PREFIX}t{tenant_id}"


def _round_key(tenant_id: int, round_id: int) -> str:
    return f"{_PREFIX}t{tenant_id}:r{round_id}"


# --- the per-worker entries -----------------------------------------------------------


def _entries() -> versions.Entries:
    return versions.entries("round_cache", TTL_SECONDS, MAX_ENTRIES)


def clear_local() -> None:
    """Forget this worker's entries (Redis keeps the versions)."""
    _entries().clear()


# --- the read ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _booked_statement() -> sa.Select:
    slot = table(Slot)
    return sa.select(slot.c.id, slot.c.booked).where(
        slot.c.tenant_id == param("tenant_id", Slot, "tenant_id"),
        slot.c.round_id == param("round_id", Slot, "round_id"),
    )


def _places_booked(tenant_id: int, round_id: int) -> dict[int, int]:
    """Places booked per slot: one statement, built once (see core.statements)."""
    rows = db.session.connection().execute(_booked_statement(), values(tenant_id=tenant_id, round_id=round_id))
    return {slot_id: booked for slot_id, booked in rows}


def _from_database(round_id: int) -> tuple[dict, dict[int, int]]:
    """The round as the API shows it (dumped by its schema, places booked
    left at 0) and the places booked."""
    from market.rounds import services

    round_ = services.get_round(round_id)
    slots = services.slots(round_id)
    offers = services.offers(round_id)
    dumped = _SCHEMA.dump({
        **{f: getattr(round_, f) for f in _ROUND_FIELDS},
        "slots": [{**{f: getattr(s, f) for f in _SLOT_FIELDS}, "booked": 0} for s in slots],
        "offers": [{f: getattr(o, f) for f in _OFFER_FIELDS} for o in offers],
    })
    return dumped, {s.id: s.booked for s in slots}


def _detail(dumped: dict, booked: dict[int, int]) -> dict:
    return {
        **dumped,
        "slots": [{**s, "booked": booked[s["id"]]} for s in dumped["slots"]],
        "offers": [dict(o) for o in dumped["offers"]],
    }


def round_detail(round_id: int) -> dict:
    """The round's fields with ``slots`` (places booked read now) and
    ``offers``, as the API answers them (dumped by
    :class:`~market.rounds.schemas.RoundsRoundDetailOut`, ready for JSON);
    NotFound if the round does not exist."""
    tenant_id = require_tenant_id()
    version = versions.read(
        [_global_key(), _tenant_key(tenant_id), _round_key(tenant_id, round_id)], db.session()
    )
    if version is None:
        dumped, booked = _from_database(round_id)
        return _detail(dumped, booked)
    key = (tenant_id, round_id, version)
    held = _entries().get(key)
    if held is not None:
        booked = _places_booked(tenant_id, round_id)
        # a slot made or removed without a new version (a lost one) reads again
        if booked.keys() == {s["id"] for s in held["slots"]}:
            return _detail(held, booked)
    dumped, booked = _from_database(round_id)
    _entries().put(key, dumped)
    return _detail(dumped, booked)


# --- noticing writes ----------------------------------------------------------------------


def _note_instance(session: Session, obj: Any) -> None:
    values = sa.inspect(obj).dict  # what is loaded: never a query from inside a flush
    tenant_id = values.get("tenant_id") or current_tenant_id()
    round_id = values.get("id") if isinstance(obj, Round) else values.get("round_id")
    if tenant_id is None:
        versions.note(session, _global_key())
    elif round_id is None:
        versions.note(session, _tenant_key(tenant_id))
    else:
        versions.note(session, _round_key(tenant_id, round_id))


@sa.event.listens_for(Session, "after_flush")
def _after_flush(session: Session, flush_context) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, _WATCHED):
            _note_instance(session, obj)


def _statement_columns(statement) -> set[str] | None:
    names: set[str] = set()
    for given in (getattr(statement, "_values", None), getattr(statement, "_ordered_values", None)):
        if given:
            pairs = given.items() if isinstance(given, dict) else given
            names.update(getattr(k, "key", None) or str(k) for k, _ in pairs)
    if getattr(statement, "_multi_values", None):
        return None
    return names or None


@sa.event.listens_for(Session, "do_orm_execute")
def _bulk_statement(state) -> None:
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    mapper = state.bind_mapper
    cls = mapper.class_ if mapper is not None else None
    if cls not in _WATCHED:
        return
    if state.is_update:
        columns = _statement_columns(state.statement)
        if columns is not None and columns <= _COUNTERS.get(cls, set()):
            return
    tenant_id = current_tenant_id()
    versions.note(state.session, _global_key() if tenant_id is None else _tenant_key(tenant_id))
