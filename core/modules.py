"""What each tenant runs: domains register a card for the tenant landing page,
so the kernel lists them without importing them."""

from __future__ import annotations

from dataclasses import dataclass


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
# A domain registers ``inbox(user, tenant) -> list[Waiting]``; the landing page
# (the first page after log-in) lists what every domain says waits for them.


@dataclass(frozen=True)
class Waiting:
    label: str  # already translated, e.g. "Inspections to carry out: 2"
    url: str
    count: int
    key: str = ""  # stable, for tests and styling


_INBOXES: dict[str, object] = {}


def register_inbox(key: str, inbox) -> None:
    _INBOXES[key] = inbox


def waiting_for(user, tenant) -> list[Waiting]:
    """Everything waiting for ``user`` in ``tenant``, in registration-key order;
    nothing for a visitor."""
    if not getattr(user, "is_authenticated", False):
        return []
    found: list[Waiting] = []
    for key in sorted(_INBOXES):
        found.extend(w for w in _INBOXES[key](user, tenant) if w.count)  # type: ignore[operator]
    return found


# --- domain parts ---------------------------------------------------------
# A domain is a package whose modules are found by name, so several people can
# add parts without editing one shared list:
#   routes*.py  pages on the domain blueprint (imported before it is registered)
#   api*.py     a flask-smorest ``blp`` registered under /api/v1
#   public*.py  a plain ``bp`` outside /t/<slug>/ (short QR links, feeds)
#   tasks*.py   Celery tasks and their periodic schedule
#   hooks*.py   payment hooks and other callbacks into the kernel
#   demo*.py    ``seed()`` adding the domain's demo rows (see register_demo)
PART_PREFIXES = ("routes", "api", "public", "tasks", "hooks", "demo")


def domain_parts(package) -> dict[str, list]:
    """Import every part module of ``package`` (recursively), grouped by kind."""
    import importlib
    import pkgutil

    found: dict[str, list] = {kind: [] for kind in PART_PREFIXES}
    for info in sorted(pkgutil.walk_packages(package.__path__, package.__name__ + "."), key=lambda i: i.name):
        leaf = info.name.rsplit(".", 1)[-1]
        for kind in PART_PREFIXES:
            if leaf == kind or leaf.startswith(kind + "_"):
                found[kind].append(importlib.import_module(info.name))
                break
    return found


_DEMO: dict[str, object] = {}


def register_demo(key: str, seed) -> None:
    """``seed()`` runs after the kernel's demo data, inside its transaction,
    must be idempotent and returns a one-line summary."""
    _DEMO[key] = seed


def demo_seeders() -> list:
    return [_DEMO[k] for k in sorted(_DEMO)]
