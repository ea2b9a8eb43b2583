"""Governance's part in a fund's overview page: its signatories (with their
names) and how many are valid today."""

from welfare.funds import panels, queries
from welfare.governance import disbursements
from welfare.governance import services as governance


def signatories_panel(fund) -> dict:
    signatories = governance.list_signatories(fund.id)
    return {
        "signatories": signatories,
        "names": queries.user_names([s.user_id for s in signatories]),
        "valid_count": len(disbursements.valid_signatories(fund.id)),
    }


panels.fund_panel("welfare.governance", signatories_panel)
