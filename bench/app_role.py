"""The plain database role the benchmarked app connects as, so every figure is
measured with row-level security on, as production runs (core/tenancy/rls.py)."""

from __future__ import annotations

from sqlalchemy.engine import make_url

APP_ROLE = "pansuk_bench_app"


def app_url(owner_url: str) -> str:
    """The same database, reached as the plain role."""
    return make_url(owner_url).set(username=APP_ROLE, password=None).render_as_string(hide_password=False)


def protect(conn, secret_key: str, schema: str = "public") -> None:
    """As the owner, on a schema just made by ``create_all``: the policies,
    the binding key for ``secret_key`` and the plain role's grants."""
    from core.tenancy import rls

    rls.enable_all(conn)
    rls.store_key(conn, rls.binding_key(secret_key))
    rls.grant_app_role(conn, APP_ROLE, schema=schema)
