"""No view commits or rolls back by hand: the request's one transaction is
committed or rolled back by the boundary in ``core.boundary``.

Every module that serves requests is read (its syntax tree, not its text) for
calls of ``commit()`` or ``rollback()``. The modules not converted yet are
listed in ``boundary-baseline.txt`` with how many such calls they hold; the list
may only shrink: a module may not gain calls, a module not listed may hold none,
and a module that holds fewer than listed must have its line lowered (or
removed) in the same change."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "market", "producers", "welfare")
BASELINE = ROOT / "boundary-baseline.txt"

# A module serves requests when a part of its name says so (routes_orders,
# recon_api, pages, web, forms, public_feed, ...) or it lives in a routes package.
VIEW_WORDS = frozenset({"routes", "api", "public", "pages", "web", "webhooks", "forms", "views"})
TRANSACTION_CALLS = frozenset({"commit", "rollback"})


def is_view_module(path: Path) -> bool:
    if path.parent.name == "routes":
        return True
    return bool(VIEW_WORDS & set(path.stem.split("_")))


def transaction_calls(source: str) -> list[int]:
    """Line numbers of ``….commit()``, ``….rollback()``, ``commit()`` and ``rollback()``."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in TRANSACTION_CALLS:
                lines.append(node.lineno)
    return sorted(lines)


def view_modules() -> dict[str, list[int]]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if is_view_module(path):
                found[path.relative_to(ROOT).as_posix()] = transaction_calls(path.read_text("utf-8"))
    return found


def baseline() -> dict[str, int]:
    allowed = {}
    for line in BASELINE.read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            path, count = line.split()
            allowed[path] = int(count)
    return allowed


def test_no_view_commits_or_rolls_back_by_hand():
    allowed = baseline()
    problems = []
    for path, lines in view_modules().items():
        limit = allowed.get(path, 0)
        if len(lines) > limit:
            problems.append(
                f"{path}: commit()/rollback() on lines {lines}; decorate the view with "
                f"core.boundary.writes (pages) or api_writes (API) instead"
            )
        elif len(lines) < limit:
            problems.append(f"{path}: {len(lines)} left, {limit} listed; lower its line in {BASELINE.name}")
    assert not problems, "\n".join(problems)


def test_the_baseline_names_only_view_modules():
    modules = view_modules()
    stale = [path for path in baseline() if path not in modules]
    assert not stale, f"not view modules (moved or removed?), drop them from {BASELINE.name}: {stale}"


def test_the_check_finds_what_it_looks_for():
    source = (
        "def view():\n"
        "    db.session.commit()\n"
        "    try:\n        pass\n    except DomainError:\n        db.session.rollback()\n"
        "    commit()\n"
        "    session.committed = True\n"
    )
    assert transaction_calls(source) == [2, 6, 7]
    assert is_view_module(Path("market/orders/routes_wallet_pay.py"))
    assert is_view_module(Path("core/payments/recon_api.py"))
    assert is_view_module(Path("core/registry/routes/people.py"))
    assert is_view_module(Path("welfare/funds/web.py"))
    assert not is_view_module(Path("market/orders/services.py"))
    assert not is_view_module(Path("core/payments/recon_tasks.py"))
