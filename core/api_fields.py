"""Field types shared by the JSON API schemas of every domain.

Money is read as integer satang and nothing else: ``"10"`` (a string),
``10.5`` and ``true`` are refused with 422 rather than coerced, so a client
that sends baht as text, or a float, learns it at once instead of paying the
wrong amount.
"""

from __future__ import annotations

from marshmallow import fields


class Satang(fields.Integer):
    """An amount of money in integer satang (1 baht = 100 satang), strict."""

    default_error_messages = {"invalid": "Not a whole number of satang (a JSON integer, not text)."}

    def __init__(self, **kwargs):
        kwargs.pop("strict", None)
        metadata = {"description": "satang (integer)", **kwargs.pop("metadata", {})}
        super().__init__(strict=True, metadata=metadata, **kwargs)
