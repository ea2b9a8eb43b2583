"""No view commits or rolls back by hand: the request's one transaction is
committed or rolled back by the boundary in ``core.boundary``.

Every module that serves requests is read (its syntax tree, not its text) for
calls of ``commit()`` or ``rollback()``, and of helpers named for them
(``_commit()``, ``commit_and_redirect()``): none may hold one. A page that must
commit before reaching outside says so with ``core.boundary.settle()``."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "market", "producers", "welfare")

# A module serves requests when a part of its name says so (routes_orders,
# recon_api, pages, web, forms, public_feed, ...) or it lives in a routes package.
VIEW_WORDS = frozenset({"routes", "api", "public", "pages", "web", "webhooks", "forms", "views"})
TRANSACTION_WORDS = frozenset({"commit", "rollback"})
# hooks that run at a commit (``after_commit(send)``) are not commits
HOOK_WORDS = frozenset({"after", "before", "on"})


def is_view_module(path: Path) -> bool:
    if path.parent.name == "routes":
        return True
    return bool(VIEW_WORDS & set(path.stem.split("_")))


def _is_transaction_name(name: str | None) -> bool:
    words = set((name or "").lower().split("_"))
    return bool(TRANSACTION_WORDS & words) and not HOOK_WORDS & words


def transaction_calls(source: str) -> list[int]:
    """Line numbers of calls of ``commit``, ``rollback`` or a name with one of
    them as a word (``db.session.commit()``, ``_commit()``, ``x.rollback_all()``)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if _is_transaction_name(name):
                lines.append(node.lineno)
    return sorted(lines)


def view_modules() -> dict[str, list[int]]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if is_view_module(path):
                found[path.relative_to(ROOT).as_posix()] = transaction_calls(path.read_text("utf-8"))
    return found


def test_no_view_commits_or_rolls_back_by_hand():
    problems = [
        f"{path}: commit()/rollback() on lines {lines}; decorate the view with "
        f"core.boundary.writes (pages) or api_writes (API) instead"
        for path, lines in view_modules().items()
        if lines
    ]
    assert not problems, "\n".join(problems)


def test_the_check_finds_what_it_looks_for():
    source = (
        "def view():\n"
        "    db.session.commit()\n"
        "    try:\n        pass\n    except DomainError:\n        db.session.rollback()\n"
        "    commit()\n"
        "    session.committed = True\n"
        "    _commit()\n"
        "    committee.commitments()\n"
        "    settle()\n"
        "    after_commit(send)\n"
    )
    assert transaction_calls(source) == [2, 6, 7, 9]
    assert is_view_module(Path("market/orders/routes_wallet_pay.py"))
    assert is_view_module(Path("core/payments/recon_api.py"))
    assert is_view_module(Path("core/registry/routes/people.py"))
    assert is_view_module(Path("welfare/funds/web.py"))
    assert not is_view_module(Path("market/orders/services.py"))
    assert not is_view_module(Path("core/payments/recon_tasks.py"))
