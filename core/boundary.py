"""The one transaction boundary of a request: views never commit.

A view that writes is decorated, closest to its function:

    @bp.post("/funds/<int:fund_id>")
    @require("welfare.funds.manage")
    @writes(again=_fund_page)
    def update_fund(fund_id): ...

    @blp.route("/<int:loan_id>/repayments")
    class Repayments(MethodView):
        @api_require("welfare.loans.collect")
        @must_exist(loan_id=services.get_loan)
        @blp.arguments(LoanRepaymentIn)
        @blp.response(201, LoanRepaymentOut)
        @api_writes
        def post(self, data, loan_id): ...

The boundary opens the request's work, and when the view returns a response
below 400 commits it once (:func:`core.db.commit`, so what was registered with
``after_commit`` runs then and only then); a response of 400 or more, or any
exception, rolls it back, so nothing half-written is ever kept.

A :class:`DomainError` raised by a page is rolled back and either answered by
the error page, or, with ``again``, the page is rendered again (``again`` takes
the view's URL arguments) with the error at its field (``g.form_error``, read by
the form macros) and flashed, under the error's status. In the API it becomes
the error envelope (``core.web``).

Where a page handles a refusal itself (a form shown again with the posted
values), :func:`refusal` rolls back at once and hands over the error:

    with refusal() as refused:
        services.save_centre(data)
        return redirect(...)
    return render_template(..., errors=refused.errors), 422

Work that must be kept although the answer is an error (a failed log-in
counted) is kept with ``@writes(keep_errors=True)`` (an error page returned) or
``keeping=(WrongCode,)`` (those refusals raised); a preview that is computed by
writing calls :func:`discard`, and nothing is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache, wraps
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import Response, flash, g, redirect, request, session
from flask_babel import gettext as _

from core.db import TenantScoped, commit, db
from core.errors import DomainError, NotFound
from core.statements import table
from core.tenancy.context import current_tenant_id

F = TypeVar("F", bound=Callable[..., Any])

_OPEN = "_unit_of_work"
_DISCARD = "_unit_of_work_discarded"


def _status(rv: Any) -> int:
    """The status a view's return value will be sent with (before flask-smorest
    or Flask turn it into a response)."""
    if isinstance(rv, Response):
        return rv.status_code
    if isinstance(rv, tuple) and len(rv) >= 2 and isinstance(rv[1], int):
        return rv[1]
    return 200


def _rollback() -> None:
    from core import identity_cache  # (it imports the models)

    session = db.session()
    with identity_cache.kept_through_rollback(session):  # the error page needs no new read of who asks
        session.rollback()


def abandon() -> None:
    """Drop whatever the request's work holds: for the error handlers (a request
    that failed outside a boundary) and the health check's probe."""
    _rollback()


def _record(exc: DomainError, *, flashed: bool) -> str:
    """Keep the error for the page shown again: at its field (``g.form_error``,
    which the form macros read for the form posted here) and, when asked, as a
    flashed message."""
    message = exc.translated()
    g.form_error = {"field": exc.field, "action": request.path, "message": message}
    if flashed:
        flash(message, "error")
    return message


def _flashed() -> list[Any]:
    """The messages flashed so far, read past the session's own ``get()``, which
    would mark a visitor's page as varying by cookie."""
    return list(dict.get(session._get_current_object(), "_flashes", []))  # type: ignore[attr-defined]


def _boundary(view: Callable[..., Any], again: Callable[..., Any] | None, keep_errors: bool,
              api: bool, keeping: tuple[type[DomainError], ...] = ()) -> Callable[..., Any]:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        outer = g.get(_OPEN, False)
        g.setdefault(_OPEN, True)
        flashes = _flashed() if not api else None
        try:
            rv = view(*args, **kwargs)
        except DomainError as exc:
            if isinstance(exc, keeping) and not outer:
                commit()  # what led to this refusal is kept (a wrong code counted)
            else:
                _rollback()
            if again is None or api:
                raise
            _record(exc, flashed=True)
            shown = again(**kwargs)
            if isinstance(shown, tuple) or _status(shown) != 200:
                return shown
            return shown, exc.status
        except BaseException:
            _rollback()
            raise
        finally:
            if not outer:
                g.pop(_OPEN, None)
        if outer:  # a view called by another boundary: the outer one commits
            return rv
        if g.pop(_DISCARD, False) or (_status(rv) >= 400 and not keep_errors):
            _rollback()
            return rv
        try:
            commit(last=True)  # the answer is put together from what is in hand (core.db.commit)
        except BaseException:
            _rollback()
            if flashes is not None and _flashed() != flashes:
                session["_flashes"] = flashes  # "saved" was never true: take back what was flashed
            raise
        return rv

    return wrapped


def writes(view: F | None = None, *, again: Callable[..., Any] | None = None,
           keep_errors: bool = False, keeping: tuple[type[DomainError], ...] = ()) -> Any:
    """The boundary of a page that writes (see the module). ``again(**url_args)``
    renders the page again after a ``DomainError``; without it the error page
    answers. ``keep_errors`` commits a returned error page too, ``keeping``
    the work that raised one of these refusals."""

    def decorate(fn: F) -> F:
        return _boundary(fn, again, keep_errors, api=False, keeping=keeping)  # type: ignore[return-value]

    return decorate(view) if view is not None else decorate


def api_writes(view: F | None = None, *, keeping: tuple[type[DomainError], ...] = ()) -> Any:
    """The boundary of an API operation that writes: commit once on success; a
    ``DomainError`` is rolled back (or, one of ``keeping``, committed) and
    answered in the error envelope."""

    def decorate(fn: F) -> F:
        return _boundary(fn, None, False, api=True, keeping=keeping)  # type: ignore[return-value]

    return decorate(view) if view is not None else decorate


def discard() -> None:
    """This answer keeps nothing (a preview computed by writing): the boundary
    rolls the work back once the page is rendered instead of committing it."""
    if not in_unit_of_work():
        raise RuntimeError("discard() needs the view decorated with @writes or @api_writes")
    g.setdefault(_DISCARD, True)


def settle() -> None:
    """Commit the work so far, for the rare page that must then reach outside
    and show how that went (a reset code sent by SMS while the staff member
    waits: the code's row exists before it is sent). Anything else that
    leaves the process waits for the boundary's commit with ``after_commit``."""
    if not in_unit_of_work():
        raise RuntimeError("settle() needs the view decorated with @writes")
    commit()


def in_unit_of_work() -> bool:
    return bool(g.get(_OPEN, False))


class Refusal:
    """What :func:`refusal` caught: falsy until a ``DomainError`` was raised."""

    error: DomainError | None = None
    message: str = ""

    def __bool__(self) -> bool:
        return self.error is not None

    @property
    def status(self) -> int:
        return self.error.status if self.error is not None else 200

    @property
    def field(self) -> str | None:
        return self.error.field if self.error is not None else None

    @property
    def errors(self) -> dict[str, str]:
        """``{field or "_form": message}``, empty when nothing was refused."""
        if self.error is None:
            return {}
        return {self.error.field or "_form": self.message}

    def attach(self, form: Any, default: str | None = None) -> None:
        """Show the message on a WTForms form: at its field, else at
        ``default``, else among the form's own errors."""
        if self.error is None:
            return
        fields = getattr(form, "_fields", {})
        name = self.field if self.field in fields else default
        if name in fields:
            fields[name].errors = [*fields[name].errors, self.message]
        else:
            form.form_errors.append(self.message)


@contextmanager
def refusal(*, flashed: bool = False, only: type[DomainError] | tuple[type[DomainError], ...] = DomainError,
            passing: tuple[type[DomainError], ...] = ()) -> Iterator[Refusal]:
    """Run a block of a view's work; on a ``DomainError`` (or the ``only``
    kinds) roll the work back at once and carry on after the block with the
    error in hand (see the module). The ``passing`` kinds (a 404, say) go on
    to the error page."""
    caught = Refusal()
    try:
        yield caught
    except only as exc:
        if isinstance(exc, passing):
            raise
        _rollback()
        caught.error = exc
        caught.message = _record(exc, flashed=flashed)


def attempt(act: Callable[[], str], render: Callable[[], Any], done: str | None = None) -> Any:
    """Inside :func:`writes`: run ``act`` (which returns where to go next),
    flash ``done`` and go there; on a ``DomainError`` roll back, flash the
    message, keep it for its field and render the page again under its
    status."""
    if not in_unit_of_work():
        raise RuntimeError("attempt() needs the view decorated with @writes")
    with refusal(flashed=True) as refused:
        target = act()
    if refused:
        return render(), refused.status
    flash(done or _("Saved."), "success")
    return redirect(target)


@cache
def _existence(rows: sa.Table) -> sa.Select[Any]:
    """``SELECT 1`` of a tenant's row by id, built once per table."""
    return sa.select(sa.literal(1)).where(
        rows.c.tenant_id == sa.bindparam("tenant_id"), rows.c.id == sa.bindparam("id")
    )


def _exists(model: type, row_id: int) -> bool:
    """Whether the tenant has this row. A tenant row is asked for in one Core
    statement (a third of the CPU of loading it through the ORM, which the
    view's service does anyway if it needs the row); other rows are loaded."""
    tenant_id = current_tenant_id()
    if tenant_id is None or not issubclass(model, TenantScoped):
        return db.session.get(model, row_id) is not None
    found = db.session.connection().execute(_existence(table(model)), {"tenant_id": tenant_id, "id": row_id})
    return found.first() is not None


def must_exist(**lookups: Callable[[int], Any] | type) -> Callable[[F], F]:
    """Look up the rows a URL names before the body is read: another tenant's
    id is a 404, never a 422 that would tell it apart from a missing row.

    ``@must_exist(loan_id=services.get_loan)`` calls a getter that raises
    ``NotFound``; ``@must_exist(item_id=Item)`` looks the model up by id."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            for param, lookup in lookups.items():
                if isinstance(lookup, type):
                    if not _exists(lookup, kwargs[param]):
                        raise NotFound()
                else:
                    lookup(kwargs[param])
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate
