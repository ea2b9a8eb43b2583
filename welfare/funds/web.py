"""Reading welfare forms through the kernel's parsers (:mod:`core.forms.parse`)
and answering them: thin helpers for the routes."""

from __future__ import annotations

from datetime import date

from flask import request

from core.documents import services as documents
from core.errors import N_, ValidationError
from core.forms import parse


def form_text(name: str, limit: int = 5000) -> str:
    return parse.text(request.form.get(name), name, max_length=limit, truncate=True)


def form_money(name: str, *, required: bool = True) -> int | None:
    return parse.money(request.form.get(name), name, required=required)


def parse_date(raw: str | None) -> date | None:
    """A date as people type it: day first (``07/12/2569`` in the Buddhist
    Era, or ``07/12/2026``), ISO ``2026-12-07``, or with a Thai month
    (``7 ธ.ค. 2569``); a year from 2400 on is Buddhist Era. None when it
    cannot be read."""
    try:
        return parse.typed_date(raw)
    except ValidationError:
        return None


def form_date(name: str, *, required: bool = True) -> date | None:
    raw = request.form.get(name)
    if not (raw or "").strip() and not required:
        return None
    value = parse_date(raw)
    if value is None:
        raise ValidationError(N_("Enter a date"), field=name)
    return value


def form_int(name: str, *, required: bool = True, default: int | None = None) -> int | None:
    number = parse.whole(request.form.get(name), name, required=False, message=N_("Enter a whole number"))
    if number is None:
        if required and default is None:
            raise ValidationError(N_("Enter a whole number"), field=name)
        return default
    return number


def form_bool(name: str) -> bool:
    return request.form.get(name) in ("1", "on", "true", "yes", "y")


def arg_date(name: str, default: date) -> date:
    return parse_date(request.args.get(name)) or default


def arg_int(name: str) -> int | None:
    return parse.id_or_none(request.args.get(name))


def attach_upload(target_type: str, target_id: int, *, actor_id: int | None):
    """Store the uploaded ``file`` of the current form against a record."""
    upload = request.files.get("file")
    data = upload.read() if upload else b""
    if not data:
        raise ValidationError(N_("Choose a file to attach"), field="file")
    return documents.store(data, upload.filename, (request.form.get("kind") or "other")[:30], actor_id=actor_id,
                           target_type=target_type, target_id=target_id)
