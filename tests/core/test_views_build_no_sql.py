"""Views build no SQL: a page, API or public module parses the request, calls
its area's ``queries``/``services`` and renders; the ``select(...)`` and the
``db.session.scalars/scalar/execute/get`` calls live in ``queries.py``.

Every module that serves requests (the same modules as
tests/core/test_view_commits.py) is read as a syntax tree for calls of
``select(…)``, ``sa.select(…)`` and ``db.session.<scalars|scalar|execute|get|query>(…)``.
None may hold one."""

from __future__ import annotations

import ast

from tests.core.test_view_commits import ROOT, view_modules

SESSION_CALLS = frozenset({"scalars", "scalar", "execute", "get", "query"})
SQLALCHEMY_NAMES = frozenset({"sa", "sqlalchemy"})


def _is_db_session(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "session"
        and isinstance(node.value, ast.Name)
        and node.value.id == "db"
    )


def sql_calls(source: str) -> list[int]:
    """Line numbers of ``select(…)``, ``sa.select(…)`` and ``db.session.<read>(…)``."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "select":
            lines.append(node.lineno)
        elif isinstance(func, ast.Attribute):
            if func.attr == "select" and isinstance(func.value, ast.Name) and func.value.id in SQLALCHEMY_NAMES:
                lines.append(node.lineno)
            elif func.attr in SESSION_CALLS and _is_db_session(func.value):
                lines.append(node.lineno)
    return sorted(lines)


def test_views_build_no_sql():
    problems = [
        f"{path}: SQL built on lines {lines}; move it into the area's queries.py "
        f"as a function named for what it reads"
        for path in view_modules()
        if (lines := sql_calls((ROOT / path).read_text("utf-8")))
    ]
    assert not problems, "\n".join(problems)


def test_the_check_sees_each_way_of_building_sql():
    source = (
        "import sqlalchemy as sa\n"
        "from sqlalchemy import select\n"
        "a = sa.select(X)\n"
        "b = select(X)\n"
        "c = db.session.scalars(q)\n"
        "d = db.session.get(X, 1)\n"
        "e = queries.plots(q)\n"
        "f = request.args.get('q')\n"
    )
    assert sql_calls(source) == [3, 4, 5, 6]
