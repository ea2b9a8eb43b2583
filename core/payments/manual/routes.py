"""Manual payment and receipt pages: record a cash or transfer payment, list
receipts, print one, void one. Thin: parse, call a service; the boundary
(``core.boundary.writes``) commits."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_login import current_user

from core import csv_export
from core.auth.policies import can, require
from core.boundary import must_exist, refusal, writes
from core.ceilings.services import NeedsSecondPerson
from core.ceilings.web import hold
from core.documents.services import documents_for, max_bytes
from core.errors import ValidationError
from core.money import Money
from core.payments import bp
from core.payments.manual import held as manual_held
from core.payments.manual import services as manual
from core.payments.manual.forms import ManualPaymentForm, VoidForm, attach_error
from core.payments.receipts import services as receipts
from core.payments.thai_words import baht_text


@bp.route("/manual/new", methods=["GET", "POST"])
@require("payments.record")
@writes
def manual_new():
    lang = get_locale().language if get_locale() else "th"
    if request.method == "GET" and request.args.get("person_id", "").isdigit():
        form = ManualPaymentForm(manual.credit_accounts(), lang, payer_person_id=int(request.args["person_id"]))
    else:
        form = ManualPaymentForm(manual.credit_accounts(), lang)
    if form.validate_on_submit():
        upload = form.file.data
        with refusal() as refused:
            content = upload.read(max_bytes() + 1) if upload else b""
            receipt = manual.record_payment(
                method=form.method.data or "",
                amount=Money.parse(form.amount.data or "", field="amount"),
                credit_account=manual.credit_account(form.credit_account.data),
                description=form.description.data or "",
                token=form.token.data or "",
                actor_id=current_user.id,
                payer_person_id=form.payer_person_id.data,
                payer_name=form.payer_name.data,
                reference=form.reference.data,
                document=content or None,
                document_filename=getattr(upload, "filename", None),
                ip=request.remote_addr,
            )
            flash(_("The payment was recorded."), "success")
            return redirect(url_for("payments.receipt", receipt_id=receipt.id))
        if isinstance(exc := refused.error, NeedsSecondPerson):
            hold(exc, action=manual_held.ACTION, payload=manual_held.payload(form),
                 summary=form.description.data or "")
            return redirect(url_for("ceilings.index"))
        if isinstance(exc, ValidationError):
            attach_error(form, exc)
        else:
            form.form_errors.append(refused.message)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("payments/manual_new.html", form=form), status


@bp.get("/receipts/")
@require("payments.view")
def receipts_index():
    page = request.args.get("page", 1, type=int) or 1
    book = request.args.get("book") or None
    rows, more = receipts.recent(page, book)
    return render_template("payments/receipts.html", rows=rows, more=more, page=page, book=book,
                           books=receipts.books(),
                           may_record=can(current_user, "payments.record", g.tenant.id))


@bp.get("/receipts/export.csv")
@require("payments.view")
def receipts_csv():
    """The receipts list as CSV (newest first, the page's book filter)."""
    from core.payments.receipts.models import Receipt

    stmt = receipts.receipts_query(request.args.get("book") or None)

    def rows():
        for r in csv_export.batched(stmt, Receipt.id):
            yield [r.display_number, csv_export.local_time(r.issued_at), r.payer_name, r.description,
                   csv_export.Satang(r.amount), _("Void") if r.voided else None]

    return csv_export.response(
        "receipts", [_("Receipt no."), _("Date"), _("Payer"), _("For"), _("Amount"), _("Void")], rows,
        stream=True,
    )


@bp.get("/receipts/<int:receipt_id>")
@require("payments.view")
def receipt(receipt_id: int):
    row = receipts.get(receipt_id)
    attachments = documents_for("payment", row.payment_id) if row.payment_id else []
    may_void = not row.voided and can(current_user, "payments.refund", g.tenant.id)
    with force_locale("th"):  # a Thai receipt, whatever the reader's language
        return render_template(
            "payments/receipt.html", receipt=row, words=baht_text(row.amount), attachments=attachments,
            may_void=may_void, form=VoidForm(),
        )


@bp.post("/receipts/<int:receipt_id>/void")
@require("payments.refund")
@must_exist(receipt_id=receipts.get)  # 404 before anything else for another tenant's id
@writes
def receipt_void(receipt_id: int):
    form = VoidForm()
    if not form.validate_on_submit():
        flash(_("The form has expired. Please reload the page and try again."), "error")
        return redirect(url_for("payments.receipt", receipt_id=receipt_id))
    with refusal(flashed=True):
        receipts.void(receipt_id, reason=form.reason.data or "", actor_id=current_user.id, ip=request.remote_addr)
        flash(_("The receipt was voided and the payment reversed."), "success")
    return redirect(url_for("payments.receipt", receipt_id=receipt_id))
