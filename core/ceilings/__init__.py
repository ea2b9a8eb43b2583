"""Per-tenant ceilings on cash receipts, donations, waste-bank deposits and
stock movements; above them a second authorised person confirms."""

from flask import Blueprint

from core.auth.policies import A, F, S, declare

declare({
    "ceilings.confirm": {A, S, F},
    "ceilings.settings": {A},
})

bp = Blueprint("ceilings", __name__, url_prefix="/t/<slug>/ceilings")

from core.ceilings import routes  # noqa: E402,F401
