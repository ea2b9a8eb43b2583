"""Concurrent committee actions on PostgreSQL: one confirmation wins, and
certificate numbers never collide."""

from __future__ import annotations

import threading

import sqlalchemy as sa

from core.audit.models import AuditEvent
from core.db import db
from producers.models.pgs import Certificate, Sanction
from producers.pgs.workflow import sanctioning

BASE = "/t/test-pgs/producers/pgs"


def _run_together(calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def go(i, fn):
        barrier.wait()
        results[i] = fn()

    threads = [threading.Thread(target=go, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_two_members_confirm_one_revocation_at_once(postgres_only, pgs, make_client):
    c = pgs.certified()
    first, second, third = c.committee
    sanction_id = sanctioning.propose_revocation(c.certificate, reason="ยาฆ่าหญ้า", actor_id=first.id).id
    db.session.commit()
    clients = [make_client().login(second), make_client().login(third)]
    for cl in clients:
        cl.csrf_token()
    url = f"{BASE}/sanctions/{sanction_id}/confirm"
    statuses = _run_together([lambda cl=cl: cl.post(url).status_code for cl in clients])
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
    clients = [make_client().login(u) for u in users]
    for cl in clients:
        cl.csrf_token()
    url = f"{BASE}/meetings/{meeting.id}/decide"
    statuses = _run_together(
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
