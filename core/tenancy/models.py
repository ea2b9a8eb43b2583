"""Tenants (community organisations, nested) and memberships with roles."""

from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import BigId, IdMixin, Model, TimestampMixin


class TenantKind(enum.StrEnum):
    network = "network"
    council = "council"
    community = "community"
    pgs_network = "pgs_network"
    foundation = "foundation"


class Role(enum.StrEnum):
    admin = "admin"
    staff = "staff"
    volunteer = "volunteer"
    household = "household"
    producer = "producer"
    inspector = "inspector"
    committee = "committee"
    fund_manager = "fund_manager"
    signatory = "signatory"
    auditor = "auditor"


ALL_ROLES = tuple(r.value for r in Role)


class Tenant(IdMixin, TimestampMixin, Model):
    __tablename__ = "tenant"

    slug: Mapped[str] = mapped_column(sa.String(64), unique=True, nullable=False)
    name_th: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    name_en: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    kind: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    parent_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("tenant.id", ondelete="RESTRICT"), index=True
    )
    timezone: Mapped[str] = mapped_column(sa.String(64), nullable=False, default="Asia/Bangkok")
    contact_phone: Mapped[str | None] = mapped_column(sa.String(20))
    contact_email: Mapped[str | None] = mapped_column(sa.String(200))
    address: Mapped[str | None] = mapped_column(sa.Text)
    logo_document_id: Mapped[int | None] = mapped_column(BigId)
    # Payment and messaging settings arrive with the payments issue; kept as JSON.
    settings: Mapped[dict] = mapped_column(sa.JSON, nullable=False, default=dict)
    active: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)

    parent: Mapped[Tenant | None] = relationship(remote_side="Tenant.id", back_populates="children")
    children: Mapped[list[Tenant]] = relationship(back_populates="parent", order_by="Tenant.slug")

    __table_args__ = (
        sa.CheckConstraint(
            "kind IN ('network','council','community','pgs_network','foundation')", name="kind"
        ),
        sa.CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
    )

    def name(self, locale: str = "th") -> str:
        return self.name_en if locale == "en" and self.name_en else self.name_th

    def __repr__(self) -> str:
        return f"<Tenant {self.slug}>"


class Membership(IdMixin, TimestampMixin, Model):
    """A user's place in a tenant. Not auto-scoped: a user lists their own
    memberships across tenants to switch between them. Row-level security
    shows a row to its tenant and to its user (core.tenancy.rls)."""

    __tablename__ = "membership"

    user_id: Mapped[int] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True
    )
    tenant_id: Mapped[int] = mapped_column(
        BigId, sa.ForeignKey("tenant.id", ondelete="CASCADE"), nullable=False, index=True
    )
    roles: Mapped[list[str]] = mapped_column(sa.JSON, nullable=False, default=list)
    active: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)

    tenant: Mapped[Tenant] = relationship()
    user = relationship("User", back_populates="memberships")

    __table_args__ = (
        sa.UniqueConstraint("user_id", "tenant_id"),
        sa.UniqueConstraint("tenant_id", "id", name="uq_membership_tenant_id"),
    )

    def has_role(self, *roles: str) -> bool:
        return self.active and any(r in self.roles for r in roles)


@sa.event.listens_for(Tenant, "load")
@sa.event.listens_for(Tenant, "refresh")
def _learn_zone(tenant: Tenant, *_args) -> None:
    from core import clock

    clock.remember_zone(tenant.id, tenant.timezone)


@sa.event.listens_for(Tenant, "after_insert")
@sa.event.listens_for(Tenant, "after_update")
def _learn_saved_zone(_mapper, _connection, tenant: Tenant) -> None:
    from core import clock

    clock.remember_zone(tenant.id, tenant.timezone)
