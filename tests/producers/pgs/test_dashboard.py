"""Dashboard, CSV export, and the nightly certificate job."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from core import clock
from core.db import db
from producers.pgs import dashboard, reminders
from producers.pgs.workflow import sanctioning

BASE = "/t/test-pgs/producers/pgs"


def test_dashboard_counts_and_export(pgs, client):
    c = pgs.certified()
    pgs.farmer(plots=2)
    d = dashboard.build()
    assert (
        d.plots == 3
        and d.by_category["organic"]["plots"] == 1
        and d.by_category["none"]["plots"] == 2
    )
    client.login(pgs.staff)
    page = client.get(f"{BASE}/dashboard")
    assert page.status_code == 200 and b"<svg" in page.data
    csv_text = client.get(f"{BASE}/plots.csv").get_data(as_text=True)
    assert "organic" in csv_text and "national" not in csv_text
    inspector = pgs.inspector()
    client.login(inspector.user)
    assert client.get(f"{BASE}/dashboard").status_code == 403
    assert client.get(f"{BASE}/plots.csv").status_code == 403
    assert c.certificate.number


def test_nightly_job_expires_reminds_once(pgs):
    from core.notifications.models import Notification

    c = pgs.certified()
    cert = c.certificate
    cert.valid_until = clock.today() + timedelta(days=20)
    db.session.commit()
    assert reminders.daily()["reminders"] == 1
    db.session.commit()
    assert reminders.daily()["reminders"] == 0  # once
    db.session.commit()
    cert.valid_from, cert.valid_until = (
        clock.today() - timedelta(days=300),
        clock.today() - timedelta(days=1),
    )
    db.session.commit()
    summary = reminders.daily()
    db.session.commit()
    assert summary["changed"] == 1 and summary["expired_notices"] == 1 and cert.status == "expired"
    templates = [n.template for n in db.session.scalars(sa.select(Notification))]
    assert templates.count("producers.reinspection_due") == 1
    assert templates.count("producers.certificate_expired") == 1
    assert reminders.daily()["changed"] == 0


def test_celery_task_runs_for_each_tenant(pgs):
    from producers.pgs.tasks import certificates_daily

    c = pgs.certified()
    sanctioning.suspend(
        c.certificate,
        until=clock.today() + timedelta(days=1),
        reason="r",
        actor_id=c.committee[0].id,
    )
    c.certificate.suspended_until = clock.today() - timedelta(days=1)
    db.session.commit()
    result = certificates_daily(pgs.tenant.id)
    assert result["changed"] == 1
    db.session.refresh(c.certificate)
    assert c.certificate.status == "active"
