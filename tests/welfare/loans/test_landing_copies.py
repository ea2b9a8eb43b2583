"""A member's first page is kept per worker (core.page_copies) and shown
again without counting the boxes, but never once anything on it may have
changed: a write to the organisation's rows by anyone, in any worker, a role
taken away, a message to flash; nor to another person, another log-in or in
another language."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core import identity_cache, page_copies, versions
from core.db import db
from core.tenancy.context import tenant_context
from core.tenancy.models import Membership
from tests import statements
from tests.fake_redis import versions_client
from tests.welfare.loans.test_picker_inbox_print import _pending_loan

APPROVE = 'data-test="waiting-welfare-approve"'


@pytest.fixture
def workers(app, monkeypatch):
    """Versions in Redis shared as between workers; ``worker(n)`` switches
    to worker ``n``'s copies and identity entries."""
    client = versions_client("pansuk:")
    monkeypatch.setitem(app.extensions, "versions", {"client": client})
    held = [
        {name: versions.Entries(ttl, 100) for name, ttl in (
            ("page_copies", page_copies.TTL_SECONDS), ("identity_cache", identity_cache.TTL_SECONDS))}
        for _ in range(2)
    ]
    states = {name: {"entries": held[0][name]} for name in held[0]}
    for name, state in states.items():
        monkeypatch.setitem(app.extensions, name, state)

    def worker(n: int) -> None:
        for name, state in states.items():
            state["entries"] = held[n][name]

    yield worker
    client.close()


def _boxes_counted(seen: list[str]) -> bool:
    return any("welfare_disbursement" in s for s in seen)


def _visit(client, world) -> tuple[str, bool]:
    """The page and whether it counted the boxes."""
    with statements.counted() as seen:
        response = client.get(f"/t/{world.tenant.slug}/")
    assert response.status_code == 200
    return response.get_data(as_text=True), _boxes_counted(seen)


def test_a_second_visit_is_the_copy_and_a_signature_anywhere_ends_it(world, client, make_client, workers):
    _loan_id, disbursement_id, _number = _pending_loan(world)
    first, *others = world.signatories
    signing = []
    for signatory in others:  # logged in first: a log-in is a write the identity version sees
        signing.append(make_client())
        signing[-1].login(signatory)
    client.login(first)
    page, counted = _visit(client, world)
    assert APPROVE in page and counted
    again, counted = _visit(client, world)
    assert again == page and not counted, "nothing changed: the copy, without counting"

    workers(1)  # the second and third signatories sign through another worker
    url = f"/t/{world.tenant.slug}/welfare/disbursements/{disbursement_id}/approve"
    for other in signing:
        assert APPROVE in _visit(other, world)[0]
        assert other.post(url).status_code == 302

    workers(0)  # 2 of 3 signed: paid out, nothing waits for the first any more
    page, counted = _visit(client, world)
    assert counted and APPROVE not in page, "the organisation written: made anew in every worker"


def test_a_loan_applied_for_elsewhere_shows_on_the_managers_next_visit(world, client, workers):
    client.login(world.manager)
    before, _ = _visit(client, world)
    assert 'data-test="waiting-welfare-loans_applied"' not in before
    assert _visit(client, world)[1] is False
    from welfare.loans import services

    with tenant_context(world.tenant.id):  # a write made outside any request of this worker
        services.apply(fund_id=world.fund.id, product_id=world.product.id, borrower_person_id=world.borrower.id,
                       principal_satang=300_000, purpose="ค้าขาย", actor_id=world.manager.id)
        db.session.commit()
    after, counted = _visit(client, world)
    assert counted and 'data-test="waiting-welfare-loans_applied"' in after


def test_a_role_taken_away_ends_the_copy(world, client, workers):
    _pending_loan(world)
    first = world.signatories[0]
    client.login(first)
    assert APPROVE in _visit(client, world)[0]
    with tenant_context(world.tenant.id):
        db.session.execute(sa.update(Membership).where(Membership.user_id == first.id).values(roles=["household"]))
        db.session.commit()
    page, _ = _visit(client, world)
    assert APPROVE not in page, "no longer a signatory: nothing waits for them"


def test_each_person_log_in_and_language_gets_their_own_page(world, client, make_client, workers):
    _pending_loan(world)
    first, second, _third = world.signatories
    client.login(first)
    mine, _ = _visit(client, world)
    other = make_client()
    other.login(second)
    theirs, counted = _visit(other, world)
    assert counted and theirs != mine, "another person: their own page, with their own form tokens"
    english = client.get(f"/t/{world.tenant.slug}/?lang=en").get_data(as_text=True)
    assert 'lang="en"' in english and english != mine
    again = make_client()
    again.login(first)  # the same person, another log-in (another phone)
    page, counted = _visit(again, world)
    assert counted and page != mine


def test_a_message_to_flash_is_shown_once_and_never_kept(world, client, workers):
    client.login(world.manager)
    plain, _ = _visit(client, world)
    with client.session_transaction() as kept_session:
        kept_session["_flashes"] = [("success", "บันทึกแล้ว ทดสอบ")]
    flashed, _ = _visit(client, world)
    assert "บันทึกแล้ว ทดสอบ" in flashed and flashed != plain
    after, _ = _visit(client, world)
    assert "บันทึกแล้ว ทดสอบ" not in after


def test_without_redis_every_visit_counts_the_boxes(world, client, app, monkeypatch):
    monkeypatch.setitem(app.extensions, "versions", {"client": None})
    _pending_loan(world)
    client.login(world.signatories[0])
    assert all(_visit(client, world)[1] for _ in range(2))


def test_a_copy_never_crosses_tenants_or_outlives_the_log_in(world, client, make_tenant, make_member, workers):
    from core.auth.models import UserSession

    _pending_loan(world)
    first = world.signatories[0]
    other = make_tenant(slug="copies-elsewhere")
    make_member(other, "staff", user=first)  # the same person, staff of another organisation
    client.login(first)
    home = f"/t/{world.tenant.slug}/"
    for _ in range(2):
        assert APPROVE in client.get(home).get_data(as_text=True)  # kept
    elsewhere = client.get("/t/copies-elsewhere/").get_data(as_text=True)
    assert APPROVE not in elsewhere and world.tenant.slug not in elsewhere.split("<main")[1]
    db.session.execute(sa.update(UserSession).where(UserSession.user_id == first.id)
                       .values(revoked_at=sa.func.now()))
    db.session.commit()
    after = client.get(home).get_data(as_text=True)
    assert APPROVE not in after, "logged out everywhere: a visitor's page, never the kept copy"
