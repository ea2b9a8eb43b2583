"""A network's administration of its member organisations: list them with
their administrators, add one, name its administrator; and an organisation
leaving its network.

Memberships of a member organisation are read and written bound to that
organisation (row-level security shows a membership to its own tenant): the
permission is checked here first, against the network's own memberships.
Every change is audited in the network's log and in the member's. Services
flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from core.audit.services import record_in_tenants
from core.auth.models import PasswordCode, User
from core.db import db
from core.errors import N_, Forbidden, NotFound, ValidationError
from core.tenancy.context import tenant_context
from core.tenancy.models import Membership, Tenant, TenantKind
from core.tenancy.queries import descendants

NETWORK_KINDS = frozenset({"network", "pgs_network"})
MEMBER_KINDS = tuple(k.value for k in TenantKind if k.value != "foundation")


class NotANetwork(NotFound):
    code = "not_a_network"


class NotInNetwork(NotFound):
    code = "not_in_network"
    message = N_("This organisation is not a member of this network")


class NoNetwork(ValidationError):
    code = "no_network"
    message = N_("This organisation is not a member of a network")


class ConfirmLeaving(ValidationError):
    code = "confirm_leaving"
    message = N_("Please tick the box to confirm that you have read what leaving means")


@dataclass(frozen=True)
class MemberOrganisation:
    tenant: Tenant
    admins: list[User]


@dataclass(frozen=True)
class Named:
    """An administrator named: the account, and a code to set its first
    password when the account is new (shown once)."""

    user: User
    code_row: PasswordCode | None = None
    code: str | None = None


def _require_network(network: Tenant) -> None:
    if network.kind not in NETWORK_KINDS:
        raise NotANetwork()


def _require_admin(actor, network: Tenant) -> None:
    """Fresh from the database: the actor is an active administrator of the
    network itself (or of a network above it)."""
    from core.auth.policies import ancestors

    for place in (network.id, *ancestors(network.id)):
        roles = db.session.scalar(
            sa.select(Membership.roles).where(
                Membership.tenant_id == place, Membership.user_id == actor.id, Membership.active.is_(True)
            )
        )
        if "admin" in (roles or ()):
            return
    raise Forbidden()


def _admins_of(tenant_id: int) -> list[User]:
    with tenant_context(tenant_id):
        rows = db.session.execute(
            sa.select(Membership.roles, User)
            .join(User, User.id == Membership.user_id)
            .where(Membership.tenant_id == tenant_id, Membership.active.is_(True))
            .order_by(User.display_name, User.id)
        ).all()
    return [user for roles, user in rows if "admin" in (roles or ())]


def members_of(network: Tenant) -> list[MemberOrganisation]:
    """Every organisation below the network, with its administrators."""
    _require_network(network)
    return [MemberOrganisation(t, _admins_of(t.id)) for t in descendants(network)]


def member(network: Tenant, tenant_id: int) -> Tenant:
    """An organisation below ``network``, or NotInNetwork (never another's)."""
    for tenant in descendants(network):
        if tenant.id == tenant_id:
            return tenant
    raise NotInNetwork()


def member_by_slug(network: Tenant, slug: str) -> Tenant:
    for tenant in descendants(network):
        if tenant.slug == slug:
            return tenant
    raise NotInNetwork()


def add_member_organisation(
    actor, network: Tenant, *, slug: str, name_th: str, name_en: str = "", kind: str = "council",
    admin_login: str = "", admin_name: str = "",
) -> tuple[Tenant, Named | None]:
    """A new organisation in the network, with its administrator if one is
    named. The network's administrators only."""
    from core.tenancy.services import create_tenant

    _require_network(network)
    _require_admin(actor, network)
    if kind not in MEMBER_KINDS:
        raise ValidationError(N_("Unknown kind of organisation"), field="kind")
    tenant = create_tenant(slug=slug, name_th=name_th, name_en=name_en, kind=kind, parent=network)
    _audit_both(network, tenant, "tenancy.network.member_add", actor,
                {"slug": tenant.slug, "kind": tenant.kind, "network": network.slug})
    named = name_admin(actor, network, tenant.id, admin_login, admin_name) if (admin_login or "").strip() else None
    return tenant, named


def name_admin(actor, network: Tenant, tenant_id: int, login_text: str, display_name: str = "") -> Named:
    """Make the account with this log-in (a new one if there is none, whose
    owner then sets a password with the code returned) an administrator of
    a member organisation."""
    from core.auth import accounts, members

    _require_network(network)
    _require_admin(actor, network)
    tenant = member(network, tenant_id)
    if not (login_text or "").strip():
        raise ValidationError(N_("Please enter a phone number or email"), field="admin_login")
    from core.auth.rules import parse_login
    from core.auth.services import find_user

    if find_user(parse_login(login_text, field="admin_login")) is None and not (display_name or "").strip():
        raise ValidationError(N_("There is no account with this log-in yet: enter the person's name to make one"),
                              field="admin_name")
    user, new = accounts.find_or_create(login_text, display_name, field="admin_login")
    with tenant_context(tenant.id):
        members.grant(actor, tenant, user, ["admin"])
    code_row, code = (None, None)
    if new:
        code_row, code = accounts.invite(user, issued_by=actor.id, tenant_id=tenant.id, channel="print")
    _audit_both(network, tenant, "tenancy.network.admin_named", actor, {"user_id": user.id, "new_account": new})
    return Named(user=user, code_row=code_row, code=code)


def leave_network(actor, tenant: Tenant, *, confirmed: bool) -> Tenant:
    """``tenant`` (its own administrator acting) leaves its network."""
    if tenant.parent_id is None:
        raise NoNetwork()
    if not confirmed:
        raise ConfirmLeaving(field="confirm")
    network = db.session.get(Tenant, tenant.parent_id)
    if network is None:
        raise NoNetwork()
    tenant.parent_id = None
    db.session.flush()
    _audit_both(network, tenant, "tenancy.network.leave", actor, {"network": network.slug, "slug": tenant.slug})
    return tenant


def _audit_both(network: Tenant, tenant: Tenant, action: str, actor, after: dict) -> None:
    record_in_tenants(
        [network.id, tenant.id], action, actor_id=actor.id if actor is not None else None,
        target_type="tenant", target_id=tenant.id, after=after,
    )

