"""The picker's JSON answer: people or households matching a search, paged,
with village and household code and nothing private (see
:mod:`core.registry.picker`)."""

from __future__ import annotations

from flask import abort, jsonify, request

from core.auth.policies import A, C, F, S, V, declare, require
from core.registry import bp, picker

declare({"registry.pick": {A, S, V, F, C}})


@bp.get("/pick/<kind>.json")
@require("registry.pick")
def pick(kind: str):
    search = picker.SEARCHES.get(kind)
    if search is None:
        abort(404)
    from flask_babel import get_locale

    result = search(request.args.get("q"), request.args.get("page"), str(get_locale() or "th")[:2])
    return jsonify(result.as_json())
