"""Who may get a password code, and how it reaches them.

**Staff** with ``members.reset_password`` issue a code for a member of their
organisation: it is shown to print or read out, and also sent by SMS or LINE
when the organisation has that set up. A code is a key to an account, so the
rules are strict: not for oneself (that is "change password"), not for an
operator (``is_superadmin``), not for someone who also works in an
organisation outside this one (and its member councils, for a network), and
— unless the issuer is an administrator here — only for members without a
staff role (households, producers, volunteers).

**Anyone** may ask the "forgot password" page for a code by email or SMS,
where the server has that provider: the answer is the same whether or not the
account exists, at most ``RESET_SENDS_PER_HOUR`` codes go to one account in an
hour, and the code is sent after the commit (never stored in clear, so it
goes straight to the provider, not through the outbox).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from core.auth import lockout, password_codes, rules
from core.auth.models import PasswordCode, User
from core.auth.policies import admin_over
from core.auth.queries import active_memberships
from core.auth.services import find_user
from core.db import after_commit, db, utcnow
from core.errors import N_, Forbidden, ValidationError
from core.notifications import channels, messages
from core.notifications.settings import channel_configured, channel_settings
from core.tenancy.context import tenant_context, user_context
from core.tenancy.models import Membership, Tenant

log = logging.getLogger("pansuk.security")

TEMPLATE = "auth.reset_code"
UNPRIVILEGED = frozenset({"household", "producer", "volunteer"})
messages.register_templates(
    {
        TEMPLATE: {
            "en": messages.Text(
                "Your Pansuk password code",
                "Your code to set a new password is {code}. It works once, until {valid}. "
                "Enter it at {url}. If you did not ask for it, ignore this message.",
            ),
            "th": messages.Text(
                "รหัสตั้งรหัสผ่านปันสุข",
                "รหัสสำหรับตั้งรหัสผ่านใหม่ของคุณคือ {code} ใช้ได้ครั้งเดียว ภายใน {valid} "
                "กรอกรหัสได้ที่ {url} หากคุณไม่ได้ขอรหัสนี้ ไม่ต้องทำอะไร",
            ),
        }
    }
)


class NotAMember(ValidationError):
    code = "reset_not_a_member"
    message = N_("No member of this organisation has this phone number or email")


class OwnAccount(ValidationError):
    code = "reset_own_account"
    message = N_("To change your own password, use “Change password” on your account page")


class MemberElsewhere(Forbidden):
    code = "reset_member_elsewhere"
    message = N_(
        "This person also works in another organisation. An administrator of a network "
        "that includes all of them, or the server's operator, can issue their code."
    )


class NeedsAdmin(Forbidden):
    code = "reset_needs_admin"
    message = N_("Only an administrator can issue a code for staff or administrators")


class ChannelUnavailable(ValidationError):
    code = "reset_channel_unavailable"
    message = N_("This way of sending is not set up for this person or organisation")


@dataclass(frozen=True)
class Issued:
    user: User
    row: PasswordCode
    code: str
    address: str | None  # where it is to be sent (sms: a phone, line: a user id)


# --- staff ----------------------------------------------------------------------------


def covered_tenants(tenant: Tenant) -> set[int]:
    """The tenant and, for a network, every organisation below it."""
    from core.tenancy.queries import descendants

    return {tenant.id} | {t.id for t in descendants(tenant)}


def check_may_issue(actor, tenant: Tenant, user: User | None) -> Membership:
    """The target's membership here, or the reason a code may not be issued."""
    if user is None:
        raise NotAMember(field="login")
    membership = user.membership_in(tenant.id)
    if membership is None or not user.active:
        raise NotAMember(field="login")
    if user.id == actor.id:
        raise OwnAccount(field="login")
    if user.is_superadmin:
        raise NeedsAdmin()
    with user_context(user.id):  # row-level security shows the target's memberships to this look-up
        theirs = active_memberships(user.id)
    if {m.tenant_id for m in theirs} - covered_tenants(tenant):
        raise MemberElsewhere()
    if not admin_over(actor, tenant) and any(set(m.roles) - UNPRIVILEGED for m in theirs):
        raise NeedsAdmin()
    return membership


def line_id_for(user: User, tenant: Tenant) -> str | None:
    from core.notifications.preferences import recipient

    with tenant_context(tenant.id):
        return recipient(user.id, None).address_for("line")


def staff_issue(actor, tenant: Tenant, login_text: str, channel: str, config: Mapping) -> Issued:
    """A code for a member of ``tenant`` (in context), shown to ``actor``;
    ``channel`` is print, sms or line. The caller commits, then calls
    :func:`deliver` for sms and line."""
    login = rules.parse_login(login_text, field="login")
    user = find_user(login)
    if user is None:
        raise NotAMember(field="login")
    db.session.refresh(user, ["memberships"])
    check_may_issue(actor, tenant, user)
    address = None
    if channel == "sms":
        address = user.phone
        if not address or not channel_configured("sms", config, tenant):
            raise ChannelUnavailable(field="channel")
    elif channel == "line":
        address = line_id_for(user, tenant)
        if not address or not channel_configured("line", config, tenant):
            raise ChannelUnavailable(field="channel")
    elif channel != "print":
        raise ChannelUnavailable(field="channel")
    row, code = password_codes.issue(
        user, channel=channel, issued_by=actor.id, tenant_id=tenant.id
    )
    return Issued(user=user, row=row, code=code, address=address)


# --- sending ---------------------------------------------------------------------------


def deliver(
    channel: str, address: str, code: str, *, lang: str, valid: str, url: str, config: Mapping,
    tenant: Tenant | None = None, reference: int = 0,
) -> str | None:
    """Send the code now. Returns None when the provider accepted it, else
    what went wrong (for the page and the log; never the code)."""
    text = messages.render(TEMPLATE, lang if lang in messages.LANGS else "th",
                           {"code": rules.show_code(code), "valid": valid, "url": url})
    outgoing = channels.Outgoing(
        notification_id=reference, tenant_id=tenant.id if tenant else 0, address=address,
        subject=text.subject, body=text.body, lang=lang,
        settings=channel_settings(tenant, channel) if tenant is not None else {},
    )
    try:
        channels.channel_for(channel, config).send(outgoing)
    except channels.DeliveryError as exc:
        log.warning("password code by %s could not be sent: %s", channel, exc)
        return str(exc) or type(exc).__name__
    return None


# --- the "forgot password" page ----------------------------------------------------------


def self_service_channels(config: Mapping) -> list[str]:
    """What the "forgot password" page can send a code by on this server."""
    return [c for c in ("email", "sms") if channel_configured(c, config)]


def request_code(login_text: str, *, config: Mapping, lang: str, url: str, valid_text) -> None:
    """Send a code to the account's own email or phone, if there is such an
    account and a provider for it. Nothing tells the asker which it was."""
    login = rules.parse_login(login_text, field="login")
    channel = "email" if login.email else "sms"
    if channel not in self_service_channels(config):
        raise ValidationError(
            N_("Codes cannot be sent to this kind of address here. Please ask your organisation's staff for a code."),
            field="login",
        )
    user = find_user(login)
    if user is None or not user.active:
        log.info("password code asked for no account: %s", rules.mask_login(login))
        return
    now = utcnow()
    if not lockout.reset_send_allowed(lockout.subject_for(login), now):
        log.warning("password code not sent: too many asked for %s", rules.mask_login(login))
        return
    row, code = password_codes.issue(user, channel=channel, now=now)
    address = login.email or login.phone or ""
    valid = valid_text(row.expires_at)
    after_commit(lambda: deliver(channel, address, code, lang=user.lang or lang, valid=valid, url=url,
                                 config=config, reference=row.id))
