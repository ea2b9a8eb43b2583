"""What each tenant runs: domains register a card for the tenant landing page,
so the kernel lists them without importing them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class ModuleCard:
    key: str
    endpoint: str  # url_for endpoint taking ``slug``
    title: str  # English msgid, translated when shown
    description: str
    kinds: frozenset[str]  # tenant kinds that run it
    permission: str | None = None  # shown only to holders, when set


_CARDS: dict[str, ModuleCard] = {}


def register(card: ModuleCard) -> None:
    _CARDS[card.key] = card


def cards_for(kind: str) -> list[ModuleCard]:
    return [c for c in _CARDS.values() if kind in c.kinds]


# --- what waits for a person ------------------------------------------------
# A domain registers ``inbox(user, tenant) -> list[Waiting | Counted]``; the
# landing page (the first page after log-in) lists what every domain says
# waits for them. A box whose number is a query's is a ``Counted``: the kernel
# counts every such box of every domain in one statement, whatever the number
# of boxes.


@dataclass(frozen=True)
class Waiting:
    label: str  # already translated, e.g. "Inspections to carry out: 2"
    url: str
    count: int
    key: str = ""  # stable, for tests and styling


@dataclass(frozen=True)
class Counted:
    """A box counted by a query. ``count`` selects one integer (a count);
    ``first``, when given, selects one id (say ``min(id)``), which is the
    only one's when the count is 1, so that ``url(n, first)`` can lead
    straight to it. ``label(n)`` is the translated text. Both queries run in
    the request's tenant, like any other, with ``params`` bound (every box's
    parameters are bound together: a name means the same value in every box
    of the page). Building a statement costs more than running a count on an
    index: build them once, with bound parameters, and the kernel reuses
    the statement that combines them."""

    key: str
    count: Any  # sa.Select of one integer
    label: Callable[[int], str]
    url: Callable[[int, Any], str]
    first: Any = None  # sa.Select of one id, or None
    params: Mapping[str, Any] = field(default_factory=dict)


_INBOXES: dict[str, Callable[[Any, Any], list]] = {}


def register_inbox(key: str, inbox: Callable[[Any, Any], list]) -> None:
    _INBOXES[key] = inbox


def waiting_for(user, tenant) -> list[Waiting]:
    """Everything waiting for ``user`` in ``tenant``, in registration-key order
    (empty boxes left out); nothing for a visitor. Every ``Counted`` box of
    every domain is counted in one statement."""
    if not getattr(user, "is_authenticated", False):
        return []
    boxes: list = []
    for key in sorted(_INBOXES):
        boxes.extend(_INBOXES[key](user, tenant))
    numbers = _count_all([b for b in boxes if isinstance(b, Counted)])
    found: list[Waiting] = []
    for box in boxes:
        if isinstance(box, Counted):
            n, first = numbers[id(box)]
            box = Waiting(box.label(n), box.url(n, first), n, box.key)
        if box.count:
            found.append(box)
    return found


def _count_all(boxes: list[Counted]) -> dict[int, tuple[int, Any]]:
    """Each box's (count, first id), read in one statement."""
    if not boxes:
        return {}
    from core.db import db

    params: dict[str, Any] = {}
    for box in boxes:
        for name, value in box.params.items():
            if params.setdefault(name, value) != value:
                raise ValueError(f"inbox parameter {name!r} bound to two values")
    queries = tuple(q for box in boxes for q in (box.count, box.first) if q is not None)
    values = iter(db.session.execute(_combined(queries), params).one())
    numbers: dict[int, tuple[int, Any]] = {}
    for box in boxes:
        n = int(next(values) or 0)
        numbers[id(box)] = (n, next(values) if box.first is not None else None)
    return numbers


@lru_cache(maxsize=256)
def _combined(queries: tuple) -> Any:
    """One statement selecting each query's value (kept for the boxes that
    come together again: the same roles in the same kind of tenant)."""
    import sqlalchemy as sa

    return sa.select(*(q.scalar_subquery() for q in queries))


# --- domain parts ---------------------------------------------------------
# A domain's parts are listed, not guessed: ``<domain>/toc.py`` names the
# domain's own part modules and its ``AREAS``, each area's ``toc.py`` its own
# (one table of contents per area, so several people add parts without editing
# one shared list). Each lists, as tuples of modules:
#   PAGES   routes*.py  pages on the domain blueprint (imported before it is registered)
#   API     api*.py     a flask-smorest ``blp`` registered under /api/v1
#   PUBLIC  public*.py  a plain ``bp`` outside /t/<slug>/ (short QR links, feeds)
#   TASKS   tasks*.py   Celery tasks and their periodic schedule
#   HOOKS   hooks*.py   payment hooks and other callbacks into the kernel
#   DEMO    demo*.py    ``seed()`` adding the domain's demo rows (see register_demo)
# A module named like a part that no table of contents lists is never loaded;
# tests/core/test_url_map.py fails on one.
PART_PREFIXES = ("routes", "api", "public", "tasks", "hooks", "demo")
TOC_KINDS = {"PAGES": "routes", "API": "api", "PUBLIC": "public", "TASKS": "tasks", "HOOKS": "hooks",
             "DEMO": "demo"}


def domain_parts(package) -> dict[str, list]:
    """The part modules ``package``'s tables of contents list (importing
    them), grouped by kind and in the order of their names."""
    import importlib

    toc = importlib.import_module(package.__name__ + ".toc")
    found: dict[str, list] = {kind: [] for kind in PART_PREFIXES}
    for contents in (toc, *getattr(toc, "AREAS", ())):
        for name, kind in TOC_KINDS.items():
            found[kind].extend(getattr(contents, name, ()))
    return {kind: sorted(set(modules), key=lambda m: m.__name__) for kind, modules in found.items()}


_DEMO: dict[str, object] = {}


def register_demo(key: str, seed) -> None:
    """``seed()`` runs after the kernel's demo data, inside its transaction,
    must be idempotent and returns a one-line summary."""
    _DEMO[key] = seed


def demo_seeders() -> list:
    return [_DEMO[k] for k in sorted(_DEMO)]
