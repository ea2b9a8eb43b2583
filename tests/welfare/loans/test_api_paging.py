"""The loan list of the API pages through every loan: it used to stop at the
newest 500 with no way to reach the rest."""

from __future__ import annotations

from core.db import db
from core.tenancy.context import tenant_context


def test_every_loan_is_reachable_past_500(client, world):
    from welfare.loans import services

    with tenant_context(world.tenant.id):
        ids = [
            services.apply(
                fund_id=world.fund.id, product_id=world.product.id,
                borrower_person_id=world.borrower.id, principal_satang=100_000 + i,
                actor_id=world.manager.id,
            ).id
            for i in range(503)
        ]  # fmt: skip
        db.session.commit()
    client.login(world.manager)
    url = f"/api/v1/t/{world.tenant.slug}/welfare/loans/?limit=100"
    seen = []
    for page in range(1, 7):
        r = client.get(f"{url}&page={page}")
        assert r.status_code == 200 and r.headers["X-Total-Count"] == "503"
        seen += [loan["id"] for loan in r.json]
    assert seen == sorted(ids, reverse=True)  # newest first, each once, the oldest included
    assert client.get(f"{url}&page=6").json[-1]["principal_satang"] == 100_000
    assert 'rel="next"' not in client.get(f"{url}&page=6").headers["Link"]
