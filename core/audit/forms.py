"""Reading the audit filters with the kernel's parsers (:mod:`core.forms.parse`):
dates in either era (Thai users often type the Buddhist-Era year), ids as
whole numbers. A filter that cannot be read is reported next to its field."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l

from core.errors import N_, ValidationError
from core.forms import parse
from core.forms.parse import digits


class FieldError(ValueError):
    """A typed value that cannot be read; ``str()`` is the message to show."""


def parse_typed_date(text: str | None) -> date | None:
    """``2026-11-23``, ``2569-11-23`` or ``23/11/2569`` → ``date(2026, 11, 23)``;
    blank → None."""
    try:
        return parse.typed_date(text)
    except ValidationError as exc:
        raise FieldError(exc.translated()) from None


def parse_id(text: str | None) -> int | None:
    try:
        return parse.whole(digits(text).lstrip("#"), minimum=0, message=N_("Enter a number"))
    except ValidationError as exc:
        raise FieldError(exc.translated()) from None


@dataclass
class AuditFilters:
    action: str = ""
    actor_id: int | None = None
    target_type: str = ""
    target_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_args(cls, args) -> AuditFilters:
        """Read the filter form; a field that cannot be read is reported and ignored."""
        found = cls(
            action=(args.get("action") or "").strip()[:80],
            target_type=(args.get("target_type") or "").strip()[:60],
        )
        for name, read in (
            ("actor_id", parse_id),
            ("target_id", parse_id),
            ("date_from", parse_typed_date),
            ("date_to", parse_typed_date),
        ):
            try:
                setattr(found, name, read(args.get(name)))
            except FieldError as exc:
                found.errors[name] = str(exc)
        if found.date_from and found.date_to and found.date_from > found.date_to:
            found.errors["date_to"] = str(_l("The end date is before the start date"))
            found.date_to = None
        return found

    def as_args(self) -> dict:
        """Non-empty filters, for links to other pages of the same listing."""
        values = {
            "action": self.action,
            "actor_id": self.actor_id,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
        }
        return {k: v for k, v in values.items() if v not in (None, "")}
