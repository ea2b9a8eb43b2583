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
