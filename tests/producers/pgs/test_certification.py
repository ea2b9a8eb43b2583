"""plot_status and sellable: what P2's lots, listings and the public page read."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from core import clock
from core.db import db
from producers.certification import plot_status, sellable, sellable_plot_ids
from producers.models.pgs import CertificatePlot, Plot
from producers.pgs.workflow import sanctioning


def _plot(farm):
    return db.session.scalars(sa.select(Plot).where(Plot.farm_id == farm.id)).first()


def test_never_certified_plot(pgs):
    farm = pgs.farmer()
    status = plot_status(_plot(farm).id)
    assert status.status == "none" and status.level is None and not sellable(_plot(farm).id)


def test_active_certificate_makes_plot_sellable(pgs):
    c = pgs.certified()
    plot = _plot(c.farm)
    status = plot_status(plot.id)
    assert status.status == "active" and status.level == "organic"
    assert status.certificate_number == c.certificate.number
    assert status.last_inspection_on == clock.today() and status.last_inspection_verdict == "pass"
    assert sellable(plot.id) and sellable(plot.id, "ผักบุ้ง")
    assert sellable_plot_ids([plot.id]) == {plot.id}


def test_crop_scope(pgs):
    c = pgs.certified()
    plot = _plot(c.farm)
    row = db.session.scalars(
        sa.select(CertificatePlot).where(CertificatePlot.plot_id == plot.id)
    ).one()
    row.crops = ["Rice"]
    db.session.commit()
    assert sellable(plot.id, "rice ") and not sellable(plot.id, "Durian")
    assert plot_status(plot.id, crop="Durian").status == "none"


def test_expired_by_date_before_the_job_runs(pgs):
    c = pgs.certified()
    cert = c.certificate
    cert.valid_from = clock.today() - timedelta(days=400)
    cert.valid_until = clock.today() - timedelta(days=1)
    db.session.commit()
    status = plot_status(_plot(c.farm).id)
    assert status.status == "expired" and not sellable(_plot(c.farm).id)
    # on a day inside its validity it was active
    assert plot_status(_plot(c.farm).id, at=clock.today() - timedelta(days=10)).status == "active"


def test_suspension_shows_and_history_remembers(pgs):
    c = pgs.certified()
    plot_id = _plot(c.farm).id
    before = plot_status(plot_id).changed_at
    sanctioning.suspend(
        c.certificate,
        until=clock.today() + timedelta(days=30),
        reason="ใช้ปุ๋ยเคมี",
        actor_id=c.committee[0].id,
    )
    db.session.commit()
    status = plot_status(plot_id)
    assert status.status == "suspended" and status.suspended_until == clock.today() + timedelta(
        days=30
    )
    assert status.changed_at >= before
    assert not sellable(plot_id)
    # yesterday it was active (history, not the stored state)
    assert plot_status(plot_id, at=clock.today() - timedelta(days=1)).status in ("active", "none")


def test_before_valid_from_there_is_nothing(pgs):
    c = pgs.certified()
    assert plot_status(_plot(c.farm).id, at=clock.today() - timedelta(days=5)).status == "none"


def test_revoked_is_not_sellable(pgs):
    c = pgs.certified()
    s = sanctioning.propose_revocation(c.certificate, reason="ฉีดยาฆ่าหญ้า", actor_id=c.committee[0].id)
    sanctioning.confirm_revocation(s, actor_id=c.committee[1].id)
    db.session.commit()
    plot_id = _plot(c.farm).id
    assert plot_status(plot_id).status == "revoked" and not sellable(plot_id)
