"""API schemas of the PGS area. Inputs are loosely typed here (strings or
numbers) and validated by the same services as the pages, so the API and the
forms refuse the same things with the same messages."""

from __future__ import annotations

from marshmallow import INCLUDE, Schema, fields, validate

from core.api.paging import PageFields


class Loose(Schema):
    class Meta:
        unknown = INCLUDE


class PageArgs(Schema):
    q = fields.String(load_default="", validate=validate.Length(max=100))


class StandardIn(Schema):
    code = fields.String(load_default=None, allow_none=True)
    title_th = fields.String(load_default=None, allow_none=True)
    title_en = fields.String(load_default="")


class CriterionIn(Schema):
    code = fields.String(load_default=None, allow_none=True)
    text_th = fields.String(load_default=None, allow_none=True)
    text_en = fields.String(load_default="")
    severity = fields.String(
        load_default="major", metadata={"enum": ["minor", "major", "critical"]}
    )


class CriterionOut(Schema):
    id = fields.Integer()
    code = fields.String()
    position = fields.Integer()
    text_th = fields.String()
    text_en = fields.String()
    severity = fields.String()


class StandardOut(Schema):
    id = fields.Integer()
    code = fields.String()
    version = fields.Integer()
    title_th = fields.String()
    title_en = fields.String()
    status = fields.String()
    effective_from = fields.Date(allow_none=True)
    conflicts_allowed = fields.List(
        fields.String(), metadata={"description": "conflict-of-interest rules this charter relaxes"}
    )


class StandardDetailOut(StandardOut):
    criteria = fields.List(fields.Nested(CriterionOut))


class GroupIn(Schema):
    name = fields.String(load_default=None, allow_none=True)
    village_id = fields.Integer(load_default=None, allow_none=True)
    notes = fields.String(load_default=None, allow_none=True)


class GroupOut(Schema):
    id = fields.Integer()
    name = fields.String()
    village_id = fields.Integer(allow_none=True)


class FarmIn(Schema):
    person_id = fields.Integer(load_default=None, allow_none=True)
    name = fields.String(load_default=None, allow_none=True)
    group_id = fields.Integer(load_default=None, allow_none=True)
    village_id = fields.Integer(load_default=None, allow_none=True)


class FarmOut(Schema):
    id = fields.Integer()
    name = fields.String()
    person_id = fields.Integer()
    group_id = fields.Integer(allow_none=True)
    village_id = fields.Integer(allow_none=True)
    conversion_start = fields.Date(allow_none=True)


class PledgeIn(Schema):
    standard_id = fields.Integer(load_default=None, allow_none=True)
    signed_on = fields.String(
        load_default=None, allow_none=True, metadata={"description": "YYYY-MM-DD"}
    )
    last_prohibited_input_on = fields.String(load_default=None, allow_none=True)
    history = fields.String(load_default=None, allow_none=True)


class PlotIn(Loose):
    code = fields.String()
    name = fields.String()
    area_sqm = fields.Raw(
        metadata={"description": "square metres (or give area_rai, area_ngan, area_wa)"}
    )
    area_rai = fields.Raw()
    area_ngan = fields.Raw()
    area_wa = fields.Raw()
    lat = fields.Raw()
    lon = fields.Raw()
    geometry = fields.Raw(metadata={"description": "GeoJSON Point or Polygon"})
    shape = fields.Raw(
        metadata={
            "description": "the plot's outline, a GeoJSON Polygon [lon, lat] that does not "
            "cross itself; its area becomes area_sqm"
        }
    )
    land_type = fields.String()
    water_source = fields.String(allow_none=True)
    buffer_notes = fields.String(allow_none=True)


class PlotOut(Schema):
    id = fields.Integer()
    farm_id = fields.Integer()
    code = fields.String()
    name = fields.String()
    area_sqm = fields.Integer()
    geometry = fields.Raw(allow_none=True)
    shape = fields.Raw(allow_none=True)
    lat = fields.Decimal(as_string=True, allow_none=True)
    lon = fields.Decimal(as_string=True, allow_none=True)
    land_type = fields.String()
    water_source = fields.String(allow_none=True)
    buffer_notes = fields.String(allow_none=True)
    tenure_document_id = fields.Integer(allow_none=True)


class PlotPage(PageFields):
    items = fields.List(fields.Nested(PlotOut))


class PlantingIn(Loose):
    crop = fields.String(load_default=None, allow_none=True)
    variety = fields.String(allow_none=True)
    season = fields.String(allow_none=True)
    planted_on = fields.String(allow_none=True)
    expected_harvest_on = fields.String(allow_none=True)
    expected_quantity_kg = fields.Raw(allow_none=True)


class PlantingOut(Schema):
    id = fields.Integer()
    plot_id = fields.Integer()
    crop = fields.String()
    variety = fields.String(allow_none=True)
    season = fields.String(allow_none=True)
    planted_on = fields.Date(allow_none=True)
    expected_harvest_on = fields.Date(allow_none=True)
    expected_quantity_kg = fields.Decimal(as_string=True, allow_none=True)


class CertificationOut(Schema):
    level = fields.String(allow_none=True)
    status = fields.String()
    certificate_id = fields.Integer(allow_none=True)
    certificate_number = fields.String(allow_none=True)
    valid_from = fields.Date(allow_none=True)
    valid_until = fields.Date(allow_none=True)
    suspended_until = fields.Date(allow_none=True)
    last_inspection_on = fields.Date(allow_none=True)
    last_inspection_verdict = fields.String(allow_none=True)


class InspectionIn(Schema):
    cycle = fields.Integer(load_default=None, allow_none=True)
    planned_on = fields.String(load_default=None, allow_none=True)


class AnswerOut(Schema):
    criterion_id = fields.Integer()
    result = fields.String()
    note = fields.String(allow_none=True)
    photo_document_id = fields.Integer(allow_none=True)


class NonComplianceOut(Schema):
    id = fields.Integer()
    inspection_id = fields.Integer()
    criterion_id = fields.Integer(allow_none=True)
    grade = fields.String()
    description = fields.String()
    corrective_action = fields.String()
    due_on = fields.Date()
    status = fields.String()
    closed_on = fields.Date(allow_none=True)


class TeamMemberOut(Schema):
    person_id = fields.Integer()
    verdict = fields.String(allow_none=True)


class InspectionOut(Schema):
    id = fields.Integer()
    farm_id = fields.Integer()
    standard_id = fields.Integer()
    cycle = fields.Integer()
    planned_on = fields.Date(allow_none=True)
    inspected_on = fields.Date(allow_none=True)
    status = fields.String()
    verdict = fields.String(allow_none=True)
    summary = fields.String(allow_none=True)


class InspectionDetailOut(InspectionOut):
    team = fields.List(fields.Nested(TeamMemberOut))
    answers = fields.List(fields.Nested(AnswerOut))
    noncompliances = fields.List(fields.Nested(NonComplianceOut))


class TeamIn(Schema):
    person_id = fields.Integer(load_default=None, allow_none=True)


class AnswerIn(Schema):
    criterion_id = fields.Integer(load_default=None, allow_none=True)
    result = fields.String(
        load_default=None, allow_none=True, metadata={"enum": ["pass", "fail", "na"]}
    )
    note = fields.String(load_default=None, allow_none=True)


class VerdictIn(Schema):
    verdict = fields.String(load_default=None, allow_none=True, metadata={"enum": ["pass", "fail"]})
    inspected_on = fields.String(load_default=None, allow_none=True)
    summary = fields.String(load_default=None, allow_none=True)


class GradeIn(Schema):
    criterion_id = fields.Integer(load_default=None, allow_none=True)
    grade = fields.String(
        load_default=None, allow_none=True, metadata={"enum": ["minor", "major", "critical"]}
    )
    description = fields.String(load_default=None, allow_none=True)
    corrective_action = fields.String(load_default=None, allow_none=True)
    due_on = fields.String(load_default=None, allow_none=True)


class NoteIn(Schema):
    note = fields.String(load_default=None, allow_none=True)


class MeetingIn(Schema):
    held_on = fields.String(load_default=None, allow_none=True)
    quorum = fields.Integer(load_default=None, allow_none=True)
    place = fields.String(load_default=None, allow_none=True)


class AttendeeIn(Schema):
    user_id = fields.Integer(load_default=None, allow_none=True)


class MeetingOut(Schema):
    id = fields.Integer()
    held_on = fields.Date()
    place = fields.String(allow_none=True)
    quorum = fields.Integer()
    status = fields.String()
    present = fields.Integer()


class DecisionIn(Schema):
    inspection_id = fields.Integer(load_default=None, allow_none=True)
    outcome = fields.String(
        load_default=None,
        allow_none=True,
        metadata={"enum": ["organic", "in_conversion", "deferred"]},
    )
    reason = fields.String(load_default=None, allow_none=True)
    scope = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        load_default=None,
        allow_none=True,
        metadata={"description": "plot id -> crops (empty list = all crops)"},
    )


class DecisionOut(Schema):
    id = fields.Integer()
    meeting_id = fields.Integer()
    inspection_id = fields.Integer()
    farm_id = fields.Integer()
    outcome = fields.String()
    reason = fields.String(allow_none=True)
    present_count = fields.Integer()
    certificate_id = fields.Integer(allow_none=True)


class ScopeOut(Schema):
    plot_id = fields.Integer()
    crops = fields.List(fields.String())


class CertificateOut(Schema):
    id = fields.Integer()
    farm_id = fields.Integer()
    number = fields.String()
    level = fields.String()
    status = fields.String()
    valid_from = fields.Date()
    valid_until = fields.Date()
    suspended_until = fields.Date(allow_none=True)


class CertificateDetailOut(CertificateOut):
    status_now = fields.String()
    scope = fields.List(fields.Nested(ScopeOut))


class SanctionIn(Schema):
    kind = fields.String(
        load_default=None,
        allow_none=True,
        metadata={"enum": ["warning", "suspension", "revocation"]},
    )
    reason = fields.String(load_default=None, allow_none=True)
    suspended_until = fields.String(load_default=None, allow_none=True)
    noncompliance_id = fields.Integer(load_default=None, allow_none=True)


class SanctionOut(Schema):
    id = fields.Integer()
    certificate_id = fields.Integer()
    kind = fields.String()
    status = fields.String()
    reason = fields.String()
    suspended_until = fields.Date(allow_none=True)
    proposed_by_user_id = fields.Integer(allow_none=True)
    confirmed_by_user_id = fields.Integer(allow_none=True)


class AppealIn(Schema):
    grounds = fields.String(load_default=None, allow_none=True)


class AppealDecisionIn(Schema):
    outcome = fields.String(
        load_default=None, allow_none=True, metadata={"enum": ["upheld", "dismissed"]}
    )
    resolution = fields.String(load_default=None, allow_none=True)


class AppealOut(Schema):
    id = fields.Integer()
    sanction_id = fields.Integer()
    lodged_on = fields.Date()
    grounds = fields.String()
    status = fields.String()
    resolution = fields.String(allow_none=True)


class DashboardOut(Schema):
    plots = fields.Integer()
    area_sqm = fields.Integer()
    farms = fields.Integer()
    groups = fields.Integer()
    by_category = fields.Dict()
    crops = fields.List(fields.Raw())
    harvest = fields.List(fields.Raw())
    grid = fields.List(fields.Raw())
    nc_open = fields.Dict()
    nc_overdue = fields.Integer()
    nc_closed = fields.Integer()
    nc_median_days = fields.Float(allow_none=True)
