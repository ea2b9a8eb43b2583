"""Producer factories: farms and plots through the PGS services (so a plot's
code stays unique and its fields are checked). They run in the caller's
tenant context and flush; the caller commits."""

from __future__ import annotations

from tests.factories.core import seq


def make_farm(person, *, actor_id: int | None = None, **kw):
    """A farm of ``person`` through ``pgs.services.create_farm``."""
    from producers.pgs import services

    kw.setdefault("name", f"ไร่ {person.first_name_th}")
    return services.create_farm(person_id=person.id, actor_id=actor_id, **kw)


def make_plot(farm, *, actor_id: int | None = None, **data):
    """A plot of ``farm`` through ``pgs.services.create_plot``: 1,600 m² with
    a fresh code unless overridden (``lat``/``lon``, ``geometry``... as the
    form sends them)."""
    from producers.pgs import services

    code = data.setdefault("code", f"P{seq()}")
    data.setdefault("name", f"แปลง {code}")
    data.setdefault("area_sqm", "1600")
    return services.create_plot(farm, data, actor_id=actor_id)
