"""The one error envelope every JSON error is sent in (see ``core.web``):

    {"error": {"code": "not_found", "message": "...", "status": 404, ...}}

declared here as a schema so the OpenAPI document promises what the server
actually sends."""

from __future__ import annotations

import marshmallow as ma


class ErrorBody(ma.Schema):
    code = ma.fields.String(
        required=True, metadata={"description": "Stable machine-readable code, e.g. not_found"}
    )
    message = ma.fields.String(required=True, metadata={"description": "In the caller's language"})
    status = ma.fields.Integer(required=True, metadata={"description": "The HTTP status"})
    field = ma.fields.String(metadata={"description": "The input field the error is about"})
    fields_ = ma.fields.Dict(
        data_key="fields",
        keys=ma.fields.String(),
        metadata={
            "description": "Messages per field; for request validation, per location "
            "(json, query, form, files) then per field"
        },
    )
    codes = ma.fields.Dict(
        keys=ma.fields.String(), values=ma.fields.String(), metadata={"description": "Code per field"}
    )
    retry_after = ma.fields.Integer(metadata={"description": "Seconds to wait (429 only)"})


class Error(ma.Schema):
    error = ma.fields.Nested(ErrorBody, required=True)


# The errors every operation declares (flask-smorest's response names, each a
# component whose body is the envelope above); anything else is ``default``.
DECLARED_ERRORS = ("BAD_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "CONFLICT",
                   "UNPROCESSABLE_ENTITY")  # fmt: skip
