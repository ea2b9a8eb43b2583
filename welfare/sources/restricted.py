"""Restricted grant money stays restricted.

A restricted grant's money may be spent only on its permitted uses (benefits,
loans, area support, administration; a disbursement's use is its expense
account). The money itself sits in the fund's cash and bank accounts; what is
restricted is a claim on it, held in the ledger's "restricted grants" account
and, per grant, in ``Grant.restricted_balance_satang``.

* A disbursement request for a use draws first on the restricted money of the
  grants permitting that use (oldest grant first, each by a conditional
  ``UPDATE ... WHERE restricted_balance >= :n``, under the fund's row lock),
  then on unrestricted money: cash and bank, less the money pending requests
  reserve, less all restricted money. A request for a use no grant permits
  gets unrestricted money only, or a clear refusal saying how much there is.
* Paid: each draw is released from "restricted grants" to grant income in
  the ledger, in the paying transaction. Rejected: the draws go back to their
  grants.
* A release by a resolution of the fund's meeting (``release`` in
  :mod:`welfare.sources.services`) moves restricted money to income without
  spending it.

So at any time: the ledger's restricted balance = the grants' balances + what
pending requests have drawn.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from core.db import db
from core.errors import N_, Conflict, ValidationError
from core.i18n.formatting import format_thb
from core.i18n.named import Named
from core.ledger import services as ledger
from welfare.funds import accounts
from welfare.funds.queries import MONEY_KEYS, balances
from welfare.funds.services import FundNotFound
from welfare.models.funds import Fund
from welfare.models.governance import Disbursement
from welfare.models.sources import GRANT_USES, USE_OF_DEBIT, Grant, GrantUse, RestrictedDraw


def use_label(use: str | None) -> Named:
    """A permitted use, named in the language of whoever reads the message."""
    return Named([GRANT_USES.get(use or "", N_("this purpose"))])


class RestrictedMoneyOnly(Conflict):
    code = "welfare_restricted_money_only"
    message = N_(
        "The fund cannot pay %(needed)s for %(use)s: only %(available)s of unrestricted money is available,"
        " and %(for_use)s of restricted grant money may be spent on this use"
    )


class UsesRequired(ValidationError):
    code = "welfare_grant_uses_required"
    message = N_("Choose at least one permitted use for restricted money")


def clean_uses(uses: Iterable[str] | None, *, restricted: bool) -> list[str]:
    """The permitted uses of a grant: known codes, at least one if restricted."""
    chosen = sorted({u for u in (uses or ()) if isinstance(u, str)})
    if any(u not in GRANT_USES for u in chosen):
        raise ValidationError(N_("Choose permitted uses from the list"), field="uses")
    if restricted and not chosen:
        raise UsesRequired(field="uses")
    return chosen


def set_uses(grant: Grant, uses: list[str]) -> None:
    for use in uses:
        db.session.add(GrantUse(grant_id=grant.id, use=use))
    db.session.flush()


def uses_of(grant_ids: Iterable[int]) -> dict[int, list[str]]:
    ids = set(grant_ids)
    out: dict[int, list[str]] = {i: [] for i in ids}
    if ids:
        for grant_id, use in db.session.execute(
            sa.select(GrantUse.grant_id, GrantUse.use).where(GrantUse.grant_id.in_(ids)).order_by(GrantUse.use)
        ):
            out[grant_id].append(use)
    return out


def use_of(debit_key: str) -> str | None:
    return USE_OF_DEBIT.get(debit_key)


# --- what is there ----------------------------------------------------------------


def _restricted_left(fund_id: int) -> int:
    return int(db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(Grant.restricted_balance_satang), 0))
        .where(Grant.fund_id == fund_id, Grant.restricted)
    ))


def _pending_out(fund_id: int, *, excluding: int | None = None) -> int:
    stmt = sa.select(sa.func.coalesce(sa.func.sum(Disbursement.amount_satang), 0)).where(
        Disbursement.fund_id == fund_id, Disbursement.status == "pending",
        Disbursement.credit_key.in_(MONEY_KEYS),
    )
    if excluding is not None:
        stmt = stmt.where(Disbursement.id != excluding)
    return int(db.session.scalar(stmt))


def unrestricted_available(fund: Fund, *, excluding: int | None = None) -> int:
    """Cash and bank, less what pending requests reserve, less the restricted
    money not yet drawn (what pending requests drew is in the reserved part)."""
    b = balances(fund)
    held = sum(b[k] for k in MONEY_KEYS)
    return max(0, held - _pending_out(fund.id, excluding=excluding) - _restricted_left(fund.id))


def _grants_for(fund_id: int, use: str | None) -> list[Grant]:
    if use is None:
        return []
    permits = sa.exists().where(GrantUse.grant_id == Grant.id, GrantUse.tenant_id == Grant.tenant_id,
                                GrantUse.use == use)
    return list(db.session.scalars(
        sa.select(Grant)
        .where(Grant.fund_id == fund_id, Grant.restricted, Grant.restricted_balance_satang > 0, permits)
        .order_by(Grant.id)
        .execution_options(populate_existing=True)
    ))


def for_use(fund_id: int, use: str | None) -> int:
    return sum(g.restricted_balance_satang for g in _grants_for(fund_id, use))


# --- a disbursement's draws ----------------------------------------------------------


def take(disbursement: Disbursement) -> list[RestrictedDraw]:
    """Draw what a just-flushed pending request needs: restricted money of its
    use first, then unrestricted money, or refuse (the caller's savepoint
    undoes everything). The fund's row is locked, so requests of one fund are
    counted one after another."""
    if disbursement.credit_key not in MONEY_KEYS:
        return []
    fund = db.session.scalar(
        sa.select(Fund).where(Fund.id == disbursement.fund_id).with_for_update()
    )
    if fund is None:
        raise FundNotFound()
    use = use_of(disbursement.debit_key)
    grants = _grants_for(fund.id, use)
    free = unrestricted_available(fund, excluding=disbursement.id)
    usable = sum(g.restricted_balance_satang for g in grants)
    amount = disbursement.amount_satang
    if amount > free + usable:
        raise RestrictedMoneyOnly(
            needed=format_thb(amount), use=use_label(use), available=format_thb(free),
            for_use=format_thb(usable), field="amount",
        )
    draws, left = [], amount
    for grant in grants:
        if left <= 0:
            break
        part = min(grant.restricted_balance_satang, left)
        done = db.session.execute(
            sa.update(Grant)
            .where(Grant.id == grant.id, Grant.restricted_balance_satang >= part)
            .values(restricted_balance_satang=Grant.restricted_balance_satang - part)
            .returning(Grant.id)
            .execution_options(synchronize_session=False)
        ).first()
        if done is None:  # taken meanwhile: the fund's lock makes this a bug, not a race
            raise RestrictedMoneyOnly(needed=format_thb(amount), use=use_label(use), available=format_thb(free),
                                      for_use=format_thb(for_use(fund.id, use)), field="amount")
        db.session.expire(grant)
        draw = RestrictedDraw(grant_id=grant.id, disbursement_id=disbursement.id, use=use,
                              amount_satang=part, status="pending")
        db.session.add(draw)
        draws.append(draw)
        left -= part
    db.session.flush()
    return draws


def draws_of(disbursement_id: int, status: str | None = None) -> list[RestrictedDraw]:
    stmt = sa.select(RestrictedDraw).where(RestrictedDraw.disbursement_id == disbursement_id)
    if status:
        stmt = stmt.where(RestrictedDraw.status == status)
    return list(db.session.scalars(stmt.order_by(RestrictedDraw.id)))


def draws_with_grants(disbursement_id: int) -> list[tuple[RestrictedDraw, Grant]]:
    return list(db.session.execute(
        sa.select(RestrictedDraw, Grant)
        .join(Grant, sa.and_(Grant.id == RestrictedDraw.grant_id, Grant.tenant_id == RestrictedDraw.tenant_id))
        .where(RestrictedDraw.disbursement_id == disbursement_id)
        .order_by(RestrictedDraw.id)
    ).tuples().all())


def give_back(disbursement: Disbursement) -> None:
    """A rejected request's draws return to their grants."""
    for draw in draws_of(disbursement.id, "pending"):
        db.session.execute(
            sa.update(Grant).where(Grant.id == draw.grant_id)
            .values(restricted_balance_satang=Grant.restricted_balance_satang + draw.amount_satang)
            .execution_options(synchronize_session=False)
        )
        draw.status = "returned"
    db.session.flush()


def spend(disbursement: Disbursement, *, actor_id: int | None) -> None:
    """A paid request's draws leave "restricted grants" for grant income."""
    fund = db.session.get(Fund, disbursement.fund_id)
    for draw in draws_of(disbursement.id, "pending"):
        entry = ledger.post(
            entry_date=ledger.today(),
            memo=disbursement.purpose[:500],
            lines=[(accounts.account(fund, "restricted_grants"), draw.amount_satang),
                   (accounts.account(fund, "grant_income"), -draw.amount_satang)],
            idempotency_key=f"welfare.restricted_draw:{draw.id}",
            source=f"welfare.disbursement:{disbursement.id}",
            actor_id=actor_id,
        )
        draw.status = "spent"
        draw.journal_entry_id = entry.id
    db.session.flush()


# --- what the fund shows --------------------------------------------------------------


def summary(fund: Fund, *, with_grants: bool = True) -> dict:
    """Restricted money by grant and by permitted uses (what pending requests
    drew still counts until paid), and the unrestricted rest of cash and bank."""
    grants = list(db.session.scalars(
        sa.select(Grant).where(Grant.fund_id == fund.id, Grant.restricted).order_by(Grant.id)))
    pending: dict[int, int] = dict(db.session.execute(
        sa.select(RestrictedDraw.grant_id, sa.func.sum(RestrictedDraw.amount_satang))
        .where(RestrictedDraw.status == "pending", RestrictedDraw.grant_id.in_([g.id for g in grants]))
        .group_by(RestrictedDraw.grant_id)
    ).tuples().all()) if grants else {}
    uses = uses_of(g.id for g in grants)
    by_grant: list[dict] = []
    by_uses: dict[tuple[str, ...], int] = {}
    for grant in grants:
        amount = grant.restricted_balance_satang + int(pending.get(grant.id) or 0)
        if not amount:
            continue
        key = tuple(uses[grant.id])
        by_grant.append({"grant": grant, "uses": key, "amount": amount})
        by_uses[key] = by_uses.get(key, 0) + amount
    restricted = sum(by_uses.values())
    b = balances(fund)
    held = sum(b[k] for k in MONEY_KEYS)
    out = {
        "held": held,
        "restricted": restricted,
        "unrestricted": held - restricted,
        "by_uses": [{"uses": list(k), "labels": [GRANT_USES[u] for u in k], "amount": v}
                    for k, v in sorted(by_uses.items())],
    }
    if with_grants:
        out["by_grant"] = by_grant
    return out
