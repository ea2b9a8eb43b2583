"""Concurrent committee actions on PostgreSQL: one confirmation wins, and
certificate numbers never collide."""

from __future__ import annotations

import sqlalchemy as sa

from core.audit.models import AuditEvent
from core.db import db
from producers.models.pgs import Certificate, Sanction
from producers.pgs.workflow import sanctioning
from tests.race import browsers, together

BASE = "/t/test-pgs/producers/pgs"


def test_two_members_confirm_one_revocation_at_once(postgres_only, pgs, make_client):
    c = pgs.certified()
    first, second, third = c.committee
    sanction_id = sanctioning.propose_revocation(c.certificate, reason="ยาฆ่าหญ้า", actor_id=first.id).id
    db.session.commit()
    clients = browsers(make_client, users=[second, third])
    url = f"{BASE}/sanctions/{sanction_id}/confirm"
    statuses = together([lambda cl=cl: cl.post(url).status_code for cl in clients])
    assert sorted(statuses) == [302, 409]
    db.session.expire_all()
    sanction = db.session.get(Sanction, sanction_id)
    assert sanction.status == "in_force" and sanction.confirmed_by_user_id in (second.id, third.id)
    revokes = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "producers.certificate.revoke")
    )
    assert len(list(revokes)) == 1


def test_simultaneous_decisions_get_distinct_numbers(postgres_only, pgs, make_client):
    inspections = [pgs.screened(pgs.farmer()) for _ in range(3)]
    meeting, users = pgs.meeting()
    ids = [i.id for i in inspections]
    clients = browsers(make_client, users=users)
    url = f"{BASE}/meetings/{meeting.id}/decide"
    statuses = together(
        [
            lambda cl=cl, i=i: (
                cl.post(url, data={"inspection_id": i, "outcome": "organic"}).status_code
            )
            for cl, i in zip(clients, ids, strict=True)
        ]
    )
    assert statuses == [302, 302, 302]
    db.session.expire_all()
    numbers = list(db.session.scalars(sa.select(Certificate.number)))
    assert len(numbers) == 3 and len(set(numbers)) == 3
