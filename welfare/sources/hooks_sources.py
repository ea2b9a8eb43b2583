"""Sources' part in a fund's overview page: the unrestricted money available."""

from welfare.funds import panels
from welfare.sources import restricted


def unrestricted_panel(fund) -> dict:
    return {"free": restricted.unrestricted_available(fund)}


panels.fund_panel("welfare.sources", unrestricted_panel)
