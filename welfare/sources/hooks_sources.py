"""Sources' part in governance: restricted money is drawn, given back and
spent with each disbursement (welfare.governance.disbursements); a fund's
overview page shows the unrestricted money available and a disbursement's
page the restricted money it drew, with the grants."""

from welfare.funds import panels
from welfare.governance import disbursements
from welfare.governance import panels as governance_panels
from welfare.sources import restricted


def unrestricted_panel(fund) -> dict:
    return {"free": restricted.unrestricted_available(fund)}


def draws_panel(disbursement) -> dict:
    return {"draws": restricted.draws_with_grants(disbursement.id)}


panels.fund_panel("welfare.sources", unrestricted_panel)
governance_panels.disbursement_panel("welfare.sources", draws_panel)
disbursements.register_money_source("welfare.sources", restricted)
