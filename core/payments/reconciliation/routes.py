"""Bank pages: accounts and their statement mapping, statement uploads with
progress and an error report, the exceptions page and the reconciliation
statement. Everything here needs ``payments.reconcile``."""

from __future__ import annotations

from datetime import date

from flask import Response, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from core import csv_export
from core.auth.policies import require
from core.boundary import refusal, writes
from core.db import after_commit
from core.errors import N_, ValidationError
from core.forms import parse
from core.ledger.queries import accounts as ledger_accounts
from core.ledger.services import today
from core.payments import bp
from core.payments.reconciliation import matching as reconciliation
from core.payments.reconciliation.forms import (
    ActionForm,
    BankAccountForm,
    MappingForm,
    ResolveForm,
    UploadForm,
)
from core.payments.statements import dates as statement_dates
from core.payments.statements import presets as statement_presets
from core.payments.statements import services as statements
from core.payments.statements.services import MAPPING_FIELDS


def _enqueue_import(import_id: int) -> None:
    from core.payments.reconciliation.tasks import import_statement

    tenant_id = g.tenant.id
    after_commit(lambda: import_statement.delay(import_id, tenant_id))


def _attach(form, exc: ValidationError) -> None:
    message = exc.translated()
    if exc.field and exc.field in form._fields:
        form._fields[exc.field].errors = [*form._fields[exc.field].errors, message]
    else:
        form.form_errors.append(message)


@bp.route("/bank/", methods=["GET", "POST"])
@require("payments.reconcile")
@writes
def bank_accounts():
    form = BankAccountForm()
    form.ledger_account_id.choices = [SelectChoice(str(a.id), f"{a.code} {a.name()}")
                                      for a in statements.asset_accounts()]
    if form.validate_on_submit():
        with refusal() as refused:
            account = statements.create_bank_account(
                name=form.name.data, bank=form.bank.data, number=form.number.data,
                ledger_account_id=int(form.ledger_account_id.data or 0), actor_id=current_user.id)
            return redirect(url_for("payments.statement_mapping", bank_account_id=account.id))
        if isinstance(exc := refused.error, ValidationError):
            _attach(form, exc)
        else:
            form.form_errors.append(refused.message)
    status = 422 if form.errors or form.form_errors else 200
    rows = [(a, statements.counts(a.id)) for a in statements.bank_accounts()]
    return render_template("payments/statement_accounts.html", form=form, rows=rows), status


@bp.route("/bank/<int:bank_account_id>/mapping", methods=["GET", "POST"])
@require("payments.reconcile")
@writes
def statement_mapping(bank_account_id: int):
    account = statements.get_bank_account(bank_account_id)
    current = statements.current_mapping(account.id)
    preset = statement_presets.get(request.args.get("preset"))
    data = preset.mapping_data() if preset else {k: getattr(current, k) for k in MAPPING_FIELDS}
    form = MappingForm() if request.method == "POST" else MappingForm(data=data)
    if form.validate_on_submit():
        with refusal(only=ValidationError) as refused:
            statements.save_mapping(account, {k: form[k].data for k in MAPPING_FIELDS}, current_user.id)
            flash(_("The column mapping has been saved."), "success")
            return redirect(url_for("payments.statement_uploads", bank_account_id=account.id))
        refused.attach(form)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("payments/statement_mapping.html", form=form, account=account, preset=preset,
                           presets=statement_presets.PRESETS), status


@bp.route("/bank/<int:bank_account_id>/statements", methods=["GET", "POST"])
@require("payments.reconcile")
@writes
def statement_uploads(bank_account_id: int):
    account = statements.get_bank_account(bank_account_id)
    form = UploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        with refusal(only=ValidationError) as refused:
            content = upload.read(statements.MAX_STATEMENT_BYTES + 1) if upload else b""
            job = statements.start_import(account, getattr(upload, "filename", "") or "", content,
                                          form.mode.data or "strict", current_user.id)
            _enqueue_import(job.id)
            return redirect(url_for("payments.statement_import", statement_import_id=job.id))
        refused.attach(form)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("payments/statement_upload.html", form=form, account=account,
                           jobs=statements.imports(account.id), action_form=ActionForm(),
                           mapping=statements.current_mapping(account.id),
                           date_examples=statement_dates.ACCEPTED_EXAMPLES), status


@bp.get("/bank/statements/<int:statement_import_id>")
@require("payments.reconcile")
def statement_import(statement_import_id: int):
    job = statements.get_import(statement_import_id)
    account = statements.import_account(job)
    return render_template("payments/statement_import.html", job=job, account=account,
                           errors=_translated(job.errors), action_form=ActionForm())


@bp.get("/bank/statements/<int:statement_import_id>/status")
@require("payments.reconcile")
def statement_import_status(statement_import_id: int):
    job = statements.get_import(statement_import_id)
    return jsonify(status=job.status, processed_rows=job.processed_rows, total_rows=job.total_rows,
                   percent=job.percent, finished=job.finished, error_count=len(job.errors or []))


@bp.post("/bank/statements/<int:statement_import_id>/good-only")
@require("payments.reconcile")
@writes
def statement_import_good_rows(statement_import_id: int):
    job = statements.get_import(statement_import_id)
    if ActionForm().validate_on_submit():
        with refusal(flashed=True):
            statements.import_good_rows(job, current_user.id)
            _enqueue_import(job.id)
    return redirect(url_for("payments.statement_import", statement_import_id=statement_import_id))


@bp.get("/bank/statements/<int:statement_import_id>/errors.csv")
@require("payments.reconcile")
def statement_import_errors(statement_import_id: int):
    job = statements.get_import(statement_import_id)
    rows = [(error["row"], error["field"], error["message"]) for error in _translated(job.errors)]
    return csv_export.response(f"statement-{job.id}-errors", [_("Row"), _("Column"), _("Problem")], rows)


def _translated(errors: list[dict] | None) -> list[dict]:
    out = []
    for error in errors or []:
        msgid, params = error["message"], error.get("params") or {}
        out.append({**error, "message": _(msgid, **params) if params else _(msgid)})
    return out


@bp.post("/bank/<int:bank_account_id>/reconcile")
@require("payments.reconcile")
@writes
def reconcile_now(bank_account_id: int):
    from core.payments.reconciliation.tasks import reconcile

    account = statements.get_bank_account(bank_account_id)
    if ActionForm().validate_on_submit():
        tenant_id, account_id = g.tenant.id, account.id
        after_commit(lambda: reconcile.delay(tenant_id, account_id))
        flash(_("Reconciliation has started; this page shows its results."), "success")
    return redirect(url_for("payments.recon_exceptions", bank_account_id=account.id))


@bp.get("/bank/<int:bank_account_id>/exceptions")
@require("payments.reconcile")
def recon_exceptions(bank_account_id: int):
    account = statements.get_bank_account(bank_account_id)
    form = ResolveForm()
    form.counter_account_id.choices = [SelectChoice(str(a.id), f"{a.code} {a.name()}") for a in ledger_accounts()
                                       if a.id != account.ledger_account_id]
    from core.payments.payouts import services as payouts
    from core.payments.reconciliation.duplicates import duplicates

    found = statements.exceptions(account)
    repeated = duplicates(account)
    repeated_ids = {d.line.id for d in repeated}
    found["unmatched"] = [line for line in found["unmatched"] if line.id not in repeated_ids]
    found["ambiguous"] = [line for line in found["ambiguous"] if line.id not in repeated_ids]
    return render_template("payments/recon_exceptions.html", account=account, form=form,
                           counts=statements.counts(account.id), **found, duplicates=repeated,
                           unmatched_payouts=payouts.unmatched_payouts(),
                           not_in_payout=payouts.payments_not_in_a_payout(),
                           waiting_mismatches=reconciliation.waiting_mismatches(account))


def _resolve(line_id: int, action) -> Response:
    """Inside a view decorated with ``writes``."""
    line = statements.get_line(line_id)
    form = ResolveForm()
    if form.validate_on_submit():
        with refusal(flashed=True):
            action(line, form)
            flash(_("Done."), "success")
    return redirect(url_for("payments.recon_exceptions", bank_account_id=line.bank_account_id))


def _int(value, field: str) -> int:
    """The id a select box chose (the kernel's reading of one)."""
    chosen = parse.id_or_none(value)
    if chosen is None:
        raise ValidationError(N_("Choose one of the options"), field=field)
    return chosen


@bp.post("/bank/lines/<int:statement_line_id>/link")
@require("payments.reconcile")
@writes
def recon_link(statement_line_id: int):
    return _resolve(statement_line_id, lambda line, form: reconciliation.link(
        line.id, _int(form.payment_id.data, "payment_id"), actor_id=current_user.id, ip=request.remote_addr))


@bp.post("/bank/lines/<int:statement_line_id>/entry")
@require("payments.reconcile")
@writes
def recon_entry(statement_line_id: int):
    return _resolve(statement_line_id, lambda line, form: reconciliation.create_entry(
        line.id, _int(form.counter_account_id.data, "counter_account_id"), form.memo.data or "", actor_id=current_user.id,
        ip=request.remote_addr))


@bp.post("/bank/lines/<int:statement_line_id>/ignore")
@require("payments.reconcile")
@writes
def recon_ignore(statement_line_id: int):
    return _resolve(statement_line_id, lambda line, form: reconciliation.ignore_line(
        line.id, form.reason.data or "", actor_id=current_user.id, ip=request.remote_addr))


@bp.post("/bank/lines/<int:statement_line_id>/accept")
@require("payments.reconcile")
@writes
def recon_accept(statement_line_id: int):
    return _resolve(statement_line_id, lambda line, form: reconciliation.accept_difference(
        line.id, form.reason.data or "", actor_id=current_user.id, ip=request.remote_addr))


@bp.post("/bank/<int:bank_account_id>/payments/<int:payment_id>/ignore")
@require("payments.reconcile")
@writes
def recon_ignore_payment(bank_account_id: int, payment_id: int):
    from core.payments.services import get

    account = statements.get_bank_account(bank_account_id)
    get(payment_id)  # 404 for another tenant's payment
    form = ResolveForm()
    if form.validate_on_submit():
        with refusal(flashed=True):
            reconciliation.ignore_payment(account.id, payment_id, form.reason.data or "",
                                          actor_id=current_user.id, ip=request.remote_addr)
            flash(_("Done."), "success")
    return redirect(url_for("payments.recon_exceptions", bank_account_id=account.id))


@bp.get("/bank/<int:bank_account_id>/statement")
@require("payments.reconcile")
def recon_statement(bank_account_id: int):
    account = statements.get_bank_account(bank_account_id)
    try:
        as_of = date.fromisoformat(request.args.get("as_of") or today().isoformat())
    except ValueError:
        as_of = today()
    return render_template("payments/recon_statement.html", account=account,
                           report=statements.recon_statement(account, as_of))


# --- Stripe payouts ------------------------------------------------------------


@bp.get("/bank/payouts/")
@require("payments.reconcile")
def payouts_list():
    from core.payments.payouts import services as payouts

    return render_template("payments/payout_list.html", payouts=payouts.payouts(), form=ActionForm(),
                           not_in_payout=payouts.payments_not_in_a_payout())


@bp.get("/bank/payouts/<int:stripe_payout_id>")
@require("payments.reconcile")
def payout_detail(stripe_payout_id: int):
    from core.payments.payouts import services as payouts

    payout = payouts.get_payout(stripe_payout_id)
    line = statements.get_line(payout.statement_line_id) if payout.statement_line_id else None
    return render_template("payments/payout_detail.html", payout=payout, line=line,
                           transactions=payouts.transactions(payout.id))


@bp.post("/bank/payouts/sync")
@require("payments.reconcile")
@writes
def payouts_sync():
    from core.payments.reconciliation.tasks import sync_stripe_payouts

    if ActionForm().validate_on_submit():
        tenant_id = g.tenant.id
        after_commit(lambda: sync_stripe_payouts.delay(tenant_id))
        flash(_("Fetching payouts from Stripe has started; this page shows them when it is done."), "success")
    back = request.form.get("back_to_account", type=int)
    if back:
        return redirect(url_for("payments.recon_exceptions", bank_account_id=back))
    return redirect(url_for("payments.payouts_list"))
