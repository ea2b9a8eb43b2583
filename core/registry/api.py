"""API: registry (``/api/v1/t/<slug>/registry``). Lists are paginated; IDs and
phones are masked; input errors are 422 JSON naming each field with a stable
code, in the caller's language."""

from __future__ import annotations

from flask import g, jsonify
from flask.views import MethodView
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Blueprint

from core.api.paging import paged
from core.api_auth import api_require
from core.boundary import abandon, api_writes
from core.registry import queries, services
from core.registry.policies import FieldErrors
from core.registry.schemas import (
    HouseholdArgs,
    HouseholdDetailOut,
    HouseholdIn,
    HouseholdOut,
    HouseholdPage,
    PageArgs,
    PersonIn,
    PersonOut,
    PersonPage,
    VillageList,
)

blp = Blueprint("registry_api", __name__, url_prefix="/api/v1/t/<slug>/registry", description="Registry")


@blp.errorhandler(FieldErrors)
def _field_errors(exc: FieldErrors):
    abandon()

    def text(e):
        return _(e.message, **e.params) if e.params else _(e.message)

    body = {
        "error": {
            "code": exc.code,
            "message": _("Please check the highlighted fields"),
            "status": 422,
            "field": exc.field,
            "fields": {e.field: [text(e)] for e in exc.errors},
            "codes": {e.field: e.code for e in exc.errors},
        }
    }
    return jsonify(body), 422


@blp.route("/households")
class Households(MethodView):
    @api_require("registry.view")
    @blp.arguments(HouseholdArgs, location="query")
    @blp.response(200, HouseholdPage)
    @paged(blp)
    def get(self, args):
        """Households, searched by code or member name, filtered by village and vulnerability."""
        return {"items": queries.households_query(**args)}

    @api_require("registry.edit")
    @blp.arguments(HouseholdIn)
    @blp.response(201, HouseholdOut)
    @api_writes
    def post(self, data):
        """Create a household (code unique in the tenant)."""
        household = services.create_household(current_user, g.tenant, data)
        return household


@blp.route("/households/<int:household_id>")
class HouseholdDetail(MethodView):
    @api_require("registry.view")
    @blp.response(200, HouseholdDetailOut)
    def get(self, household_id: int):
        """A household with its members."""
        return queries.get_household(household_id)


@blp.route("/persons")
class Persons(MethodView):
    @api_require("registry.view")
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, PersonPage)
    @paged(blp)
    def get(self, args):
        """People, searched by Thai name."""
        return {"items": queries.people_query(**args)}

    @api_require("registry.edit")
    @blp.arguments(PersonIn)
    @blp.response(201, PersonOut)
    @api_writes
    def post(self, data):
        """Add a person to a household; national ID, phone and birth date are validated."""
        household = queries.get_household(data.pop("household_id"))
        make_head = data.pop("is_head")
        person = services.add_person(current_user, g.tenant, household, data, make_head=make_head)
        return person


@blp.route("/villages")
class Villages(MethodView):
    @api_require("registry.view")
    @blp.response(200, VillageList)
    @paged(blp)
    def get(self):
        """The tenant's villages (หมู่)."""
        return {"items": queries.villages()}
