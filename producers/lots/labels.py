"""A4 label sheets: a grid of labels, each with the QR, the short URL, Thai
text, the network code and the certificate number. A lot's sheet prints
exactly the labels of one batch (capped by the harvest when it was issued)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for  # noqa: F401  (also used by the API schemas)

from core.errors import NotFound
from producers.lots import certstatus, ownership, qr, services
from producers.models.lots import LabelBatch

PER_SHEET = 24  # 3 × 8 labels of 70 × 37 mm on A4
MAX_PLOT_LABELS = 240


def short_url(token: str) -> str:
    return url_for("producers_public.qr_page", token=token, _external=True)


def qr_svg(token: str):
    return qr.svg(short_url(token))


def network_code(tenant) -> str:
    return (tenant.settings or {}).get("network_code") or tenant.slug.upper()


@dataclass
class Sheet:
    title: str
    network_code: str
    network_name: str
    farm: str
    plot_code: str
    plot_name: str
    crop: str | None
    lot_number: str | None
    harvested_on: object
    pack_kg: float | None
    certificate_number: str | None
    level: str | None
    status: str
    url: str
    svg: object
    count: int
    back_url: str

    @property
    def pages(self) -> list[range]:
        return [range(i, min(i + PER_SHEET, self.count)) for i in range(0, self.count, PER_SHEET)]


def lot_sheet(user, tenant, batch_id: int) -> Sheet:
    from core.db import db

    batch = db.session.get(LabelBatch, batch_id)
    if batch is None:
        raise NotFound()
    lot = services.get_lot(batch.lot_id)
    ownership.check_plot(user, tenant.id, lot.plot_id)
    plot = services.get_plot(lot.plot_id)
    code = services.qr_for_lot(lot)
    return Sheet(
        title=lot.number, network_code=network_code(tenant), network_name=tenant.name_th, farm=plot.farm.name,
        plot_code=plot.code, plot_name=plot.name, crop=lot.crop, lot_number=lot.number,
        harvested_on=lot.harvested_on, pack_kg=batch.pack_g / 1000,
        certificate_number=lot.cert_number_at_harvest, level=lot.cert_level_at_harvest,
        status=lot.cert_status_at_harvest, url=short_url(code.token), svg=qr_svg(code.token), count=batch.count,
        back_url=url_for("producers.lot", lot_id=lot.id),
    )


def plot_sheet(user, tenant, plot_id: int, count: int) -> Sheet:
    plot = services.get_plot(plot_id)
    ownership.check_plot(user, tenant.id, plot.id)
    code = services.qr_for_plot(plot.id)
    cert = certstatus.plot_status(plot.id)
    return Sheet(
        title=plot.code, network_code=network_code(tenant), network_name=tenant.name_th, farm=plot.farm.name,
        plot_code=plot.code, plot_name=plot.name, crop=None, lot_number=None, harvested_on=None, pack_kg=None,
        certificate_number=cert.certificate_number, level=cert.level, status=cert.status,
        url=short_url(code.token), svg=qr_svg(code.token), count=count,
        back_url=url_for("producers.lots", plot=plot.id),
    )
