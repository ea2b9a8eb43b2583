"""The tenancy leak check, limited to this area's URLs (coupons, rounds,
queue, waste bank): another tenant's ids are 404, own ids are found."""

from __future__ import annotations

from core.tenancy.models import ALL_ROLES
from tests.core.tenancy.test_leaks import ALIASES, TOKEN_GUARDED, _build, _id_rules, row_makers  # noqa: F401

MINE = (
    "market.coupon",
    "market.programme",
    "market.issue_coupons",
    "market.edit_programme",
    "market.cancel_",
    "market.reissue_",
    "market.household_coupons",
    "market.round",
    "market.add_",
    "market.book",
    "market.rebook",
    "market.cancel_booking",
    "market.queue_desk",
    "market.now_serving",
    "market.wallet",
    "market_coupons_api.",
    "market_rounds_api.",
    "market_wallet_api.",
)


def test_this_areas_id_urls_are_scoped(app, client, make_tenant, make_member, row_makers):  # noqa: F811
    rules = [(r, p) for r, p in _id_rules(app) if r.endpoint.startswith(MINE)]
    assert len(rules) > 20
    a, b = make_tenant(slug="tenant-a"), make_tenant(slug="tenant-b")
    client.login(make_member(a, *ALL_ROLES))
    ids, leaks, not_found = {}, [], []
    for rule, params in rules:
        for param in params:
            table = ALIASES.get(param, param[:-3])
            if table not in ids:
                ids[table] = (row_makers[table](a), row_makers[table](b))
        for method in sorted(rule.methods & {"GET", "POST"}):
            foreign = {p: ids[ALIASES.get(p, p[:-3])][1] for p in params}
            own = {p: ids[ALIASES.get(p, p[:-3])][0] for p in params}
            send = client.get if method == "GET" else client.post
            status = send(_build(rule.rule, "tenant-a", foreign)).status_code
            if status != 404:
                leaks.append(f"{method} {rule.rule} -> {status}")
            if method == "GET" and rule.endpoint not in TOKEN_GUARDED:
                if send(_build(rule.rule, "tenant-a", own)).status_code == 404:
                    not_found.append(rule.rule)
    assert not leaks, "\n".join(leaks)
    assert not not_found
