"""Every PGS page renders for the people who use it, in the states they meet."""

from __future__ import annotations

from core.db import db

BASE = "/t/test-pgs/producers/pgs"


def test_workflow_pages_render(pgs, client):
    c = pgs.certified()
    farm2 = pgs.farmer()
    pending = pgs.screened(farm2)
    db.session.commit()
    client.login(c.committee[0])
    urls = [
        f"{BASE}/meetings/{c.meeting.id}",
        f"{BASE}/meetings",
        f"{BASE}/inspections",
        f"{BASE}/inspections/{c.inspection.id}",
        f"{BASE}/inspections/{pending.id}",
        f"{BASE}/certificates",
        f"{BASE}/certificates/{c.certificate.id}",
        f"{BASE}/noncompliances",
        f"{BASE}/dashboard",
        "/t/test-pgs/producers/",
    ]
    for url in urls:
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code, r.get_data(as_text=True)[-800:])
    client.login(pgs.staff)
    assert client.get(f"{BASE}/imports").status_code == 200
