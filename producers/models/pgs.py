"""producers pgs models: the network's charter, producers and their plots, and
the Participatory Guarantee System workflow (pledge, peer inspection, screening,
committee decision, certificate, sanctions, appeals).

Units: plot areas are whole square metres (``area_sqm``; 1 rai = 1,600 m²,
1 ngan = 400 m², 1 square wa = 4 m²). Expected quantities are kilograms as
``Numeric(12, 3)`` (exact to the gram). Exact coordinates (``lat``/``lon``,
``geometry``) are staff-only: public pages round them or show the village.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import (
    BigId,
    Model,
    TenantScoped,
    TimestampMixin,
    UtcDateTime,
    tenant_relationship,
    utcnow,
)

SEVERITIES = ("minor", "major", "critical")
STANDARD_STATUSES = ("draft", "active", "retired")
LAND_TYPES = (
    "field",
    "paddy",
    "orchard",
    "vegetable",
    "rubber",
    "tree_bank",
    "agroforestry",
    "livestock",
    "other",
)
WATER_SOURCES = ("rain", "well", "pond", "canal", "irrigation", "river", "tap", "other")
INSPECTION_STATUSES = ("planned", "submitted", "screened", "decided", "cancelled")
VERDICTS = ("pass", "fail")
ANSWERS = ("pass", "fail", "na")
NC_STATUSES = ("open", "closed")
MEETING_STATUSES = ("open", "closed")
OUTCOMES = ("organic", "in_conversion", "deferred")
LEVELS = ("organic", "in_conversion")
CERTIFICATE_STATUSES = ("active", "suspended", "revoked", "expired")
SANCTION_KINDS = ("warning", "suspension", "revocation")
SANCTION_STATUSES = ("proposed", "in_force", "lifted", "overturned", "withdrawn")
APPEAL_STATUSES = ("open", "upheld", "dismissed")


def _in(column: str, values: tuple[str, ...], name: str | None = None) -> sa.CheckConstraint:
    listed = ",".join(f"'{v}'" for v in values)
    return sa.CheckConstraint(f"{column} IN ({listed})", name=name or column)


def _user_fk() -> sa.ForeignKey:
    return sa.ForeignKey("user_account.id", ondelete="SET NULL")


# --- the charter -------------------------------------------------------------


class Standard(TenantScoped, TimestampMixin, Model):
    """One version of the network's charter. Versions of one ``code`` are
    numbered; only a draft is edited, an active version is frozen."""

    __tablename__ = "producer_standard"

    code: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    version: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=1)
    title_th: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    title_en: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    status: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="draft")
    effective_from: Mapped[date | None] = mapped_column(sa.Date)
    notes: Mapped[str | None] = mapped_column(sa.Text)
    # Conflict-of-interest rules this charter relaxes for peer inspectors
    # (producers.pgs.conflicts.RULES: same_group, household, reciprocal); an
    # inspector never inspects their own farm.
    conflicts_allowed: Mapped[list] = mapped_column(
        sa.JSON, nullable=False, default=list, server_default="[]"
    )

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "code", "version", name="uq_producer_standard_version"),
        sa.CheckConstraint("version > 0", name="version_positive"),
        _in("status", STANDARD_STATUSES),
    )

    def title(self, lang: str = "th") -> str:
        return self.title_en if lang == "en" and self.title_en else self.title_th


class Criterion(TenantScoped, TimestampMixin, Model):
    __tablename__ = "producer_criterion"
    __tenant_refs__ = {"standard_id": "producer_standard:CASCADE"}

    standard_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    code: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    position: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    text_th: Mapped[str] = mapped_column(sa.Text, nullable=False)
    text_en: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    severity: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="major")

    standard: Mapped[Standard] = tenant_relationship("Criterion", "standard_id", "Standard")

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "standard_id", "code", name="uq_producer_criterion_code"),
        _in("severity", SEVERITIES),
    )

    def text(self, lang: str = "th") -> str:
        return self.text_en if lang == "en" and self.text_en else self.text_th


# --- producers and their land ------------------------------------------------


class ProducerGroup(TenantScoped, TimestampMixin, Model):
    __tablename__ = "producer_group"
    __tenant_refs__ = {"village_id": "village"}

    name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    village_id: Mapped[int | None] = mapped_column(BigId, index=True)
    notes: Mapped[str | None] = mapped_column(sa.Text)

    village = tenant_relationship("ProducerGroup", "village_id", "Village")

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "name", name="uq_producer_group_name"),
    )


class Farm(TenantScoped, TimestampMixin, Model):
    """A farmer's holding (one core Person). ``conversion_start`` comes from the
    signed pledge: the day after the last prohibited input."""

    __tablename__ = "producer_farm"
    __tenant_refs__ = {
        "group_id": "producer_group",
        "person_id": "person",
        "household_id": "household",
        "village_id": "village",
    }

    group_id: Mapped[int | None] = mapped_column(BigId, index=True)
    person_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    household_id: Mapped[int | None] = mapped_column(BigId, index=True)
    name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    village_id: Mapped[int | None] = mapped_column(BigId, index=True)
    conversion_start: Mapped[date | None] = mapped_column(sa.Date)

    group = tenant_relationship("Farm", "group_id", "ProducerGroup")
    person = tenant_relationship("Farm", "person_id", "Person")
    household = tenant_relationship("Farm", "household_id", "Household")
    village = tenant_relationship("Farm", "village_id", "Village")


class Pledge(TenantScoped, TimestampMixin, Model):
    """The farmer's signed commitment to the standard, with the farm history
    that sets the conversion start."""

    __tablename__ = "producer_pledge"
    __tenant_refs__ = {
        "farm_id": "producer_farm:CASCADE",
        "standard_id": "producer_standard",
        "document_id": "document",
    }

    farm_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    standard_id: Mapped[int] = mapped_column(BigId, nullable=False)
    signed_on: Mapped[date] = mapped_column(sa.Date, nullable=False)
    last_prohibited_input_on: Mapped[date | None] = mapped_column(sa.Date)
    history: Mapped[str | None] = mapped_column(sa.Text)
    document_id: Mapped[int | None] = mapped_column(BigId)  # the signed paper, scanned
    recorded_by_user_id: Mapped[int | None] = mapped_column(BigId, _user_fk())

    farm = tenant_relationship("Pledge", "farm_id", "Farm")
    standard = tenant_relationship("Pledge", "standard_id", "Standard")


class Plot(TenantScoped, TimestampMixin, Model):
    __tablename__ = "producer_plot"
    __tenant_refs__ = {"farm_id": "producer_farm", "tenure_document_id": "document"}

    farm_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    code: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    area_sqm: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    geometry: Mapped[dict | None] = mapped_column(sa.JSON)  # GeoJSON Point or Polygon (WGS84)
    # The outline as drawn or typed: a GeoJSON Polygon, [lon, lat], checked not
    # to cross itself (producers.pgs.shape); its area is ``area_sqm``. Staff only.
    shape: Mapped[dict | None] = mapped_column(sa.JSON(none_as_null=True))
    lat: Mapped[Decimal | None] = mapped_column(sa.Numeric(9, 6))
    lon: Mapped[Decimal | None] = mapped_column(sa.Numeric(9, 6))
    land_type: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="field")
    water_source: Mapped[str | None] = mapped_column(sa.String(20))
    buffer_notes: Mapped[str | None] = mapped_column(sa.Text)
    tenure_document_id: Mapped[int | None] = mapped_column(BigId)
    active: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)

    farm = tenant_relationship("Plot", "farm_id", "Farm")

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "code", name="uq_producer_plot_code"),
        sa.CheckConstraint("area_sqm > 0", name="area_positive"),
        sa.CheckConstraint("lat IS NULL OR (lat >= -90 AND lat <= 90)", name="lat_range"),
        sa.CheckConstraint("lon IS NULL OR (lon >= -180 AND lon <= 180)", name="lon_range"),
        _in("land_type", LAND_TYPES),
    )


class Planting(TenantScoped, TimestampMixin, Model):
    __tablename__ = "producer_planting"
    __tenant_refs__ = {"plot_id": "producer_plot:CASCADE"}

    plot_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    crop: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    variety: Mapped[str | None] = mapped_column(sa.String(100))
    season: Mapped[str | None] = mapped_column(sa.String(40))
    planted_on: Mapped[date | None] = mapped_column(sa.Date)
    expected_harvest_on: Mapped[date | None] = mapped_column(sa.Date)
    expected_quantity_kg: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 3))

    plot = tenant_relationship("Planting", "plot_id", "Plot")

    __extra_table_args__ = (
        sa.CheckConstraint(
            "planted_on IS NULL OR expected_harvest_on IS NULL OR expected_harvest_on >= planted_on",
            name="harvest_after_planting",
        ),
        sa.CheckConstraint(
            "expected_quantity_kg IS NULL OR expected_quantity_kg >= 0", name="quantity"
        ),
    )


# --- inspection --------------------------------------------------------------


class Inspection(TenantScoped, TimestampMixin, Model):
    """planned -> submitted (checklist complete, joint verdict) -> screened ->
    decided; or cancelled before a decision."""

    __tablename__ = "producer_inspection"
    __tenant_refs__ = {"farm_id": "producer_farm", "standard_id": "producer_standard"}

    farm_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    standard_id: Mapped[int] = mapped_column(BigId, nullable=False)
    cycle: Mapped[int] = mapped_column(sa.Integer, nullable=False)  # the year (CE)
    planned_on: Mapped[date | None] = mapped_column(sa.Date)
    inspected_on: Mapped[date | None] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="planned")
    verdict: Mapped[str | None] = mapped_column(sa.String(20))
    summary: Mapped[str | None] = mapped_column(sa.Text)
    submitted_by_user_id: Mapped[int | None] = mapped_column(BigId, _user_fk())
    screened_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    screened_by_user_id: Mapped[int | None] = mapped_column(BigId, _user_fk())
    screening_note: Mapped[str | None] = mapped_column(sa.Text)
    created_by_user_id: Mapped[int | None] = mapped_column(BigId, _user_fk())

    farm = tenant_relationship("Inspection", "farm_id", "Farm")
    standard = tenant_relationship("Inspection", "standard_id", "Standard")

    __extra_table_args__ = (
        _in("status", INSPECTION_STATUSES),
        sa.CheckConstraint("verdict IS NULL OR verdict IN ('pass','fail')", name="verdict"),
        sa.Index("ix_producer_inspection_cycle", "tenant_id", "cycle"),
    )


class InspectionInspector(TenantScoped, Model):
    """A peer inspector (a core Person) on an inspection's team."""

    __tablename__ = "producer_inspection_inspector"
    __tenant_refs__ = {"inspection_id": "producer_inspection:CASCADE", "person_id": "person"}

    inspection_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    person_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    verdict: Mapped[str | None] = mapped_column(sa.String(20))  # this inspector's sign-off
    added_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), nullable=False, default=utcnow
    )

    inspection = tenant_relationship("InspectionInspector", "inspection_id", "Inspection")
    person = tenant_relationship("InspectionInspector", "person_id", "Person")

    __extra_table_args__ = (
        sa.UniqueConstraint(
            "tenant_id", "inspection_id", "person_id", name="uq_producer_inspector_once"
        ),
    )


class ChecklistAnswer(TenantScoped, TimestampMixin, Model):
    __tablename__ = "producer_checklist_answer"
    __tenant_refs__ = {
        "inspection_id": "producer_inspection:CASCADE",
        "criterion_id": "producer_criterion",
        "photo_document_id": "document",
    }

    inspection_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    criterion_id: Mapped[int] = mapped_column(BigId, nullable=False)
    result: Mapped[str] = mapped_column(sa.String(10), nullable=False)
    note: Mapped[str | None] = mapped_column(sa.Text)
    photo_document_id: Mapped[int | None] = mapped_column(BigId)
    answered_by_user_id: Mapped[int | None] = mapped_column(BigId, _user_fk())

    criterion = tenant_relationship("ChecklistAnswer", "criterion_id", "Criterion")

    __extra_table_args__ = (
        sa.UniqueConstraint(
            "tenant_id", "inspection_id", "criterion_id", name="uq_producer_answer_once"
        ),
        _in("result", ANSWERS),
    )


class NonCompliance(TenantScoped, TimestampMixin, Model):
    """Graded at screening: a finding with its corrective action and due date."""

    __tablename__ = "producer_noncompliance"
    __tenant_refs__ = {
        "inspection_id": "producer_inspection:CASCADE",
        "farm_id": "producer_farm",
        "criterion_id": "producer_criterion",
    }

    inspection_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    farm_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    criterion_id: Mapped[int | None] = mapped_column(BigId)
    grade: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    description: Mapped[str] = mapped_column(sa.Text, nullable=False)
    corrective_action: Mapped[str] = mapped_column(sa.Text, nullable=False)
    due_on: Mapped[date] = mapped_column(sa.Date, nullable=False)
    status: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="open")
    opened_on: Mapped[date] = mapped_column(sa.Date, nullable=False)
    closed_on: Mapped[date | None] = mapped_column(sa.Date)
    closing_note: Mapped[str | None] = mapped_column(sa.Text)
    closed_by_user_id: Mapped[int | None] = mapped_column(BigId, _user_fk())

    criterion = tenant_relationship("NonCompliance", "criterion_id", "Criterion")
    farm = tenant_relationship("NonCompliance", "farm_id", "Farm")

    __extra_table_args__ = (
        _in("grade", SEVERITIES, name="grade"),
        _in("status", NC_STATUSES),
        sa.CheckConstraint("(status = 'closed') = (closed_on IS NOT NULL)", name="closed_pair"),
    )


# --- committee ---------------------------------------------------------------


class CommitteeMeeting(TenantScoped, TimestampMixin, Model):
    __tablename__ = "producer_meeting"
    __tenant_refs__ = {"minutes_document_id": "document"}

    held_on: Mapped[date] = mapped_column(sa.Date, nullable=False)
    place: Mapped[str | None] = mapped_column(sa.String(200))
    quorum: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=3)
    status: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="open")
    minutes: Mapped[str | None] = mapped_column(sa.Text)
    minutes_document_id: Mapped[int | None] = mapped_column(BigId)
    created_by_user_id: Mapped[int | None] = mapped_column(BigId, _user_fk())

    __extra_table_args__ = (
        sa.CheckConstraint("quorum >= 2", name="quorum_min"),
        _in("status", MEETING_STATUSES),
    )


class MeetingAttendee(TenantScoped, Model):
    """A committee member present at a meeting (a user of the tenant)."""

    __tablename__ = "producer_meeting_attendee"
    __tenant_refs__ = {"meeting_id": "producer_meeting:CASCADE"}

    meeting_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    user_id: Mapped[int] = mapped_column(BigId, sa.ForeignKey("user_account.id"), nullable=False)
    name: Mapped[str] = mapped_column(sa.String(200), nullable=False)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "meeting_id", "user_id", name="uq_producer_attendee_once"),
    )


class Decision(TenantScoped, TimestampMixin, Model):
    __tablename__ = "producer_decision"
    __tenant_refs__ = {
        "meeting_id": "producer_meeting",
        "inspection_id": "producer_inspection",
        "farm_id": "producer_farm",
    }

    meeting_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    inspection_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    farm_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    outcome: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    reason: Mapped[str | None] = mapped_column(sa.Text)
    present_count: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    decided_by_user_id: Mapped[int | None] = mapped_column(BigId, _user_fk())

    meeting = tenant_relationship("Decision", "meeting_id", "CommitteeMeeting")
    inspection = tenant_relationship("Decision", "inspection_id", "Inspection")

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "inspection_id", name="uq_producer_decision_once"),
        _in("outcome", OUTCOMES),
    )


# --- certificates ------------------------------------------------------------


class Certificate(TenantScoped, TimestampMixin, Model):
    """``updated_at`` moves with every change of state (the public page's ETag)."""

    __tablename__ = "producer_certificate"
    __crossing_fanout__ = True  # periodic tasks find the tenants with work (core.tenancy.crossing)
    __tenant_refs__ = {
        "farm_id": "producer_farm",
        "decision_id": "producer_decision",
        "standard_id": "producer_standard",
    }

    farm_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    decision_id: Mapped[int | None] = mapped_column(BigId)
    standard_id: Mapped[int | None] = mapped_column(BigId)
    number: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    level: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    status: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="active")
    valid_from: Mapped[date] = mapped_column(sa.Date, nullable=False)
    valid_until: Mapped[date] = mapped_column(sa.Date, nullable=False)
    suspended_until: Mapped[date | None] = mapped_column(sa.Date)
    reminder_sent_on: Mapped[date | None] = mapped_column(sa.Date)

    farm = tenant_relationship("Certificate", "farm_id", "Farm")

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "number", name="uq_producer_certificate_number"),
        sa.CheckConstraint("valid_until >= valid_from", name="valid_range"),
        _in("level", LEVELS),
        _in("status", CERTIFICATE_STATUSES),
    )


class CertificatePlot(TenantScoped, Model):
    """A plot in a certificate's scope; ``crops`` empty means every crop."""

    __tablename__ = "producer_certificate_plot"
    __tenant_refs__ = {"certificate_id": "producer_certificate:CASCADE", "plot_id": "producer_plot"}

    certificate_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    plot_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    crops: Mapped[list] = mapped_column(sa.JSON, nullable=False, default=list)

    plot = tenant_relationship("CertificatePlot", "plot_id", "Plot")

    __extra_table_args__ = (
        sa.UniqueConstraint(
            "tenant_id", "certificate_id", "plot_id", name="uq_producer_certificate_plot"
        ),
    )


class CertificateEvent(TenantScoped, Model):
    """Every change of a certificate's state, with the day it took effect: the
    history that answers "what was the status on that day"."""

    __tablename__ = "producer_certificate_event"
    __tenant_refs__ = {"certificate_id": "producer_certificate:CASCADE"}

    certificate_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    kind: Mapped[str] = mapped_column(sa.String(30), nullable=False)
    status_after: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    effective_on: Mapped[date] = mapped_column(sa.Date, nullable=False)
    suspended_until: Mapped[date | None] = mapped_column(sa.Date)
    note: Mapped[str | None] = mapped_column(sa.Text)
    user_id: Mapped[int | None] = mapped_column(BigId, _user_fk())
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), nullable=False, default=utcnow
    )

    __extra_table_args__ = (_in("status_after", CERTIFICATE_STATUSES, name="status_after"),)


class Sanction(TenantScoped, TimestampMixin, Model):
    """warning (in force at once), suspension until a date (in force at once),
    revocation (proposed, in force when a second committee member confirms)."""

    __tablename__ = "producer_sanction"
    __tenant_refs__ = {
        "certificate_id": "producer_certificate",
        "noncompliance_id": "producer_noncompliance",
    }

    certificate_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    noncompliance_id: Mapped[int | None] = mapped_column(BigId)
    kind: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    status: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    reason: Mapped[str] = mapped_column(sa.Text, nullable=False)
    suspended_until: Mapped[date | None] = mapped_column(sa.Date)
    status_before: Mapped[str | None] = mapped_column(
        sa.String(20)
    )  # the certificate's, to restore on appeal
    proposed_by_user_id: Mapped[int | None] = mapped_column(BigId, _user_fk())
    confirmed_by_user_id: Mapped[int | None] = mapped_column(BigId, _user_fk())
    effective_on: Mapped[date | None] = mapped_column(sa.Date)

    certificate = tenant_relationship("Sanction", "certificate_id", "Certificate")

    __extra_table_args__ = (
        _in("kind", SANCTION_KINDS),
        _in("status", SANCTION_STATUSES),
        sa.CheckConstraint(
            "kind <> 'suspension' OR suspended_until IS NOT NULL", name="suspension_date"
        ),
        sa.CheckConstraint(
            "confirmed_by_user_id IS NULL OR proposed_by_user_id IS NULL OR confirmed_by_user_id <> proposed_by_user_id",
            name="two_people",
        ),
    )


class Appeal(TenantScoped, TimestampMixin, Model):
    __tablename__ = "producer_appeal"
    __tenant_refs__ = {"sanction_id": "producer_sanction"}

    sanction_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    lodged_on: Mapped[date] = mapped_column(sa.Date, nullable=False)
    grounds: Mapped[str] = mapped_column(sa.Text, nullable=False)
    status: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="open")
    resolution: Mapped[str | None] = mapped_column(sa.Text)
    lodged_by_user_id: Mapped[int | None] = mapped_column(BigId, _user_fk())
    decided_by_user_id: Mapped[int | None] = mapped_column(BigId, _user_fk())
    decided_on: Mapped[date | None] = mapped_column(sa.Date)

    sanction = tenant_relationship("Appeal", "sanction_id", "Sanction")

    __extra_table_args__ = (_in("status", APPEAL_STATUSES),)
