"""The public page behind a plot's or a lot's QR: ``/q/<token>``. No log-in,
light enough for a cheap phone; ``Accept: application/json`` gives the same
facts as JSON. ETag and Cache-Control let phones and proxies keep it, and the
ETag changes whenever the certification does."""

from __future__ import annotations

import hashlib
import json
from datetime import date

from flask import Blueprint, Response, jsonify, render_template, request, url_for

from core.web import wants_json
from producers.lots import facts as facts_module
from producers.lots.qr import looks_like_token

bp = Blueprint("producers_public", __name__, template_folder="templates")

CACHE_CONTROL = "public, max-age=30, must-revalidate"
# Whole answers to visitors without a cookie are reused by each worker for as
# long as the facts are (core.microcache); a write here clears both at once.
MICRO_CACHE = {"/q/": facts_module.FRESH_SECONDS}


def _lang() -> str:
    from flask_babel import get_locale

    locale = get_locale()
    return locale.language if locale else "th"


def _not_found(as_json: bool):
    if as_json:
        body = {"error": {"code": "qr_not_found", "status": 404,
                          "message": _gettext("This QR code is not known. Check the label or ask the seller.")}}
        return jsonify(body), 404
    return render_template("producers/public/qr_unknown.html", lang=_lang()), 404


def _day(iso: str | None) -> str:
    from core.i18n.formatting import format_date

    return format_date(date.fromisoformat(iso), "long") if iso else "—"


def _gettext(msgid: str) -> str:
    from flask_babel import gettext

    return gettext(msgid)


_PAGES: dict[str, str] = {}  # the same facts in the same language render the same page
_PAGES_MAX = 2000


def _offers(token: str, facts: dict) -> list[dict]:
    """What can be reserved from this plot (or lot) now, each with the link to
    its reservation form; nothing when the certification does not allow
    selling."""
    now = facts["certification_now"]
    if facts["banner"] or now["status"] != "active":
        return []
    where = facts_module.locate(token)
    if where is None:
        return []
    from core.tenancy.context import tenant_context
    from producers.listings import services as listings

    crop = facts["lot"]["crop"] if facts.get("lot") else None
    with tenant_context(where.tenant_id):
        found = listings.open_for_qr(where.plot_id, crop)
        return [
            {"title": o.title, "unit": o.unit, "price_satang": o.price, "available": o.quantity_available,
             "reserve_url": url_for("producers.reserve", slug=facts["tenant_slug"], listing_id=o.id)}
            for o in found
        ]


def _rendered(digest: str, facts: dict, lang: str, token: str) -> str:
    page = _PAGES.get(digest)
    if page is None:
        catalogue = url_for("producers.catalogue", slug=facts["tenant_slug"], qr=token)
        page = render_template("producers/public/qr.html", f=facts, lang=lang, catalogue_url=catalogue, day=_day)
        if len(_PAGES) >= _PAGES_MAX:
            _PAGES.clear()
        _PAGES[digest] = page
    return page


@bp.get("/q/<token>")
def qr_page(token: str):
    as_json = wants_json()
    if not looks_like_token(token):
        return _not_found(as_json)
    facts = facts_module.facts_for(token)
    if facts is None:
        return _not_found(as_json)
    facts = {**facts, "offers": _offers(token, facts)}
    lang = _lang()
    kind = "json" if as_json else "html"
    digest = hashlib.sha256(
        json.dumps([facts, lang, kind], sort_keys=True, default=str).encode()
    ).hexdigest()[:32]
    etag = f'"{digest}"'
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL, "Vary": "Accept, Accept-Language, Cookie"}
    if etag in request.headers.get("If-None-Match", ""):
        return Response(status=304, headers=headers)
    if as_json:
        response = jsonify(facts)
    else:
        response = Response(_rendered(digest, facts, lang, token), mimetype="text/html")
    response.headers.update(headers)
    return response
