"""What the account pages leave in the audit log: log-in, log-out, failed
log-in, password change, "log out everywhere".

The audit log is kept per organisation and a log-in happens before one is
chosen, so each event goes to the log of every organisation the person is an
active member of (each one's administrators see their people's log-ins). No
password is ever recorded; a failed log-in keeps the log-in masked
(``••••••••5678``, ``s•••@example.org``) and the client's address. A failed
log-in for a log-in that has no account belongs to no organisation: it goes to
the ``pansuk.security`` log, masked the same way, and is counted all the same
(``core.auth.lockout``). Attempts refused unchecked while a lock or a wait
runs are not recorded one by one: the failure that started the lock is, with
its end (``locked_until``)."""

from __future__ import annotations

import logging
from datetime import datetime

from core.audit.services import record_in_tenants
from core.auth import rules
from core.auth.queries import active_memberships
from core.tenancy.context import user_context

security_log = logging.getLogger("pansuk.security")


def _tenants_of(user_id: int) -> list[int]:
    """The organisations of the person an event is about (row-level security
    shows a user's memberships when that user is bound: here the application
    itself looks them up, for its audit log, whoever made the request)."""
    with user_context(user_id):
        return [m.tenant_id for m in active_memberships(user_id)]


def _record(user, action: str, address: str, *, actor: bool = True, after=None) -> None:
    record_in_tenants(
        _tenants_of(user.id),
        action,
        actor_id=user.id if actor else None,
        target_type="user",
        target_id=user.id,
        after=after,
        ip=(address or None) and address[:45],
    )


def logged_in(user, address: str) -> None:
    _record(user, "auth.login", address)


def logged_out(user, address: str) -> None:
    _record(user, "auth.logout", address)


def login_failed(
    user, login: rules.LoginId, address: str, *, locked_until: datetime | None = None
) -> None:
    after = {"login": rules.mask_login(login)}
    if locked_until is not None:
        after["locked_until"] = locked_until.isoformat()
    if user is None:
        security_log.warning("failed log-in for no account: %s from %s", after["login"], address)
        return
    _record(user, "auth.login.failed", address, actor=False, after=after)


def password_changed(user, address: str, *, sessions_ended: int) -> None:
    _record(user, "auth.password.change", address, after={"sessions_ended": sessions_ended})


def logged_out_everywhere(user, address: str, *, sessions_ended: int) -> None:
    _record(user, "auth.sessions.end_all", address, after={"sessions_ended": sessions_ended})


def reset_code_issued(user, *, issued_by: int | None, tenant_id: int | None, channel: str, purpose: str) -> None:
    """A one-time password code was issued: in the log of the organisation it
    was issued in and of every organisation the person works in (never the
    code). Issued by the operator's command line: ``actor`` is empty."""
    tenants = set(_tenants_of(user.id))
    if tenant_id is not None:
        tenants.add(tenant_id)
    after = {"channel": channel, "purpose": purpose, "issued_in": tenant_id}
    record_in_tenants(tenants, "auth.password_code.issue", actor_id=issued_by, target_type="user",
                      target_id=user.id, after=after)
    if not tenants:
        security_log.info("password code (%s, %s) issued for user %s", purpose, channel, user.id)


def password_reset(user, address: str, *, purpose: str, sessions_ended: int) -> None:
    after = {"purpose": purpose, "sessions_ended": sessions_ended}
    _record(user, "auth.password.reset", address, after=after)
    security_log.info("password set with a one-time code for user %s from %s", user.id, address)


def account_deactivated(user, *, sessions_ended: int) -> None:
    """By the server's operator (no actor)."""
    _record(user, "auth.account.deactivate", "", actor=False, after={"sessions_ended": sessions_ended})
    security_log.info("account %s deactivated; %s sessions ended", user.id, sessions_ended)
