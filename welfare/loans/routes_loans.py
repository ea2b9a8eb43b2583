"""Loan pages: the list, an application, a loan with its schedule and the
actions on it (disbursement request, repayment, online payment, reschedule,
write-off, cancel)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

from flask import g, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.routing import BuildError

import welfare.loans.permissions  # noqa: F401
from core.auth.policies import can, require
from core.boundary import attempt, discard, refusal, writes
from core.ledger import services as ledger
from core.payments import gateway as payment_gateway
from core.registry import picker
from welfare import bp
from welfare.funds.services import get_fund, list_funds
from welfare.governance import services as governance
from welfare.loans import forms, lifecycle, queries, repayments, services
from welfare.models.loans import LOAN_STATUSES, REPAYMENT_METHODS


def _names(person_ids) -> dict[int, str]:
    return {p.id: p.display_name(_lang()) for p in queries.people_by_ids(person_ids)}


def _lang() -> str:
    from flask_babel import get_locale

    return str(get_locale() or "th")[:2]


@bp.get("/loans/")
@require("welfare.loans.view")
def loans_index():
    fund_id = forms.arg_int("fund")
    status = request.args.get("status") if request.args.get("status") in LOAN_STATUSES else None
    loans = services.list_loans(fund_id=fund_id, status=status)
    today = ledger.today()
    return render_template(
        "welfare/loans/list.html",
        loans=loans,
        funds=list_funds(),
        fund_id=fund_id,
        status=status,
        statuses=LOAN_STATUSES,
        names=_names(loan.borrower_person_id for loan in loans),
        late=queries.days_past_due([loan.id for loan in loans], today),
        par=queries.par_report(today, fund_id=fund_id),
        today=today,
        can_manage=can(current_user, "welfare.loans.manage", g.tenant.id),
    )


@bp.get("/loans/export.csv")
@require("welfare.loans.view")
def loans_csv():
    """The loans list as CSV with the page's filters and columns (borrowers
    by name, as on the page)."""
    from core import csv_export
    from welfare.models.loans import Loan

    status = request.args.get("status") if request.args.get("status") in LOAN_STATUSES else None
    stmt = services.loans_query(forms.arg_int("fund"), status)
    today = ledger.today()

    def rows() -> Iterator[list[object]]:
        batch: list = []
        for loan in csv_export.batched(stmt, Loan.id):
            batch.append(loan)
            if len(batch) == csv_export.BATCH:
                yield from _loan_rows(batch, today)
                batch = []
        yield from _loan_rows(batch, today)

    return csv_export.response("loans", [_("Number"), _("Borrower"), _("Amount"), _("Outstanding"), _("Status"),
                                         _("Days overdue")], rows, stream=True)


def _loan_rows(loans, today):
    from core.csv_export import Satang

    names = _names(loan.borrower_person_id for loan in loans)
    late = queries.days_past_due([loan.id for loan in loans], today)
    for loan in loans:
        yield [loan.number, names.get(loan.borrower_person_id), Satang(loan.principal_satang),
               Satang(loan.outstanding_satang), _(loan.status_label),
               late.get(loan.id, 0) if loan.status == "active" else None]


def _apply_page():
    """The application form; the borrower and the guarantor are chosen by
    search (``q_borrower``/``p_borrower`` and ``q_guarantor``/``p_guarantor``
    in the address keep each list's search and page)."""
    funds = [f for f in list_funds(active_only=True) if f.allows_lending]
    args = {k: v for k in ("q_borrower", "p_borrower", "q_guarantor", "p_guarantor") if (v := request.args.get(k))}

    def page_url(which: str):
        return lambda number: url_for("welfare.loans_apply", **{**args, f"p_{which}": number})

    return render_template(
        "welfare/loans/apply.html",
        funds=funds,
        products=services.list_products(active_only=True),
        groups=services.list_groups(),
        borrowers=picker.search_people(args.get("q_borrower"), args.get("p_borrower"), _lang()),
        guarantors=picker.search_people(args.get("q_guarantor"), args.get("p_guarantor"), _lang()),
        borrower=picker.chosen("people", request.form.get("borrower_person_id")),
        guarantor=picker.chosen("people", request.form.get("guarantor_person_id")),
        borrower_pages=page_url("borrower"),
        guarantor_pages=page_url("guarantor"),
        search_args=args,
        form=request.form,
    )


@bp.route("/loans/apply", methods=["GET", "POST"])
@require("welfare.loans.manage")
@writes
def loans_apply():
    if request.method == "GET":
        return _apply_page()

    def act():
        product = services.get_product(forms.whole("product_id"))
        loan = services.apply(
            fund_id=product.fund_id,
            product_id=product.id,
            borrower_person_id=forms.whole("borrower_person_id"),
            principal_satang=forms.money("amount"),
            purpose=forms.text("purpose"),
            guarantor_person_ids=forms.ids("guarantor_person_id"),
            group_id=forms.whole("group_id") if forms.text("group_id") else None,
            actor_id=current_user.id,
        )
        return url_for("welfare.loan_detail", loan_id=loan.id)

    return attempt(act, _apply_page, _("The application is recorded."))


def _loan_page(loan_id: int, **extra):
    loan = services.sync_rejected(services.get_loan(loan_id))
    fund = get_fund(loan.fund_id)
    today = ledger.today()
    resolutions = [r for r in governance.list_resolutions(fund_id=fund.id) if r.status == "active"]
    disbursement = queries.disbursement_of(loan)
    items = services.installments(loan.id)
    guarantors = services.guarantors(loan.id)
    reps = repayments.repayments_of(loan.id)
    return render_template(
        "welfare/loans/loan.html",
        loan=loan,
        fund=fund,
        product=services.get_product(loan.product_id),
        installments=items,
        repayments=reps,
        guarantors=guarantors,
        names=_names([loan.borrower_person_id] + [x.person_id for x in guarantors]),
        reschedules=lifecycle.reschedules_of(loan.id),
        disbursement=disbursement,
        loan_resolutions=[r for r in resolutions if r.kind == "loan"],
        reschedule_resolutions=[r for r in resolutions if r.kind == "reschedule"],
        write_off_resolutions=[r for r in resolutions if r.kind == "write_off"],
        owed=repayments.total_owed(loan) if loan.status in ("active", "written_off") else 0,
        due_now=repayments.due_now(loan, today) if loan.status == "active" else 0,
        today=today,
        token=secrets.token_urlsafe(16),
        methods=REPAYMENT_METHODS,
        online_methods=payment_gateway.offered(g.tenant),
        disbursement_url=_url("welfare.disbursement", disbursement_id=loan.disbursement_id)
        if loan.disbursement_id
        else None,
        can_manage=can(current_user, "welfare.loans.manage", g.tenant.id),
        can_collect=can(current_user, "welfare.loans.collect", g.tenant.id),
        can_decide=can(current_user, "welfare.loans.decide", g.tenant.id),
        **extra,
    )


@bp.get("/loans/<int:loan_id>")
@require("welfare.loans.view")
@writes  # a rejected disbursement may have rejected the loan
def loan_detail(loan_id: int):
    return _loan_page(loan_id)


def _url(endpoint: str, **values) -> str | None:
    """A link to a page of the funds part, if that page exists."""
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


def _back(loan_id: int) -> str:
    return url_for("welfare.loan_detail", loan_id=loan_id)


@bp.post("/loans/<int:loan_id>/disburse")
@require("welfare.loans.manage")
@writes
def loan_request_disbursement(loan_id: int):
    def act():
        services.request_disbursement(
            loan_id,
            resolution_id=forms.whole("resolution_id"),
            requested_by=current_user.id,
            pay_from=forms.text("pay_from", 10) or "cash",
            ip=request.remote_addr,
        )
        return _back(loan_id)

    return attempt(
        act,
        lambda: _loan_page(loan_id),
        _("The disbursement is waiting for the signatories' approval."),
    )


@bp.post("/loans/<int:loan_id>/repay")
@require("welfare.loans.collect")
@writes
def loan_repay(loan_id: int):
    def act():
        repayments.record_repayment(
            loan_id=loan_id,
            amount_satang=forms.money("amount"),
            method=forms.text("method", 20),
            token=forms.text("token", 64),
            actor_id=current_user.id,
            paid_on=forms.day("paid_on", required=False),
            reference=forms.text("reference", 100) or None,
            ip=request.remote_addr,
        )
        return _back(loan_id)

    return attempt(
        act, lambda: _loan_page(loan_id), _("The repayment is recorded and a receipt issued.")
    )


@bp.post("/loans/<int:loan_id>/reschedule")
@require("welfare.loans.decide")
@writes
def loan_reschedule(loan_id: int):
    if request.form.get("preview"):
        return _reschedule_preview(loan_id)

    def act():
        lifecycle.reschedule(
            loan_id,
            resolution_id=forms.whole("resolution_id"),
            reason=forms.text("reason"),
            term=forms.whole("term"),
            grace=forms.whole("grace", default=0),
            starts_on=forms.day("starts_on"),
            actor_id=current_user.id,
        )
        return _back(loan_id)

    return attempt(act, lambda: _loan_page(loan_id), _("The loan has a new schedule."))


def _reschedule_preview(loan_id: int):
    """The borrower's total before and after the reschedule, nothing written."""
    discard()
    with refusal(flashed=True) as refused:
        shown = lifecycle.preview(
            loan_id,
            term=forms.whole("term"),
            grace=forms.whole("grace", default=0),
            starts_on=forms.day("starts_on"),
        )
    if refused:
        return _loan_page(loan_id), refused.status
    return _loan_page(loan_id, reschedule_preview=shown, reschedule_form=request.form)


@bp.post("/loans/<int:loan_id>/write-off")
@require("welfare.loans.decide")
@writes
def loan_write_off(loan_id: int):
    def act():
        lifecycle.write_off(
            loan_id,
            resolution_id=forms.whole("resolution_id"),
            reason=forms.text("reason"),
            actor_id=current_user.id,
        )
        return _back(loan_id)

    return attempt(act, lambda: _loan_page(loan_id), _("The loan is written off."))


@bp.post("/loans/<int:loan_id>/cancel")
@require("welfare.loans.manage")
@writes
def loan_cancel(loan_id: int):
    def act():
        services.cancel(loan_id, reason=forms.text("reason"), actor_id=current_user.id)
        return _back(loan_id)

    return attempt(act, lambda: _loan_page(loan_id), _("The application is cancelled."))


@bp.post("/loans/installments/<int:installment_id>/pay")
@require("welfare.loans.collect")
@writes
def installment_pay(installment_id: int):
    """Start paying one installment online: our own PromptPay QR (Ref1 names
    the installment) or Stripe / the test gateway."""
    item = services.get_installment(installment_id)
    method = forms.text("method", 20) or "promptpay"

    def act():
        payment, checkout = repayments.start_online(
            installment_id=item.id,
            method=method,
            tenant=g.tenant,
            return_url=url_for("welfare.loan_detail", loan_id=item.loan_id, _external=True),
            actor_id=current_user.id,
        )
        if checkout.redirect_url:
            return checkout.redirect_url
        return url_for("welfare.installment_qr", installment_id=item.id, payment_id=payment.id)

    return attempt(act, lambda: _loan_page(item.loan_id), _("Payment started."))


@bp.get("/loans/installments/<int:installment_id>/qr/<int:payment_id>")
@require("welfare.loans.collect")
def installment_qr(installment_id: int, payment_id: int):
    from core.payments import services as payments
    from core.payments.promptpay import gateway as promptpay_gateway
    from core.payments.promptpay.render import svg_with_caption

    item = services.get_installment(installment_id)
    payment = payments.get(payment_id)
    if payment.purpose != f"welfare.installment:{item.id}" or not promptpay_gateway.is_own(payment):
        from welfare.loans.errors import InstallmentNotFound

        raise InstallmentNotFound()
    qr = svg_with_caption(
        promptpay_gateway.qr_payload(payment, g.tenant), payee_name=g.tenant.name_th
    )
    return render_template(
        "welfare/loans/qr.html",
        item=item,
        loan=services.get_loan(item.loan_id),
        payment=payment,
        qr=qr,
    )
