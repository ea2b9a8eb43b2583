"""A PGS network with one certified farmer (a producer user), a plot with a
planting and an active certificate, and a second farmer: rows written
directly, so these tests depend only on the certification read."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest

from core import clock
from core.db import db, utcnow
from core.tenancy.context import set_tenant, tenant_context

PHONE = "+66812345678"
NATIONAL_ID_SAMPLE = None  # filled by the fixture


@pytest.fixture(autouse=True)
def _fresh_public_cache():
    from producers.lots import facts

    facts.clear_cache()
    yield
    facts.clear_cache()


@pytest.fixture
def net(ctx, make_tenant, make_member, make_person, make_village):
    from producers.models.pgs import (
        Certificate,
        CertificatePlot,
        Farm,
        Inspection,
        Planting,
        Plot,
        ProducerGroup,
        Standard,
    )

    tenant = make_tenant(
        kind="pgs_network",
        slug="songkhla-test-pgs",
        name_th="เครือข่ายเกษตรอินทรีย์สงขลา",
        name_en="Songkhla PGS",
        settings={"network_code": "SKPGS"},
    )
    admin = make_member(tenant, "admin")
    producer = make_member(tenant, "producer")
    other_producer = make_member(tenant, "producer")
    village = make_village(tenant, moo=3, name_th="บ้านควนลัง", name_en="Ban Khuan Lang")
    person = make_person(tenant, user_id=producer.id, phone=PHONE, first_name_th="สมหญิง")
    other_person = make_person(tenant, user_id=other_producer.id)
    today = clock.today()
    with tenant_context(tenant.id):
        standard = Standard(code="GS", title_th="มาตรฐาน", status="active")
        db.session.add(standard)
        db.session.commit()
        standard_id = standard.id

    def farm_with_plot(
        p, code, *, level="organic", status="active", lat="7.123456", lon="100.654321"
    ):
        with tenant_context(tenant.id):
            group = ProducerGroup(name=f"กลุ่ม {code}", village_id=village.id)
            db.session.add(group)
            db.session.flush()
            farm = Farm(person_id=p.id, name=f"ไร่ {code}", group_id=group.id, village_id=village.id)
            db.session.add(farm)
            db.session.flush()
            plot = Plot(
                farm_id=farm.id,
                code=code,
                name=f"แปลง {code}",
                area_sqm=1600,
                lat=Decimal(lat),
                lon=Decimal(lon),
            )
            db.session.add(plot)
            db.session.flush()
            planting = Planting(
                plot_id=plot.id,
                crop="ผักบุ้ง",
                planted_on=today - timedelta(days=40),
                expected_harvest_on=today,
                expected_quantity_kg=Decimal("200"),
            )
            inspection = Inspection(
                farm_id=farm.id,
                inspected_on=today - timedelta(days=30),
                status="decided",
                verdict="pass",
                standard_id=standard_id,
                cycle=today.year,
            )
            cert = Certificate(
                farm_id=farm.id,
                number=f"SK-{code}",
                level=level,
                status=status,
                valid_from=today - timedelta(days=20),
                valid_until=today + timedelta(days=345),
            )
            db.session.add_all([planting, inspection, cert])
            db.session.flush()
            db.session.add(CertificatePlot(certificate_id=cert.id, plot_id=plot.id, crops=[]))
            db.session.commit()
            return SimpleNamespace(farm=farm, plot=plot, planting=planting, cert=cert, group=group)

    mine = farm_with_plot(person, "A01")
    theirs = farm_with_plot(other_person, "B01", level="in_conversion")
    set_tenant(tenant.id)

    def set_status(cert, status, **kw):
        with tenant_context(tenant.id):
            row = db.session.get(Certificate, cert.id)
            row.status = status
            for k, v in kw.items():
                setattr(row, k, v)
            row.updated_at = utcnow()
            db.session.commit()

    return SimpleNamespace(
        tenant=tenant,
        admin=admin,
        producer=producer,
        other_producer=other_producer,
        person=person,
        village=village,
        mine=mine,
        theirs=theirs,
        set_status=set_status,
        today=today,
    )


@pytest.fixture
def harvest(net):
    """Record a lot on the producer's plot (service level), committed."""
    from producers.lots import services

    def make(kg: int = 50, **kw):
        with tenant_context(net.tenant.id):
            lot = services.record_harvest(
                net.producer,
                net.tenant.id,
                plot_id=kw.pop("plot_id", net.mine.plot.id),
                quantity_g=kg * 1000,
                harvested_on=kw.pop("harvested_on", net.today),
                crop=kw.pop("crop", "ผักบุ้ง"),
                **kw,
            )
            db.session.commit()
            return lot

    return make


@pytest.fixture
def listing(net):
    from producers.listings import services

    def make(plot=None, actor=None, **kw):
        data = {
            "plot_id": (plot or net.mine.plot).id,
            "crop": "ผักบุ้ง",
            "title": "ผักบุ้งอินทรีย์",
            "unit": "kg",
            "price": "40",
            "quantity": 10,
            "pickup": True,
        }
        data.update(kw)
        with tenant_context(net.tenant.id):
            row = services.create_listing(actor or net.admin, net.tenant.id, data)
            db.session.commit()
            return row

    return make
