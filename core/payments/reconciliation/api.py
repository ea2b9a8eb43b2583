"""API: bank accounts, statement uploads and reconciliation
(``/api/v1/t/<slug>``). The same services and permission
(``payments.reconcile``) as the bank pages (:mod:`core.payments.reconciliation.routes`)."""

from __future__ import annotations

from flask import g, request, url_for
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint

from core.api.paging import paged
from core.api_auth import api_require
from core.boundary import api_writes, must_exist, settle
from core.db import after_commit, db
from core.errors import ValidationError
from core.imports.runner import ImportFileError, decode
from core.ledger.services import today
from core.payments import services
from core.payments.api_schemas import (
    BankAccountIn,
    BankAccountList,
    BankAccountOut,
    EntryIn,
    ExceptionArgs,
    ExceptionsOut,
    IgnoredPaymentOut,
    LineOut,
    LinkIn,
    LinkOut,
    MappingIn,
    MappingOut,
    ReasonIn,
    ReconcileIn,
    ReconcileOut,
    ReconStatementOut,
    StatementArgs,
    StatementImportOut,
    StatementUploadFiles,
    StatementUploadForm,
    translated_errors,
    validation_error,
)
from core.payments.reconciliation import matching as reconciliation
from core.payments.statements import services as statements
from core.payments.statements.importer import column_positions, mapping_for, read_table

blp = Blueprint("recon_api", __name__, url_prefix="/api/v1/t/<slug>", description="Bank statements and reconciliation")
blp.errorhandler(ValidationError)(validation_error)

SCHEMA_IMPORT_FIELDS = [name for name in StatementImportOut._declared_fields
                        if name not in ("errors", "status_url", "bank_account_id")]


# The URL's ids are looked up before the body or query is read: another
# tenant's id is a 404, never a 422 that would tell it exists.
bank_account_in_tenant = must_exist(bank_account_id=statements.get_bank_account)
line_in_tenant = must_exist(statement_line_id=statements.get_line)


def _import_out(job) -> dict:
    data = {name: getattr(job, name) for name in SCHEMA_IMPORT_FIELDS}
    data["bank_account_id"] = job.subject_id
    data["errors"] = translated_errors(job.errors)
    data["status_url"] = url_for("recon_api.StatementImportDetail", slug=g.tenant.slug, statement_import_id=job.id)
    return data


def _check_readable(account, content: bytes) -> None:
    """Read the file's table now, as the import task will: a file that is not
    a readable CSV, or lacks the mapped columns, is a 422 at once rather than
    a failed job later. Lines are still validated by the task."""
    if not content:
        return  # start_import says "choose a file"
    try:
        text, _encoding = decode(content)
        header, _rows = read_table(text, mapping_for(account.id))
        column_positions(header, mapping_for(account.id))
    except ImportFileError as exc:
        exc.field = "file"
        raise


def _exceptions(account) -> dict:
    found = statements.exceptions(account)
    ambiguous = [{**{c: getattr(line, c) for c in ("id", "bank_account_id", "line_date", "amount", "description",
                                                    "reference", "ref1", "balance_after", "status")},
                  "candidate_payment_ids": [p.id for p in found["candidates"].get(line.id, [])]}
                 for line in found["ambiguous"]]
    mismatches = [{"line": line, "payment": payment, "difference": difference}
                  for line, payment, difference in found["mismatches"]]
    return {"bank_account": account, "counts": statements.counts(account.id), "unmatched": found["unmatched"],
            "ambiguous": ambiguous, "mismatches": mismatches, "payments": found["payments"]}


def _enqueue_import(job_id: int) -> None:
    tenant_id = g.tenant.id

    def enqueue():
        from core.payments.reconciliation.tasks import import_statement

        import_statement.delay(job_id, tenant_id)

    after_commit(enqueue)


@blp.route("/bank-accounts")
class BankAccounts(MethodView):
    @api_require("payments.reconcile")
    @blp.response(200, BankAccountList)
    @paged(blp)
    def get(self):
        """The tenant's bank accounts (numbers masked)."""
        return {"items": statements.bank_accounts()}

    @api_require("payments.reconcile")
    @blp.arguments(BankAccountIn)
    @blp.response(201, BankAccountOut)
    @api_writes
    def post(self, data):
        """Add a bank account, tied to the asset account of the ledger its
        money lands in (one bank account per ledger account). Only the last
        four digits of the number are kept."""
        account = statements.create_bank_account(
            name=data["name"], bank=data["bank"], number=data["number"],
            ledger_account_id=data["ledger_account_id"], actor_id=current_user.id)
        account_id = account.id
        return statements.get_bank_account(account_id)


def _mapping_out(account_id: int) -> dict:
    mapping = statements.current_mapping(account_id)
    return {"bank_account_id": account_id, **{k: getattr(mapping, k) for k in statements.MAPPING_FIELDS}}


@blp.route("/bank-accounts/<int:bank_account_id>/mapping")
class Mapping(MethodView):
    @api_require("payments.reconcile")
    @bank_account_in_tenant
    @blp.response(200, MappingOut)
    def get(self, bank_account_id: int):
        """How the account's CSV statements are read (the defaults until saved)."""
        return _mapping_out(bank_account_id)

    @api_require("payments.reconcile")
    @bank_account_in_tenant
    @blp.arguments(MappingIn)
    @blp.response(200, MappingOut)
    @api_writes
    def put(self, data, bank_account_id: int):
        """Save the column mapping: a date column, and either a signed amount
        column or both debit and credit columns."""
        account = statements.get_bank_account(bank_account_id)
        statements.save_mapping(account, data, current_user.id)
        return _mapping_out(bank_account_id)


@blp.route("/bank-accounts/<int:bank_account_id>/statements")
class StatementUploads(MethodView):
    @api_require("payments.reconcile")
    @bank_account_in_tenant
    @blp.arguments(StatementUploadForm, location="form")
    @blp.arguments(StatementUploadFiles, location="files")
    @blp.response(202, StatementImportOut)
    @api_writes
    def post(self, form, files, bank_account_id: int):
        """Upload a bank statement CSV: it is read with the account's column
        mapping by a background job. Poll ``status_url`` for progress and
        per-line errors."""
        account = statements.get_bank_account(bank_account_id)
        upload = files["file"]
        content = upload.read(statements.MAX_STATEMENT_BYTES + 1)
        _check_readable(account, content)
        job = statements.start_import(account, upload.filename or "", content, form["mode"], current_user.id)
        job_id = job.id
        _enqueue_import(job_id)
        return _import_out(statements.get_import(job_id))


@blp.route("/statement-imports/<int:statement_import_id>")
class StatementImportDetail(MethodView):
    @api_require("payments.reconcile")
    @blp.response(200, StatementImportOut)
    def get(self, statement_import_id: int):
        """A statement upload: status, progress and per-line errors."""
        return _import_out(statements.get_import(statement_import_id))


@blp.route("/statement-imports/<int:statement_import_id>/good-rows")
class StatementImportGoodRows(MethodView):
    @api_require("payments.reconcile")
    @blp.response(202, StatementImportOut)
    @api_writes
    def post(self, statement_import_id: int):
        """Import the good lines of an upload that stopped on errors (status
        ``invalid``): it runs again as a job skipping the bad lines; 409 for
        an upload in any other state."""
        job = statements.import_good_rows(statements.get_import(statement_import_id), current_user.id)
        job_id = job.id
        _enqueue_import(job_id)
        return _import_out(statements.get_import(job_id))


@blp.route("/reconcile")
class Reconcile(MethodView):
    @api_require("payments.reconcile")
    @blp.arguments(ReconcileIn)
    @blp.response(200, ReconcileOut)
    @api_writes
    def post(self, data):
        """Match statement lines to payments (one bank account, or all). Runs
        in the background; without a broker it runs at once and the result is
        returned."""
        from core.payments.reconciliation.tasks import reconcile

        account_id = None
        if data["bank_account_id"] is not None:
            account_id = statements.get_bank_account(data["bank_account_id"]).id
        tenant_id = g.tenant.id
        # End the read before the task runs: without a broker it runs here, in
        # this session, and commits its own transaction, whose result is shown.
        settle()
        result = reconcile.delay(tenant_id, account_id)
        if result.ready():  # nothing to wait for, even where a worker runs in this process
            return {"status": "done", "accounts": result.get(disable_sync_subtasks=False)}
        return {"status": "queued", "accounts": {}}


@blp.route("/reconciliation/exceptions")
class Exceptions(MethodView):
    @api_require("payments.reconcile")
    @blp.arguments(ExceptionArgs, location="query")
    @blp.response(200, ExceptionsOut)
    @paged(blp)
    def get(self, args):
        """What staff still have to resolve, per bank account (or one): lines
        not matched, lines matching several payments, amounts that differ, and
        payments not on a statement."""
        if args["bank_account_id"] is not None:
            accounts = [statements.get_bank_account(args["bank_account_id"])]
        else:
            accounts = statements.bank_accounts()
        return {"items": [_exceptions(account) for account in accounts]}


@blp.route("/bank-accounts/<int:bank_account_id>/reconciliation-statement")
class ReconciliationStatement(MethodView):
    @api_require("payments.reconcile")
    @bank_account_in_tenant
    @blp.arguments(StatementArgs, location="query")
    @blp.response(200, ReconStatementOut)
    def get(self, args, bank_account_id: int):
        """The reconciliation statement as of a date: the bank's closing
        balance explained from the ledger's."""
        account = statements.get_bank_account(bank_account_id)
        report = statements.recon_statement(account, args["as_of"] or today())
        report["differences"] = [{"line": line, "difference": d} for line, d in report["differences"]]
        return {**report, "bank_account": account}



# --- staff resolving what did not match (the exceptions page's actions) --------


def _line_out(line_id: int):
    db.session.flush()
    db.session.expire_all()
    return statements.get_line(line_id)


@blp.route("/statement-lines/<int:statement_line_id>/link")
class LinkLine(MethodView):
    @api_require("payments.reconcile")
    @line_in_tenant
    @blp.arguments(LinkIn)
    @blp.response(200, LinkOut)
    @api_writes
    def post(self, data, statement_line_id: int):
        """Tie an unmatched or ambiguous line to a payment that landed in its
        bank account and is not matched yet; a difference in amount is kept.
        409 when the line is already resolved or the payment cannot be
        matched."""
        services.get(data["payment_id"])  # another tenant's payment is a 404
        match = reconciliation.link(statement_line_id, data["payment_id"], actor_id=current_user.id,
                                    ip=request.remote_addr)
        out = {"payment_id": match.payment_id, "kind": match.kind, "difference": match.difference}
        return {**out, "line": _line_out(statement_line_id)}


@blp.route("/statement-lines/<int:statement_line_id>/accept-difference")
class AcceptDifference(MethodView):
    @api_require("payments.reconcile")
    @line_in_tenant
    @blp.arguments(ReasonIn)
    @blp.response(200, LineOut)
    @api_writes
    def post(self, data, statement_line_id: int):
        """Accept an amount mismatch (found by Ref1) as the payment's line,
        with a reason."""
        reconciliation.accept_difference(statement_line_id, data["reason"], actor_id=current_user.id,
                                         ip=request.remote_addr)
        return _line_out(statement_line_id)


@blp.route("/statement-lines/<int:statement_line_id>/create-entry")
class CreateEntry(MethodView):
    @api_require("payments.reconcile")
    @line_in_tenant
    @blp.arguments(EntryIn)
    @blp.response(200, LineOut)
    @api_writes
    def post(self, data, statement_line_id: int):
        """Post the journal entry the ledger lacks (bank charges, interest),
        dated on the line: the whole line, or the difference of an amount
        mismatch, against ``counter_account_id``."""
        reconciliation.create_entry(statement_line_id, data["counter_account_id"], data["memo"],
                                    actor_id=current_user.id, ip=request.remote_addr)
        return _line_out(statement_line_id)


@blp.route("/statement-lines/<int:statement_line_id>/ignore")
class IgnoreLine(MethodView):
    @api_require("payments.reconcile")
    @line_in_tenant
    @blp.arguments(ReasonIn)
    @blp.response(200, LineOut)
    @api_writes
    def post(self, data, statement_line_id: int):
        """Leave an unmatched or ambiguous line out of reconciliation, with a
        reason."""
        reconciliation.ignore_line(statement_line_id, data["reason"], actor_id=current_user.id,
                                   ip=request.remote_addr)
        return _line_out(statement_line_id)


@blp.route("/bank-accounts/<int:bank_account_id>/payments/<int:payment_id>/ignore")
class IgnorePayment(MethodView):
    @api_require("payments.reconcile")
    @must_exist(bank_account_id=statements.get_bank_account, payment_id=services.get)
    @blp.arguments(ReasonIn)
    @blp.response(200, IgnoredPaymentOut)
    @api_writes
    def post(self, data, bank_account_id: int, payment_id: int):
        """A payment that landed in this bank account's ledger account but will
        never appear on its statement: leave it out, with a reason."""
        row = reconciliation.ignore_payment(bank_account_id, payment_id, data["reason"],
                                            actor_id=current_user.id, ip=request.remote_addr)
        out = {"payment_id": row.payment_id, "bank_account_id": bank_account_id, "action": row.action,
               "reason": row.reason}
        return out
