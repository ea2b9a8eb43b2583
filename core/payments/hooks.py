"""Domains react to payments without the kernel knowing them: they register a
callback for a purpose prefix (``market.order``), called in the same
transaction as the status change."""

from __future__ import annotations

from collections.abc import Callable

Hook = Callable[[object, str], None]  # (payment, new_status)
_HOOKS: dict[str, list[Hook]] = {}


def on_payment(prefix: str, fn: Hook) -> None:
    _HOOKS.setdefault(prefix, []).append(fn)


def fire(payment, status: str) -> None:
    prefix = payment.purpose.split(":", 1)[0]
    for fn in _HOOKS.get(prefix, ()):
        fn(payment, status)
