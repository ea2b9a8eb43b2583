"""Merging a confirmed duplicate person or village into the one kept, and
undoing it.

Everything that points at the duplicate is found from the models' metadata —
every foreign key to ``person.id`` or ``village.id`` in any domain, and every
JSON list of their ids declared with ``info={"id_list_of": ...}`` — so a
table added later is moved too, with no list to keep up. Each moved row is
recorded (table, column, primary key, from, to) on a :class:`MergeRecord`,
with the removed row as it was, so an undo puts the duplicate back with the
same id and moves exactly those rows back. The duplicate row is deleted, so
every count (villages, households, people, a network's totals) is right at
once.

A row that cannot follow — the same fund membership, inspection team place or
guarantee held by both — refuses the whole merge with a message naming it;
nothing is half-written (the caller rolls back). The registry's own review
rows follow simpler rules: duplicate flags about the removed person and its
contact preferences (the kept person's win) are removed with the merge and
restored by the undo.

Two people registered in different villages may be the same person who
moved: the merge asks for an explicit confirmation naming both villages, and
refuses without it.
"""

from __future__ import annotations

import base64
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from core.audit.services import record
from core.auth.policies import can
from core.db import db, utcnow
from core.errors import N_, Conflict, Forbidden, NotFound, ValidationError
from core.registry.models import VULNERABILITY_FLAGS, Household, MergeRecord, Person, Village
from core.registry.services import flag_duplicates, person_summary, village_summary

PERMISSION = "registry.merge"
MODELS: dict[str, type[Person] | type[Village]] = {"person": Person, "village": Village}
# registry rows removed with the duplicate (and restored by an undo) rather than moved
REMOVED_WITH = {"person": ("duplicate_flag", "contact_preference"), "village": ()}
PERSON_FILLS = ("title_th", "first_name_en", "last_name_en", "national_id", "phone", "birth_date",
                "sex", "user_id", "household_id")
VILLAGE_FILLS = ("name_en", "subdistrict_id", "moo")


class SameRecord(ValidationError):
    code = "merge_same_record"
    message = N_("Choose two different records to merge")


class DifferentVillages(ValidationError):
    code = "merge_different_villages"
    message = N_(
        "These two people are registered in different villages (%(kept)s and %(removed)s). "
        "If they are the same person who moved, tick the confirmation and merge again."
    )


class CannotCombine(Conflict):
    code = "merge_cannot_combine"
    message = N_(
        "Both records have a row in %(table)s that cannot be combined (%(columns)s): "
        "resolve it there first. Nothing was merged."
    )


class MergeRefused(Conflict):
    code = "merge_refused"
    message = N_("A record linked to the duplicate cannot be moved to the one kept (a rule of that record forbids it). Nothing was merged.")


class NotUndoable(Conflict):
    code = "merge_not_undoable"


# --- what points at a row ------------------------------------------------------


def references(table_name: str) -> list[tuple[sa.Table, sa.Column]]:
    """Every (table, column) with a foreign key to ``table_name.id``, from the
    metadata of every model loaded."""
    found = []
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_key_constraints:
            if fk.referred_table.name != table_name:
                continue
            for column, element in zip(fk.columns, fk.elements, strict=True):
                if element.column.name == "id" and (table, column) not in found:
                    found.append((table, column))
    return found


def id_lists(table_name: str) -> list[tuple[sa.Table, sa.Column]]:
    """JSON columns holding lists of ``table_name`` ids, declared in the
    metadata with ``info={"id_list_of": table_name}`` (a programme's villages)."""
    return [
        (table, column)
        for table in db.metadata.sorted_tables
        for column in table.columns
        if column.info.get("id_list_of") == table_name
    ]


def _table(kind: str) -> sa.Table:
    """The model's table as the metadata holds it (a Core table for inserts and deletes)."""
    return db.metadata.tables[MODELS[kind].__tablename__]


def _scoped(table: sa.FromClause, tenant_id: int) -> list[sa.ColumnElement[bool]]:
    return [table.c.tenant_id == tenant_id] if "tenant_id" in table.c else []


def _keys(table: sa.Table, where) -> list[list]:
    pk = list(table.primary_key.columns)
    return [list(row) for row in db.session.execute(sa.select(*pk).where(*where))]


def _key_match(table: sa.Table, keys: list[list]):
    pk = list(table.primary_key.columns)
    if len(pk) == 1:
        return pk[0].in_([k[0] for k in keys])
    return sa.tuple_(*pk).in_([tuple(k) for k in keys])


def _unique_sets(table: sa.Table, column: sa.Column) -> list[list[sa.Column]]:
    sets = [list(c.columns) for c in table.constraints if isinstance(c, sa.UniqueConstraint)]
    sets += [list(i.columns) for i in table.indexes if i.unique]
    return [s for s in sets if column in s]


def _collision(table: sa.Table, column: sa.Column, kept_id: int, removed_id: int, tenant_id: int):
    """A unique set the move would break: the removed and kept rows agreeing
    on every other column of it."""
    for unique in _unique_sets(table, column):
        others = [c for c in unique if c is not column]
        a, b = table.alias("a"), table.alias("b")
        stmt = sa.select(sa.literal(1)).select_from(a).join(
            b, sa.and_(*[a.c[c.name] == b.c[c.name] for c in others]) if others else sa.true()
        ).where(a.c[column.name] == removed_id, b.c[column.name] == kept_id, *_scoped(a, tenant_id))
        if db.session.scalar(stmt.limit(1)):
            return [c.name for c in unique if c.name != "tenant_id"]
    return None


# --- JSON-safe rows --------------------------------------------------------------


def _to_json(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def _from_json(column: sa.ColumnElement[Any], value):
    if value is None:
        return None
    kind = column.type.impl if isinstance(column.type, sa.TypeDecorator) else column.type
    try:
        python_type = kind.python_type
    except NotImplementedError:
        return value
    if python_type is datetime:
        return datetime.fromisoformat(value)
    if python_type is date:
        return date.fromisoformat(value)
    if python_type is bytes:
        return base64.b64decode(value)
    return value


def _rows(table: sa.FromClause, where) -> list[dict]:
    return [
        {k: _to_json(v) for k, v in row._mapping.items()}
        for row in db.session.execute(sa.select(table).where(*where))
    ]


def _insert(table: sa.Table, row: dict) -> None:
    values = {name: _from_json(table.c[name], value) for name, value in row.items() if name in table.c}
    db.session.execute(sa.insert(table).values(**values))


# --- merging ----------------------------------------------------------------------


def _authorise(actor, tenant) -> None:
    if actor is None or not can(actor, PERMISSION, tenant.id):
        raise Forbidden()


def _load_pair(kind: str, kept_id, removed_id) -> tuple[Person | Village, Person | Village]:
    """Both rows, locked in id order: a second merge of the same pair waits,
    then finds the duplicate gone rather than merging it twice."""
    model = MODELS[kind]
    ids = [int(i) for i in (kept_id, removed_id) if str(i).isdigit() and len(str(i)) < 19]
    if len(ids) != 2:
        raise NotFound()
    if ids[0] == ids[1]:
        raise SameRecord(field="removed_id")
    rows = {
        row.id: row
        for row in db.session.scalars(
            sa.select(model).where(model.id.in_(ids)).order_by(model.id)
            .with_for_update().execution_options(populate_existing=True)
        )
        if isinstance(row, Person | Village)  # always: narrows the select's declarative base type
    }
    if len(rows) != 2:
        raise NotFound(N_("This record no longer exists: it may have been merged already"))
    return rows[ids[0]], rows[ids[1]]


def _village_of(person: Person) -> Village | None:
    if person.household_id is None:
        return None
    household = db.session.get(Household, person.household_id)
    return household.village if household is not None else None


def check_villages(kept: Person, removed: Person) -> tuple[Village, Village] | None:
    """The two villages when two people are registered in different ones."""
    a, b = _village_of(kept), _village_of(removed)
    if a is not None and b is not None and a.id != b.id:
        return a, b
    return None


def _head_target(table: sa.Table, keys: list[list], kept: Person, removed: Person) -> dict:
    """A household the removed person headed: the kept person heads it if
    they live there, else another member, else nobody (undo restores it)."""
    moves: dict[int | None, list[list]] = {}
    home = kept.household_id if kept.household_id is not None else removed.household_id  # after the fill
    for (household_id,) in keys:
        target: int | None
        if household_id == home:
            target = kept.id
        else:
            target = db.session.scalar(
                sa.select(Person.id)
                .where(Person.household_id == household_id, Person.id != removed.id)
                .order_by(Person.id)
                .limit(1)
            )
        moves.setdefault(target, []).append([household_id])
    return moves


def _move_references(kind: str, kept, removed, tenant_id: int) -> list[dict]:
    moved = []
    table_name = MODELS[kind].__tablename__
    for table, column in references(table_name):
        if table.name in REMOVED_WITH[kind]:
            continue
        where = [column == removed.id, *_scoped(table, tenant_id)]
        keys = _keys(table, where)
        if not keys:
            continue
        columns = _collision(table, column, kept.id, removed.id, tenant_id)
        if columns:
            raise CannotCombine(table=table.name, columns=", ".join(columns))
        if kind == "person" and table.name == "household" and column.name == "head_person_id":
            targets = _head_target(table, keys, kept, removed)
        else:
            targets = {kept.id: keys}
        for target, target_keys in targets.items():
            db.session.execute(
                sa.update(table).where(_key_match(table, target_keys), *where).values({column.name: target})
            )
            moved.append({"table": table.name, "column": column.name, "from": removed.id, "to": target,
                          "keys": target_keys})
    return moved


def _move_id_lists(kind: str, kept, removed, tenant_id: int) -> list[dict]:
    moved = []
    for table, column in id_lists(MODELS[kind].__tablename__):
        pk = list(table.primary_key.columns)
        for row in db.session.execute(sa.select(*pk, column).where(*_scoped(table, tenant_id))):
            ids = list(row[-1] or [])
            if removed.id not in ids:
                continue
            new = list(dict.fromkeys(kept.id if i == removed.id else i for i in ids))
            key = list(row[:-1])
            db.session.execute(sa.update(table).where(_key_match(table, [key])).values({column.name: new}))
            moved.append({"table": table.name, "column": column.name, "list": True, "from": ids, "to": new,
                          "keys": [key]})
    return moved


def _move_back(move: dict, tenant_id: int) -> None:
    table = db.metadata.tables[move["table"]]
    column = table.c[move["column"]]
    where = [_key_match(table, move["keys"]), *_scoped(table, tenant_id)]
    if move.get("list"):  # a list of ids: put back only if nobody changed it since
        if db.session.scalar(sa.select(column).where(*where)) == move["to"]:
            db.session.execute(sa.update(table).where(*where).values({column.name: move["from"]}))
        return
    current = column.is_(None) if move["to"] is None else column == move["to"]
    db.session.execute(sa.update(table).where(current, *where).values({column.name: move["from"]}))


def _remove_with(kind: str, removed, tenant_id: int) -> dict:
    taken: dict = {}
    for table, column in references(MODELS[kind].__tablename__):
        if table.name not in REMOVED_WITH[kind]:
            continue
        where = [column == removed.id, *_scoped(table, tenant_id)]
        rows = [r for r in _rows(table, where) if r not in taken.get(table.name, [])]
        if rows:
            taken.setdefault(table.name, []).extend(rows)
            db.session.execute(sa.delete(table).where(*where))
    return taken


def _fill(kind: str, kept, removed_row: dict) -> dict:
    """Blanks of the kept row taken from the removed one; returns the values before."""
    table = _table(kind)
    filled = {}
    names = PERSON_FILLS if kind == "person" else VILLAGE_FILLS
    for name in names:
        if getattr(kept, name) in (None, "") and removed_row.get(name) not in (None, ""):
            filled[name] = _to_json(getattr(kept, name))
            setattr(kept, name, _from_json(table.c[name], removed_row[name]))
    if kind == "person":
        for flag in VULNERABILITY_FLAGS:
            if removed_row.get(flag) and not getattr(kept, flag):
                filled[flag] = False
                setattr(kept, flag, True)
    return filled


def merge(actor, tenant, kind: str, kept_id, removed_id, *, confirm_villages: bool = False,
          reason: str | None = None) -> MergeRecord:
    """Merge the ``removed_id`` person or village into ``kept_id``: move every
    reference, fill the kept row's blanks, delete the duplicate. Flushes; the
    caller commits once (or rolls back on any error: nothing half-written)."""
    _authorise(actor, tenant)
    if kind not in MODELS:
        raise NotFound()
    kept, removed = _load_pair(kind, kept_id, removed_id)
    if isinstance(kept, Person) and isinstance(removed, Person):  # kind == "person"
        villages = check_villages(kept, removed)
        if villages and not confirm_villages:
            raise DifferentVillages(field="confirm_villages", kept=villages[0].label(),
                                    removed=villages[1].label())
    table = _table(kind)
    db.session.flush()
    removed_row = _rows(table, [table.c.id == removed.id])[0]
    summary = person_summary(removed) if isinstance(removed, Person) else village_summary(removed)
    try:
        with db.session.begin_nested():  # a rule of some table refusing the move: a clear refusal
            moved = _move_references(kind, kept, removed, tenant.id)
            moved += _move_id_lists(kind, kept, removed, tenant.id)
            removed_with = _remove_with(kind, removed, tenant.id)
            db.session.expunge(removed)
            db.session.execute(sa.delete(table).where(table.c.id == removed.id, table.c.tenant_id == tenant.id))
    except sa.exc.IntegrityError as exc:
        raise MergeRefused() from exc
    db.session.expire(kept)
    filled = _fill(kind, kept, removed_row)
    entry = MergeRecord(kind=kind, kept_id=kept.id, removed_id=removed_row["id"], status="merged",
                        reason=(reason or "").strip()[:2000] or None, removed_row=removed_row,
                        removed_with=removed_with, moved=moved, filled=filled,
                        merged_by_user_id=getattr(actor, "id", None))
    db.session.add(entry)
    db.session.flush()
    db.session.expire_all()
    if kind == "person":
        person = db.session.get(Person, kept.id)
        if person is None:
            raise NotFound()
        flag_duplicates(person)
    record(f"registry.{kind}.merge", actor_id=getattr(actor, "id", None), target_type=kind,
           target_id=kept.id, before={"removed_id": removed_row["id"], "removed": summary},
           after={"merge_id": entry.id, "moved": {f"{m['table']}.{m['column']}": len(m["keys"]) for m in moved},
                  "removed_with": {k: len(v) for k, v in removed_with.items()},
                  "filled": sorted(filled), "confirmed_other_village": bool(confirm_villages)})
    return entry


# --- undoing ----------------------------------------------------------------------


def _check_undoable(entry: MergeRecord) -> None:
    if entry.status != "merged":
        raise NotUndoable(N_("This merge has already been undone"))
    model = MODELS[entry.kind]
    if db.session.get(model, entry.kept_id) is None:
        raise NotUndoable(N_("The record kept by this merge was merged again since: undo that merge first"))


def undo(actor, tenant, entry: MergeRecord) -> MergeRecord:
    """Put the removed record back with its id, move back exactly the rows the
    merge moved (rows added since stay with the kept record), restore what
    was removed with it and the kept record's filled blanks."""
    _authorise(actor, tenant)
    if entry.tenant_id != tenant.id:
        raise NotFound()
    db.session.flush()
    entry = db.session.scalars(
        sa.select(MergeRecord).where(MergeRecord.id == entry.id)
        .with_for_update().execution_options(populate_existing=True)
    ).one()  # a second undo at the same moment waits, then finds it undone
    _check_undoable(entry)
    model = MODELS[entry.kind]
    tables = db.metadata.tables
    kept = db.session.get(model, entry.kept_id)
    for name, before in (entry.filled or {}).items():  # first: a filled number would clash
        if _to_json(getattr(kept, name)) == entry.removed_row.get(name):
            setattr(kept, name, _from_json(model.__table__.c[name], before))
    db.session.flush()
    _insert(_table(entry.kind), entry.removed_row)
    for move in entry.moved:
        _move_back(move, tenant.id)
    skipped = 0
    for table_name, rows in (entry.removed_with or {}).items():
        for row in rows:
            try:
                with db.session.begin_nested():
                    _insert(tables[table_name], row)
            except sa.exc.IntegrityError:
                skipped += 1  # its other end has gone since (merged or deleted)
    entry.status = "undone"
    entry.undone_by_user_id = getattr(actor, "id", None)
    entry.undone_at = utcnow()
    db.session.flush()
    db.session.expire_all()
    record(f"registry.{entry.kind}.unmerge", actor_id=getattr(actor, "id", None), target_type=entry.kind,
           target_id=entry.removed_id, after={"merge_id": entry.id, "kept_id": entry.kept_id,
                                              "moved_back": entry.moved_count, "not_restored": skipped})
    return entry
