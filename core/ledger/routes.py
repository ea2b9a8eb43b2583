"""Ledger pages: books and balances, statements, entries, manual posting,
reversal and period close. Thin: read the form, call one service, commit."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.auth.policies import can, require
from core.boundary import refusal, writes
from core.errors import Conflict
from core.ledger import bp, queries, services
from core.ledger.errors import LedgerError
from core.ledger.forms import EntryForm, read_close
from core.paging import page_number


def _page_arg() -> int:
    return page_number(request.args.get("page"), 999_999)


def _message(exc) -> str:
    return exc.translated()


@bp.get("/")
@require("ledger.view")
def index():
    books = {}
    for account in queries.accounts():
        books.setdefault(account.book, []).append(account)
    return render_template(
        "ledger/index.html",
        books=books,
        trials={book: queries.trial_balance(book) for book in books},
        closes=queries.period_closes(),
        entries=queries.recent_entries(),
        can_post=can(current_user, "ledger.post", g.tenant.id),
    )


@bp.get("/accounts/<int:account_id>")
@require("ledger.view")
def account(account_id: int):
    found = queries.get_account(account_id)
    if found is None:
        abort(404)
    return render_template(
        "ledger/account.html", account=found, statement=queries.statement(found, _page_arg())
    )


def _render_entry(entry, errors=None, status=200):
    return render_template(
        "ledger/entry.html",
        entry=entry,
        accounts=queries.entry_accounts(entry),
        reversal=queries.reversal_of(entry),
        original=queries.get_entry(entry.reversal_of_id) if entry.reversal_of_id else None,
        can_post=can(current_user, "ledger.post", g.tenant.id),
        errors=errors or {},
    ), status


@bp.get("/entries/<int:entry_id>")
@require("ledger.view")
def entry(entry_id: int):
    found = queries.get_entry(entry_id)
    if found is None:
        abort(404)
    return _render_entry(found)


@bp.post("/entries/<int:entry_id>/reverse")
@require("ledger.post")
@writes
def reverse(entry_id: int):
    found = queries.get_entry(entry_id)
    if found is None:
        abort(404)
    reason = (request.form.get("reason") or "").strip()[:500]
    if not reason:
        return _render_entry(found, {"reason": _("Give a reason for the reversal")}, 422)
    with refusal(only=(LedgerError, Conflict)) as refused:
        reversal = services.reverse(found, reason=reason, actor_id=current_user.id, ip=request.remote_addr,
                                    by_hand=True)
    if exc := refused.error:
        return _render_entry(queries.get_entry(entry_id), {"reason": _message(exc)}, 409)
    flash(_("The entry was reversed."), "success")
    return redirect(url_for("ledger.entry", entry_id=reversal.id))


def _render_new(form, status=200):
    return render_template(
        "ledger/new_entry.html", form=form, accounts=queries.accounts(), rows=range(6)
    ), status


@bp.route("/entries/new", methods=["GET", "POST"])
@require("ledger.post")
@writes
def new_entry():
    if request.method == "GET":
        return _render_new(EntryForm.blank(services.today()))
    form = EntryForm.read(request.form, {a.id for a in queries.accounts()})
    if form.errors:
        return _render_new(form, 422)
    with refusal(only=(LedgerError, Conflict)) as refused:
        posted = services.post_manual(
            entry_date=form.entry_date, memo=form.memo, lines=form.lines, actor_id=current_user.id,
            idempotency_key=form.key, ip=request.remote_addr,
        )
    if exc := refused.error:
        form.errors[exc.field or "lines"] = _message(exc)
        return _render_new(form, 422)
    flash(_("The entry was posted."), "success")
    return redirect(url_for("ledger.entry", entry_id=posted.id))


@bp.route("/periods", methods=["GET", "POST"])
@require("ledger.close_period")
@writes
def periods():
    errors, values = {}, {}
    if request.method == "POST":
        book, through, errors = read_close(request.form)
        values = {"book": book, "through": request.form.get("through", "")}
        if not errors:
            with refusal(only=LedgerError) as refused:
                services.close_period(book, through, actor_id=current_user.id, ip=request.remote_addr)
                flash(_("The books were closed."), "success")
                return redirect(url_for("ledger.periods"))
            if exc := refused.error:
                errors["through"] = _message(exc)
    return render_template(
        "ledger/periods.html", books=queries.books(), closes=queries.period_closes(),
        errors=errors, values=values,
    ), (422 if errors else 200)
