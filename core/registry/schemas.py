"""API schemas of the registry. Output masks national IDs and phones and never
carries addresses; input is typed here and validated by the same policies as
the pages (in the services)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from core import clock
from core.api.paging import PageFields
from core.registry.models import VULNERABILITY_FLAGS
from core.registry.policies import mask_national_id, mask_phone


class PageArgs(Schema):
    """Search arguments (paging is ``core.api.paging``'s)."""

    q = fields.String(load_default="", validate=validate.Length(max=100))


class HouseholdArgs(PageArgs):
    village_id = fields.Integer(load_default=None)
    flag = fields.String(load_default=None, validate=validate.OneOf(VULNERABILITY_FLAGS))


class VillageOut(Schema):
    id = fields.Integer()
    moo = fields.Integer(allow_none=True)
    name_th = fields.String()
    name_en = fields.String()
    kind = fields.String()


class PersonOut(Schema):
    id = fields.Integer()
    household_id = fields.Integer(allow_none=True)
    title_th = fields.String(allow_none=True)
    first_name_th = fields.String()
    last_name_th = fields.String()
    first_name_en = fields.String(allow_none=True)
    last_name_en = fields.String(allow_none=True)
    national_id_masked = fields.Function(lambda p: mask_national_id(p.national_id))
    # the first digit: how the holder was registered (NATIONAL_ID_CATEGORIES)
    national_id_category = fields.Function(lambda p: p.national_id[0] if p.national_id else None)
    phone_masked = fields.Function(lambda p: mask_phone(p.phone))
    birth_date = fields.Date(allow_none=True)
    sex = fields.String(allow_none=True)
    vulnerability = fields.Function(lambda p: sorted(p.flags(clock.today())))


class HouseholdOut(Schema):
    id = fields.Integer()
    code = fields.String()
    village = fields.Nested(VillageOut, allow_none=True)
    head_person_id = fields.Integer(allow_none=True)
    member_count = fields.Function(lambda h: len(h.members))
    vulnerability = fields.Function(lambda h: sorted(h.vulnerability(clock.today())))


class HouseholdDetailOut(HouseholdOut):
    members = fields.List(fields.Nested(PersonOut))


class HouseholdPage(PageFields):
    items = fields.List(fields.Nested(HouseholdOut))


class PersonPage(PageFields):
    items = fields.List(fields.Nested(PersonOut))


class VillageList(Schema):
    items = fields.List(fields.Nested(VillageOut))


class HouseholdIn(Schema):
    code = fields.String(required=True)
    village_id = fields.Integer(load_default=None, allow_none=True)
    address = fields.String(load_default=None, allow_none=True)
    notes = fields.String(load_default=None, allow_none=True)


class PersonIn(Schema):
    household_id = fields.Integer(required=True)
    title_th = fields.String(load_default=None, allow_none=True)
    first_name_th = fields.String(required=True)
    last_name_th = fields.String(load_default="", allow_none=True)
    first_name_en = fields.String(load_default=None, allow_none=True)
    last_name_en = fields.String(load_default=None, allow_none=True)
    national_id = fields.String(load_default=None, allow_none=True, metadata={"description": "13 digits"})
    phone = fields.String(load_default=None, allow_none=True)
    birth_date = fields.String(
        load_default=None, allow_none=True,
        metadata={"description": "YYYY-MM-DD or DD/MM/YYYY; a year above 2400 is Buddhist Era"},
    )
    sex = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(["M", "F", "X", ""]))
    elderly = fields.Boolean(load_default=False)
    disabled = fields.Boolean(load_default=False)
    bedridden = fields.Boolean(load_default=False)
    chronic_illness = fields.Boolean(load_default=False)
    hardship = fields.Boolean(load_default=False)
    is_head = fields.Boolean(load_default=False)
