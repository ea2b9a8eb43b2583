"""The audit log page: for admins and auditors of the tenant."""

from __future__ import annotations

import json
from collections.abc import Iterator

from flask import abort, render_template, request
from flask_babel import gettext as _

from core import csv_export
from core.audit import bp, queries
from core.audit.forms import AuditFilters
from core.auth.policies import require


@bp.app_template_filter("audit_value")
def audit_value(value) -> str:
    """A before/after value as JSON that keeps Thai readable (``"สมชาย"``, not
    ``"\\u0e2a…"``); a plain string, so Jinja escapes it for HTML."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _page_arg() -> int:
    value = request.args.get("page", "1")
    return int(value) if value.isdigit() and len(value) < 7 else 1


@bp.get("/")
@require("audit.view")
def index():
    filters = AuditFilters.from_args(request.args)
    page = queries.events(filters, page=_page_arg())
    return render_template(
        "audit/index.html",
        filters=filters,
        page=page,
        actors=queries.actors(),
        users=queries.users_by_id(page.items),
        diffs={e.id: queries.diff(e) for e in page.items},
    )


@bp.get("/export.csv")
@require("audit.view")
def export_csv():
    """The log as CSV with the page's filters: when, who, action, record and
    the before/after values as the page shows them."""
    from core.audit.models import AuditEvent

    stmt = queries.filtered(AuditFilters.from_args(request.args))

    def rows() -> Iterator[list[object]]:
        users: dict = {}
        for batch in _chunks(csv_export.batched(stmt, AuditEvent.id)):
            users.update(queries.users_by_id([e for e in batch if e.actor_user_id not in users]))
            for e in batch:
                user = users.get(e.actor_user_id)
                yield [csv_export.local_time(e.at), (user.display_name or user.email) if user else _("System"),
                       e.action, e.target_type, e.target_id,
                       audit_value(e.before) if e.before else None, audit_value(e.after) if e.after else None]

    return csv_export.response(
        "audit-log", [_("When"), _("Who"), _("Action"), _("Record"), "id", _("Before"), _("After")], rows,
        stream=True,
    )


def _chunks(rows, size: int = csv_export.BATCH):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@bp.get("/<int:event_id>")
@require("audit.view")
def detail(event_id: int):
    event = queries.get_event(event_id)
    if event is None:
        abort(404)
    return render_template(
        "audit/detail.html",
        event=event,
        rows=queries.diff(event),
        users=queries.users_by_id([event]),
    )
