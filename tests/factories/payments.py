"""Payment factories: a bank account whose statements are matched against
the tenant's transfers, through the statements service."""

from __future__ import annotations

from core.db import db
from core.tenancy.context import tenant_context


def make_bank_account(tenant, **kw):
    """A bank account on the tenant's transfer landing account, committed."""
    from core.payments.accounts import landing_account
    from core.payments.statements import services as statements

    kw.setdefault("name", "กรุงไทย ออมทรัพย์")
    kw.setdefault("bank", "KTB")
    kw.setdefault("number", "123-4-56789-0")
    with tenant_context(tenant.id):
        account = statements.create_bank_account(
            ledger_account_id=landing_account("transfer").id, actor_id=None, **kw
        )
        db.session.commit()
        account.id  # loaded while the tenant is bound  # noqa: B018
        return account
