"""Every registered URL that takes an id, enumerated from the URL map: a user
of tenant A — holding every role there — asking for tenant B's rows through
tenant A's URLs gets 404, for GET and POST alike. A positive control with
A's own rows proves each URL really finds rows, so a blanket 404 cannot pass.

A new URL parameter that names a table without a row maker here fails the
test: add a maker (or an alias) when you add such a URL."""

from __future__ import annotations

import re
import secrets
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from core.db import Base, TenantScoped, utcnow
from core.tenancy.models import ALL_ROLES

# URL parameter -> table name, where the parameter is not simply "<table>_id".
# A maker for one kind of row in a shared table is named "<table>:<kind>".
ALIASES = {
    "flag_id": "duplicate_flag",
    "job_id": "import_job:registry.households",
    "statement_import_id": "import_job:payments.statement",
    "entry_id": "journal_entry",
    "event_id": "audit_event",
    "token_id": "api_token",
    "invite_id": "claim_invite",
    "account_id": "ledger_account",
}

# Public pages guarded by a signed token: 404 without it, even for own rows.
TOKEN_GUARDED = {"payments.fake_checkout"}

ID_PARAM = re.compile(r"<int:(\w+_id)>")


def _tenant_tables() -> dict[str, type]:
    from core.tenancy.models import Membership

    tables = {
        m.class_.__table__.name: m.class_
        for m in Base.registry.mappers
        if issubclass(m.class_, TenantScoped)
    }
    # Memberships belong to a tenant but are not auto-scoped (a user lists
    # their own across tenants); routes must filter them by tenant explicitly.
    tables["membership"] = Membership
    return tables


def _id_rules(app):
    for rule in app.url_map.iter_rules():
        params = ID_PARAM.findall(rule.rule)
        if "<slug>" in rule.rule and params:
            yield rule, params


@pytest.fixture
def row_makers(make_household, make_village, make_person, make_user):
    """table -> function(tenant) returning the id of a fresh row in it."""
    from core.db import db
    from core.tenancy.context import tenant_context

    def duplicate_flag(tenant):
        from core.registry.models import DuplicateFlag

        p1, p2 = make_person(tenant), make_person(tenant)
        with tenant_context(tenant.id):
            flag = DuplicateFlag(person_id=p1.id, other_person_id=p2.id, reason="phone")
            db.session.add(flag)
            db.session.commit()
            return flag.id

    def audit_event(tenant):
        from core.audit.services import record

        with tenant_context(tenant.id):
            event = record("test.leak", actor_id=None, target_type="village", target_id=1)
            db.session.commit()
            return event.id

    def commit_in(tenant, obj):
        with tenant_context(tenant.id):
            db.session.add(obj)
            db.session.commit()
            return obj.id

    def membership(tenant):
        from core.tenancy.models import Membership

        user = make_user()
        return commit_in(tenant, Membership(user_id=user.id, tenant_id=tenant.id, roles=["volunteer"]))

    def api_token(tenant):
        from core.auth.models import ApiToken

        user = make_user()
        return commit_in(tenant, ApiToken(user_id=user.id, name="t", token_hash=secrets.token_hex(32), prefix="psk_abcd"))

    def claim_invite(tenant):
        from core.auth.models import ClaimInvite

        person = make_person(tenant)
        return commit_in(tenant, ClaimInvite(person_id=person.id, code_hash=secrets.token_hex(32),
                                             expires_at=utcnow() + timedelta(days=1)))

    def ledger_account(tenant):
        from core.ledger.services import get_or_create_account

        with tenant_context(tenant.id):
            account = get_or_create_account("general", f"1{secrets.randbelow(10**6)}", "เงินสด", "Cash", "asset")
            db.session.commit()
            return account.id

    def journal_entry(tenant):
        from core.ledger.services import get_or_create_account, post

        with tenant_context(tenant.id):
            cash = get_or_create_account("general", "1000", "เงินสด", "Cash", "asset")
            capital = get_or_create_account("general", "3000", "ทุน", "Capital", "equity", may_go_negative=True)
            entry = post(entry_date=date(2026, 11, 23), memo="opening", idempotency_key=secrets.token_hex(8),
                         lines=[(cash, 100), (capital, -100)])
            db.session.commit()
            return entry.id

    def ledger_period_close(tenant):
        from core.ledger.models import PeriodClose

        return commit_in(tenant, PeriodClose(book=f"book-{secrets.token_hex(4)}", closed_through=date(2026, 1, 31)))

    def notification(tenant):
        from core.notifications.services import queue_notification

        with tenant_context(tenant.id):
            row = queue_notification(template="test.hello", params={"name": "x"}, address="x@example.org",
                                     channel="console", idempotency_key=secrets.token_hex(8))
            db.session.commit()
            return row.id

    def notification_delivery(tenant):
        from core.notifications.models import NotificationDelivery

        return commit_in(tenant, NotificationDelivery(notification_id=notification(tenant), status="sent"))

    def contact_preference(tenant):
        from core.notifications.models import ContactPreference

        return commit_in(tenant, ContactPreference(person_id=make_person(tenant).id, opted_out_channels=["sms"]))

    def payment(tenant):
        from core.ledger.services import get_or_create_account
        from core.money import Money
        from core.payments.services import create_payment

        with tenant_context(tenant.id):
            sales = get_or_create_account("general", "4100", "รายได้", "Sales", "income")
            row = create_payment(purpose="test:1", amount=Money(100), method="cash", credit_account=sales,
                                 idempotency_key=secrets.token_hex(8))
            db.session.commit()
            return row.id

    def payment_event(tenant):
        from core.payments.models import PaymentEvent

        return commit_in(tenant, PaymentEvent(payment_id=payment(tenant), to_status="created", source="test"))

    def payment_stripe_event(tenant):
        from core.payments.stripe.models import StripeEvent

        return commit_in(tenant, StripeEvent(event_id=f"evt_{secrets.token_hex(8)}", type="test",
                                             payment_id=payment(tenant), outcome="applied"))

    def payment_refund(tenant):
        from core.money import Money
        from core.payments.services import refund, transition

        payment_id = payment(tenant)
        with tenant_context(tenant.id):
            transition(payment_id, "succeeded", source="test")
            row = refund(payment_id, Money(50), provider_ref=secrets.token_hex(8), source="test")
            db.session.commit()
            return row.id

    def bank_account(tenant):
        from core.payments.statements.models import BankAccount

        return commit_in(tenant, BankAccount(name=secrets.token_hex(4), ledger_account_id=ledger_account(tenant)))

    def statement_mapping(tenant):
        from core.payments.statements.models import StatementMapping

        return commit_in(tenant, StatementMapping(bank_account_id=bank_account(tenant), amount_column="amount"))

    def statement_import(tenant):
        from core.imports.models import ImportJob

        return commit_in(tenant, ImportJob(kind="payments.statement", subject_id=bank_account(tenant),
                                           filename="s.csv", content=b"date,amount\n"))

    def statement_line(tenant):
        from core.payments.statements.models import StatementLine

        return commit_in(tenant, StatementLine(bank_account_id=bank_account(tenant), line_date=date(2026, 11, 23),
                                               amount=100, line_hash=secrets.token_hex(32)))

    def recon_match(tenant):
        from core.payments.statements.models import ReconMatch

        return commit_in(tenant, ReconMatch(statement_line_id=statement_line(tenant), payment_id=payment(tenant),
                                            kind="manual"))

    def recon_exception(tenant):
        from core.payments.statements.models import ReconException

        return commit_in(tenant, ReconException(statement_line_id=statement_line(tenant), action="ignored",
                                                reason="test"))

    def stripe_payout(tenant):
        from core.payments.payouts.models import StripePayout

        return commit_in(tenant, StripePayout(stripe_id=f"po_{secrets.token_hex(8)}", amount=100,
                                              arrival_date=date(2026, 11, 23), status="paid"))

    def stripe_balance_transaction(tenant):
        from core.payments.payouts.models import StripeBalanceTransaction

        return commit_in(tenant, StripeBalanceTransaction(payout_id=stripe_payout(tenant), type="charge",
                                                          stripe_id=f"txn_{secrets.token_hex(8)}", amount=100,
                                                          net=100, payment_id=payment(tenant)))

    def import_job(tenant):
        from core.imports.models import ImportJob

        return commit_in(tenant, ImportJob(kind="registry.households", filename="x.csv", content=b"household_code\n"))

    def document(tenant):
        from core.documents.services import store

        with tenant_context(tenant.id):
            pdf = b"%PDF-1.4\n" + secrets.token_hex(8).encode() + b"\n%%EOF\n"
            row = store(pdf, "evidence.pdf", "other", actor_id=None, target_type="test.leak", target_id=1)
            db.session.commit()
            return row.id

    def receipt(tenant):
        from core.money import Money
        from core.payments.receipts.services import issue

        with tenant_context(tenant.id):
            row = issue(amount=Money(100), payer_name="ทดสอบ", description="test", actor_id=None)
            db.session.commit()
            return row.id

    def receipt_counter(tenant):
        from core.payments.receipts.models import ReceiptCounter

        return commit_in(tenant, ReceiptCounter(book=f"leak{secrets.token_hex(4)}", year=2569, last_number=0))

    def chain_seal(tenant):
        from core.integrity.models import ChainSeal

        return commit_in(tenant, ChainSeal(chain="audit", seq=1, row_id=1, prev_hash="0" * 64, hash="1" * 64))

    makers = {
        "chain_seal": chain_seal,
        "receipt": receipt,
        "receipt_counter": receipt_counter,
        "document": document,
        "membership": membership,
        "api_token": api_token,
        "claim_invite": claim_invite,
        "ledger_account": ledger_account,
        "journal_entry": journal_entry,
        "ledger_period_close": ledger_period_close,
        "notification": notification,
        "notification_delivery": notification_delivery,
        "contact_preference": contact_preference,
        "import_job:registry.households": import_job,
        "payment": payment,
        "payment_event": payment_event,
        "payment_refund": payment_refund,
        "payment_stripe_event": payment_stripe_event,
        "bank_account": bank_account,
        "statement_mapping": statement_mapping,
        "import_job:payments.statement": statement_import,
        "statement_line": statement_line,
        "recon_match": recon_match,
        "recon_exception": recon_exception,
        "stripe_payout": stripe_payout,
        "stripe_balance_transaction": stripe_balance_transaction,
        "household": lambda t: make_household(t).id,
        "village": lambda t: make_village(t).id,
        "person": lambda t: make_person(t).id,
        "duplicate_flag": duplicate_flag,
        "audit_event": audit_event,
    }
    helpers = SimpleNamespace(
        commit_in=commit_in, make_household=make_household, make_village=make_village,
        make_person=make_person, make_user=make_user,
    )
    for module in _plugins():
        makers.update(module.makers(helpers))
    return makers


def _plugins():
    """Domains keep their row makers beside their tests, in modules named
    ``tests/<domain>/leak_makers*.py`` with ``makers(helpers) -> {table: fn}``
    and optional ALIASES, TOKEN_GUARDED and EXEMPT."""
    import importlib
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for path in sorted(root.rglob("leak_makers*.py")):
        name = ".".join(path.relative_to(root.parent).with_suffix("").parts)
        yield importlib.import_module(name)


for _module in _plugins():
    ALIASES.update(getattr(_module, "ALIASES", {}))
    TOKEN_GUARDED |= set(getattr(_module, "TOKEN_GUARDED", ()))


def test_every_id_url_is_scoped_to_its_tenant(app, client, make_tenant, make_member, row_makers):
    tables = _tenant_tables()
    rules = list(_id_rules(app))
    assert rules, "no URLs with ids found"
    a, b = make_tenant(slug="tenant-a"), make_tenant(slug="tenant-b")
    user = make_member(a, *ALL_ROLES)
    client.login(user)

    missing, leaks, checked = [], [], 0
    own_found = 0
    ids: dict[str, tuple[int, int]] = {}
    for rule, params in rules:
        for param in params:
            table = ALIASES.get(param, param[: -len("_id")])
            if _table_of(table) not in tables or table not in row_makers:
                missing.append(f"{rule.rule}: {param} -> {table}")
                continue
            if table not in ids:
                ids[table] = (row_makers[table](a), row_makers[table](b))
        if missing:
            continue
        for method in sorted(rule.methods & {"GET", "POST"}):
            foreign = {p: ids[ALIASES.get(p, p[:-3])][1] for p in params}
            own = {p: ids[ALIASES.get(p, p[:-3])][0] for p in params}
            foreign_url = _build(rule.rule, "tenant-a", foreign)
            own_url = _build(rule.rule, "tenant-a", own)
            send = client.get if method == "GET" else client.post
            status = send(foreign_url).status_code
            checked += 1
            if status != 404:
                leaks.append(f"{method} {foreign_url} -> {status}")
            if method == "GET" and (rule.endpoint in TOKEN_GUARDED or send(own_url).status_code != 404):
                own_found += 1
    assert not missing, "add row makers or aliases for: " + "; ".join(missing)
    assert not leaks, f"{len(leaks)} of {checked} requests reached another tenant's rows: {leaks}"
    assert checked > 0
    get_rules = sum(1 for r, _ in rules if "GET" in r.methods)
    assert own_found == get_rules, "some id URLs 404 even for the tenant's own rows"


def _table_of(maker: str) -> str:
    return maker.split(":")[0]


def _build(rule: str, slug: str, values: dict[str, int]) -> str:
    url = rule.replace("<slug>", slug)
    for name, value in values.items():
        url = url.replace(f"<int:{name}>", str(value))
    assert "<" not in url, f"unfilled parameter in {url}"
    return url


def test_every_tenant_model_is_invisible_from_another_tenant(ctx, make_tenant, row_makers):
    """For every tenant-scoped model with a maker: tenant A's context cannot
    select or get tenant B's row."""
    import sqlalchemy as sa

    from core.db import db
    from core.tenancy.context import tenant_context

    a, b = make_tenant(), make_tenant()
    b = SimpleNamespace(id=b.id)  # survives expunge_all below
    tables = _tenant_tables()
    uncovered = sorted(set(tables) - {_table_of(key) for key in row_makers} - set(_EXEMPT_FROM_MAKERS))
    assert not uncovered, f"tenant-scoped tables without a row maker in tests: {uncovered}"
    a_id = a.id
    for table, make in row_makers.items():
        model = tables[_table_of(table)]
        if not issubclass(model, TenantScoped):
            continue
        foreign_id = make(b)
        db.session.expunge_all()
        with tenant_context(a_id):
            assert db.session.get(model, foreign_id) is None, table
            assert db.session.scalar(sa.select(model).where(model.id == foreign_id)) is None, table


# Tables whose rows only exist as parts of another row (covered through it).
_EXEMPT_FROM_MAKERS = {"journal_line"}
for _module in _plugins():
    _EXEMPT_FROM_MAKERS |= set(getattr(_module, "EXEMPT", ()))


# --- every route × every role ---------------------------------------------------

PLACEHOLDER = re.compile(r"<(?:[^>:]+:)?(\w+)>")
MISSING_ID = 2_000_000_000  # in range for every id column, never a real row


# Pages any visitor may open in any tenant (each has its own tests that it
# shows no personal data). A new public page must be named here.
PUBLIC_ENDPOINTS = {
    "tenancy.landing", "market.index", "market.donate", "market.donate_thanks",
    "market.donations_public", "market_donations_api.Transparency", "producers.index",
    "producers.catalogue", "producers.reserve", "producers_listings_api.Catalogue",
    "welfare.index", "welfare_public.fund_page",
}
# What a logged-in person may do in a network they are not a member of: give,
# reserve a producer's goods and see their own reservations (scoped to them).
OPEN_TO_ANY_ACCOUNT = {
    "market.donate", "producers.reserve", "producers.my_reservations",
    "producers_listings_api.Reserve", "producers_listings_api.MyReservations",
}


def _slug_rules(app):
    """Every tenant URL: (rule, its id parameters, fixed values of the others).
    A choice among words (``any``) gives one URL per word; a token a wrong one."""
    from werkzeug.routing.converters import AnyConverter, IntegerConverter

    for rule in app.url_map.iter_rules():
        if "slug" not in rule.arguments:
            continue
        id_params, choices = [], [{}]
        for name, converter in rule._converters.items():
            if name == "slug":
                continue
            if isinstance(converter, IntegerConverter):
                id_params.append(name)
            elif isinstance(converter, AnyConverter):
                choices = [{**c, name: item} for c in choices for item in sorted(converter.items)]
            else:
                choices = [{**c, name: "not-a-real-token"} for c in choices]
        for fixed in choices:
            yield rule, id_params, fixed


def _fill(rule, slug: str, values: dict) -> str:
    return PLACEHOLDER.sub(lambda m: str(slug if m.group(1) == "slug" else values[m.group(1)]), rule.rule)


@pytest.mark.timeout(1800)
def test_every_route_for_every_role_alone_never_reaches_another_tenant(
    postgres_only, app, make_client, make_tenant, make_member, row_makers
):
    """Across every tenant URL from the URL map, GET and POST:

    - A's URLs with B's ids answer each role on its own, a member without
      roles and a visitor exactly as they answer an id that does not exist
      (status and redirect target): nothing tells B's row from no row,
      whatever the role (a 403 for B's row and a 404 for no row would);
    - B's own URLs with B's ids answer a member of A (no role, and every
      role at once — the door is the tenant's, before any role is looked at)
      with 403 or 404, or exactly what a visitor gets where the page is
      public; a visitor gets no page that is not public. Never a server error.

    About 6,000 requests: it runs once, on PostgreSQL (routes and roles do
    not depend on the database; row-level security stands behind it there)."""
    tables = _tenant_tables()
    rules = list(_slug_rules(app))
    a, b = make_tenant(slug="tenant-a"), make_tenant(slug="tenant-b")
    ids: dict[str, tuple[int, int]] = {}
    for _rule, params, _fixed in rules:
        for param in params:
            table = ALIASES.get(param, param[: -len("_id")])
            assert _table_of(table) in tables and table in row_makers, f"no row maker for {param}"
            if table not in ids:
                ids[table] = (row_makers[table](a), row_makers[table](b))

    def url(rule, params, fixed, slug, which):
        values = {p: (MISSING_ID if which is None else ids[ALIASES.get(p, p[:-3])][which]) for p in params}
        return _fill(rule, slug, {**fixed, **values})

    def answer(send, target):
        response = send(target)
        # the target only: a log-in redirect's ?next= repeats the URL asked for
        return response.status_code, response.headers.get("Location", "").split("?")[0]

    visitor = make_client()
    public: dict[tuple[str, str], tuple[int, str]] = {}
    for rule, params, fixed in rules:
        for method in sorted(rule.methods & {"GET", "POST"}):
            send = visitor.get if method == "GET" else visitor.post
            foreign_door = url(rule, params, fixed, "tenant-b", 1)
            public[(foreign_door, method)] = answer(send, foreign_door)
    shown = {
        rule.endpoint
        for rule, params, fixed in rules
        for method in rule.methods & {"GET", "POST"}
        if public[(url(rule, params, fixed, "tenant-b", 1), method)][0] < 300
    }
    assert shown == PUBLIC_ENDPOINTS, f"pages a visitor opens: {sorted(shown)}"

    identities = [("visitor", None), ("no role", ()), ("every role", ALL_ROLES)]
    identities += [(role, (role,)) for role in ALL_ROLES]
    door_checked_by = {"visitor", "no role", "every role"}
    leaks, checked = [], 0
    for name, roles in identities:
        if roles is None:
            client = visitor
        else:
            client = make_client()
            client.login(make_member(a, *roles))
        for rule, params, fixed in rules:
            for method in sorted(rule.methods & {"GET", "POST"}):
                send = client.get if method == "GET" else client.post
                foreign_door = url(rule, params, fixed, "tenant-b", 1)
                if name in door_checked_by:
                    status, location = answer(send, foreign_door)
                    checked += 1
                    seen_by_visitor = public[(foreign_door, method)]
                    is_public = seen_by_visitor[0] < 300
                    if status >= 500 or (
                        roles is not None
                        and status not in (403, 404)
                        and not (is_public and (status, location) == seen_by_visitor)
                        and rule.endpoint not in OPEN_TO_ANY_ACCOUNT
                    ):
                        leaks.append(f"{name}: {method} {foreign_door} -> {status} {location}")
                if not params:
                    continue
                foreign_id = url(rule, params, fixed, "tenant-a", 1)
                got = answer(send, foreign_id)
                checked += 1
                if got[0] >= 500:
                    leaks.append(f"{name}: {method} {foreign_id} -> {got[0]}")
                elif got[0] != 404 or rule.endpoint in TOKEN_GUARDED:
                    none = answer(send, url(rule, params, fixed, "tenant-a", None))
                    if got != none:
                        leaks.append(f"{name}: {method} {foreign_id} -> {got}, a missing id -> {none}")
    assert checked > 1000
    assert not leaks, f"{len(leaks)} of {checked} requests told something of tenant B: " + "\n".join(leaks[:40])

