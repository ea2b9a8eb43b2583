"""Listings of certified goods and the public catalogue. A listing is shown
only while its plot's certificate is active: visibility is computed from
``producers.certification`` when it is read, so a suspension, revocation or
expiry hides it at once. Flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from core.audit.services import record
from core.db import db
from core.errors import N_, Conflict, NotFound, ValidationError
from core.forms import parse
from core.money import Money
from core.registry.models import Village
from producers.lots import certstatus, ownership
from producers.lots.services import get_lot, get_plot
from producers.models.listings import UNITS, Listing
from producers.models.pgs import Farm, Plot, ProducerGroup

MAX_UNITS = 1_000_000
MAX_PRICE_SATANG = 10_000_000_00  # ten million baht a unit


class ListingNotFound(NotFound):
    code = "listing_not_found"
    message = N_("This listing is not available")


class NotCertified(ValidationError):
    code = "not_certified"
    message = N_("Only goods from a plot with an active certificate can be listed")


def _int(value, field: str, *, low: int = 1, high: int = MAX_UNITS) -> int:
    number = parse.whole(value, field, message=N_("Enter a whole number"))
    if number is None:
        raise ValidationError(N_("Enter a whole number"), field=field)
    if not low <= number <= high:
        raise ValidationError(N_("Enter a number from %(low)s to %(high)s"), field=field, low=low, high=high)
    return number


def _price(value) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        satang = value
    else:
        satang = Money.parse(str(value or ""), field="price").satang
    if satang <= 0 or satang > MAX_PRICE_SATANG:
        raise ValidationError(N_("The price must be more than zero"), field="price")
    return satang


def create_listing(actor, tenant_id: int, data: dict) -> Listing:
    """``data``: plot_id or lot_id, title, crop, unit, price (text in baht or
    int satang), quantity, pickup, delivery, pickup_note, delivery_note, description."""
    lot = get_lot(int(data["lot_id"])) if data.get("lot_id") else None
    plot = get_plot(lot.plot_id if lot else int(data.get("plot_id") or 0))
    ownership.check_plot(actor, tenant_id, plot.id)
    crop = (lot.crop if lot else (data.get("crop") or "")).strip()
    if not crop or len(crop) > 100:
        raise ValidationError(N_("Name the crop"), field="crop")
    title = (data.get("title") or "").strip() or crop
    if len(title) > 200:
        raise ValidationError(N_("The title is too long"), field="title")
    unit = data.get("unit") or "kg"
    if unit not in UNITS:
        raise ValidationError(N_("Choose a unit"), field="unit")
    price = _price(data.get("price"))
    quantity = _int(data.get("quantity"), "quantity")
    if lot is not None and unit == "kg" and quantity * 1000 > lot.quantity_g:
        raise ValidationError(N_("More than was harvested in this lot (%(kg)s kg)"), field="quantity",
                              kg=f"{lot.quantity_g / 1000:,.3f}")
    pickup, delivery = bool(data.get("pickup")), bool(data.get("delivery"))
    if not (pickup or delivery):
        raise ValidationError(N_("Offer pickup, delivery or both"), field="pickup")
    if not certstatus.sellable(plot.id, crop=crop):
        raise NotCertified(field="plot_id")
    listing = Listing(
        plot_id=plot.id, lot_id=lot.id if lot else None, crop=crop, title=title,
        description=(data.get("description") or "").strip()[:2000] or None, unit=unit, price=price,
        quantity_listed=quantity, quantity_available=quantity, pickup=pickup, delivery=delivery,
        pickup_note=(data.get("pickup_note") or "").strip()[:300] or None,
        delivery_note=(data.get("delivery_note") or "").strip()[:300] or None,
        status="open", created_by_user_id=getattr(actor, "id", None),
    )
    db.session.add(listing)
    db.session.flush()
    record("producers.listing.create", actor_id=getattr(actor, "id", None), target_type="producer_listing",
           target_id=listing.id, after={"plot_id": plot.id, "lot_id": listing.lot_id, "crop": crop,
                                        "price": price, "quantity": quantity, "unit": unit})
    return listing


def get_listing(listing_id: int) -> Listing:
    listing = db.session.get(Listing, listing_id)
    if listing is None:
        raise ListingNotFound()
    return listing


def close_listing(actor, tenant_id: int, listing_id: int) -> Listing:
    listing = get_listing(listing_id)
    ownership.check_plot(actor, tenant_id, listing.plot_id)
    if listing.status == "closed":
        raise Conflict(N_("This listing is already closed"))
    listing.status = "closed"
    db.session.flush()
    record("producers.listing.close", actor_id=getattr(actor, "id", None), target_type="producer_listing",
           target_id=listing.id)
    return listing


def own_listings(actor, tenant_id: int, limit: int | None = 500) -> list[Listing]:
    stmt = sa.select(Listing).order_by(Listing.status.desc(), Listing.id.desc()).limit(limit)
    return list(db.session.scalars(ownership.visible_plots(actor, tenant_id, stmt, Listing.plot_id)))


# --- what consumers see ------------------------------------------------------


@dataclass(frozen=True)
class Offer:
    """A listing as the public sees it, with the certification of its plot now."""

    listing: Listing
    level: str
    certificate_number: str | None
    farm: str
    group: str | None
    village: str | None
    village_id: int | None


def visible(listing: Listing) -> certstatus.PlotCertification | None:
    """The plot's certification when the listing may be shown, else None."""
    if listing.status != "open":
        return None
    cert = certstatus.plot_status(listing.plot_id, crop=listing.crop)
    if cert.status != "active" or cert.level not in ("organic", "in_conversion"):
        return None
    return cert


def catalogue(*, q: str = "", village_id: int | None = None, level: str | None = None,
              plot_id: int | None = None, lang: str = "th", limit: int | None = 200) -> list[Offer]:
    """Open listings of currently certified plots, searched by product, village
    and certification level."""
    stmt = (
        sa.select(Listing, Farm.name, ProducerGroup.name, Village.name_th, Village.name_en, Village.moo, Village.id)
        .join(Plot, Plot.id == Listing.plot_id)
        .join(Farm, Farm.id == Plot.farm_id)
        .outerjoin(ProducerGroup, ProducerGroup.id == Farm.group_id)
        .outerjoin(Village, Village.id == sa.func.coalesce(Farm.village_id, ProducerGroup.village_id))
        .where(Listing.status == "open", Listing.quantity_available > 0)
        .order_by(Listing.id.desc())
        .limit(limit)
    )
    q = (q or "").strip()[:100]
    if q:
        like = f"%{q.replace('%', '').replace('_', '')}%"
        stmt = stmt.where(sa.or_(Listing.title.ilike(like), Listing.crop.ilike(like)))
    if village_id:
        stmt = stmt.where(Village.id == village_id)
    if plot_id:
        stmt = stmt.where(Listing.plot_id == plot_id)
    offers, seen = [], {}
    for listing, farm, group, v_th, v_en, moo, v_id in db.session.execute(stmt):
        key = (listing.plot_id, listing.crop)
        if key not in seen:
            seen[key] = visible(listing)
        cert = seen[key]
        if cert is None or (level and cert.level != level):
            continue
        name = (v_en if lang == "en" and v_en else v_th)
        village = (f"{moo} {name}" if moo else name) if name else None
        offers.append(Offer(listing, cert.level, cert.certificate_number, farm, group, village, v_id))
    return offers


def open_for_qr(plot_id: int, crop: str | None = None, limit: int = 5) -> list[Listing]:
    """Open listings with something left of the plot behind a QR (of the
    lot's crop, for a lot's QR) while the plot's certificate allows selling."""
    offers = catalogue(plot_id=plot_id, limit=50)
    wanted = (crop or "").strip().casefold()
    return [o.listing for o in offers if not wanted or o.listing.crop.strip().casefold() == wanted][:limit]


def catalogue_villages() -> list[Village]:
    return list(db.session.scalars(sa.select(Village).order_by(Village.moo, Village.name_th)))
