"""The "central data": geography, people and households.

Provinces, districts and subdistricts are national reference data (shared);
villages (หมู่ n, or urban communities), people and households belong to a
tenant. National IDs, phones and addresses are sensitive (PDPA): shown masked
except where a task needs them.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core import clock
from core.db import (
    BigId,
    IdMixin,
    Model,
    TenantScoped,
    TimestampMixin,
    UtcDateTime,
    tenant_fk,
    tenant_relationship,
)
from core.imports.models import ImportJob  # noqa: F401  (the registry's import jobs live in the kernel's table)

VULNERABILITY_FLAGS = ("elderly", "disabled", "bedridden", "chronic_illness", "hardship")
ELDERLY_AGE = 60


class Province(IdMixin, Model):
    __tablename__ = "province"
    code: Mapped[str] = mapped_column(sa.String(4), unique=True, nullable=False)
    name_th: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    name_en: Mapped[str] = mapped_column(sa.String(100), nullable=False, default="")


class District(IdMixin, Model):
    __tablename__ = "district"
    province_id: Mapped[int] = mapped_column(BigId, sa.ForeignKey("province.id"), nullable=False, index=True)
    code: Mapped[str] = mapped_column(sa.String(6), unique=True, nullable=False)
    name_th: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    name_en: Mapped[str] = mapped_column(sa.String(100), nullable=False, default="")
    province: Mapped[Province] = relationship()


class Subdistrict(IdMixin, Model):
    __tablename__ = "subdistrict"
    district_id: Mapped[int] = mapped_column(BigId, sa.ForeignKey("district.id"), nullable=False, index=True)
    code: Mapped[str] = mapped_column(sa.String(8), unique=True, nullable=False)
    name_th: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    name_en: Mapped[str] = mapped_column(sa.String(100), nullable=False, default="")
    district: Mapped[District] = relationship()


class Village(TenantScoped, TimestampMixin, Model):
    """หมู่ n of a subdistrict, or an urban community of a city network."""

    __tablename__ = "village"
    subdistrict_id: Mapped[int | None] = mapped_column(BigId, sa.ForeignKey("subdistrict.id"), index=True)
    moo: Mapped[int | None] = mapped_column(sa.Integer)  # village number, หมู่ n
    name_th: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    name_en: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    kind: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="moo")  # moo | community

    subdistrict: Mapped[Subdistrict | None] = relationship()

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "subdistrict_id", "moo", name="uq_village_moo"),
        # NULLs are distinct in the constraint above: one หมู่ n without a
        # subdistrict per tenant, so two imports at once cannot both add it
        sa.Index(
            "uq_village_moo_no_subdistrict", "tenant_id", "moo", unique=True,
            postgresql_where=sa.text("subdistrict_id IS NULL AND moo IS NOT NULL"),
            sqlite_where=sa.text("subdistrict_id IS NULL AND moo IS NOT NULL"),
        ),
        sa.CheckConstraint("moo IS NULL OR moo > 0", name="moo_positive"),
    )

    def label(self, lang: str = "th") -> str:
        name = self.name_en if lang == "en" and self.name_en else self.name_th
        if self.moo:
            prefix = f"Moo {self.moo}" if lang == "en" else f"หมู่ {self.moo}"
            return f"{prefix} {name}"
        return name


class Household(TenantScoped, TimestampMixin, Model):
    __tablename__ = "household"
    __tenant_refs__ = {"village_id": "village"}

    code: Mapped[str] = mapped_column(sa.String(40), nullable=False)  # house number / local code
    village_id: Mapped[int | None] = mapped_column(BigId, index=True)
    address: Mapped[str | None] = mapped_column(sa.Text)  # sensitive
    head_person_id: Mapped[int | None] = mapped_column(BigId)
    notes: Mapped[str | None] = mapped_column(sa.Text)

    village: Mapped[Village | None] = tenant_relationship("Household", "village_id", "Village")
    members: Mapped[list[Person]] = relationship(
        "Person",
        primaryjoin="and_(Household.tenant_id == Person.tenant_id, Household.id == foreign(Person.household_id))",
        viewonly=True,
        order_by="Person.id",
    )
    head: Mapped[Person | None] = relationship(
        "Person",
        primaryjoin="and_(Household.tenant_id == Person.tenant_id, foreign(Household.head_person_id) == Person.id)",
        viewonly=True,
    )

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "code", name="uq_household_code"),
        # person -> household and household -> head person form a cycle
        tenant_fk("head_person_id", "person", use_alter=True),
    )

    def vulnerability(self, today: date | None = None) -> set[str]:
        """Derived from members: the union of their flags (age ≥ 60 is elderly)."""
        flags: set[str] = set()
        for person in self.members:
            flags |= person.flags(today)
        return flags


class Person(TenantScoped, TimestampMixin, Model):
    __tablename__ = "person"
    __tenant_refs__ = {"household_id": "household"}

    household_id: Mapped[int | None] = mapped_column(BigId, index=True)
    user_id: Mapped[int | None] = mapped_column(BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    title_th: Mapped[str | None] = mapped_column(sa.String(40))
    first_name_th: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    last_name_th: Mapped[str] = mapped_column(sa.String(100), nullable=False, default="")
    first_name_en: Mapped[str | None] = mapped_column(sa.String(100))
    last_name_en: Mapped[str | None] = mapped_column(sa.String(100))
    national_id: Mapped[str | None] = mapped_column(sa.String(13))  # sensitive; 13 digits, check digit valid
    phone: Mapped[str | None] = mapped_column(sa.String(20))  # sensitive; E.164
    birth_date: Mapped[date | None] = mapped_column(sa.Date)
    sex: Mapped[str | None] = mapped_column(sa.String(1))
    elderly: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    disabled: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    bedridden: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    chronic_illness: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    hardship: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)

    household: Mapped[Household | None] = tenant_relationship("Person", "household_id", "Household")

    __extra_table_args__ = (
        sa.Index("ix_person_tenant_national_id", "tenant_id", "national_id"),
        sa.Index("ix_person_tenant_phone", "tenant_id", "phone"),
        sa.CheckConstraint("sex IS NULL OR sex IN ('M','F','X')", name="sex"),
    )

    @property
    def name_th(self) -> str:
        return " ".join(p for p in (self.title_th, self.first_name_th, self.last_name_th) if p)

    @property
    def name_en(self) -> str:
        return " ".join(p for p in (self.first_name_en, self.last_name_en) if p)

    def display_name(self, lang: str = "th") -> str:
        return self.name_en if lang == "en" and self.name_en else self.name_th

    def age(self, today: date | None = None) -> int | None:
        if not self.birth_date:
            return None
        today = today or clock.today()
        b = self.birth_date
        return today.year - b.year - ((today.month, today.day) < (b.month, b.day))

    def flags(self, today: date | None = None) -> set[str]:
        found = {f for f in VULNERABILITY_FLAGS if getattr(self, f)}
        age = self.age(today)
        if age is not None and age >= ELDERLY_AGE:
            found.add("elderly")
        return found


class DuplicateFlag(TenantScoped, TimestampMixin, Model):
    """Two people in a tenant who share a national ID or phone: flagged for a
    person to review, never merged automatically."""

    __tablename__ = "duplicate_flag"
    __tenant_refs__ = {"person_id": "person:CASCADE", "other_person_id": "person:CASCADE"}

    person_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    other_person_id: Mapped[int] = mapped_column(BigId, nullable=False)
    reason: Mapped[str] = mapped_column(sa.String(20), nullable=False)  # national_id | phone
    status: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="open")  # open | distinct | resolved
    resolved_by_user_id: Mapped[int | None] = mapped_column(BigId, sa.ForeignKey("user_account.id"))
    resolution_note: Mapped[str | None] = mapped_column(sa.Text)

    person: Mapped[Person] = tenant_relationship("DuplicateFlag", "person_id", "Person")
    other: Mapped[Person] = tenant_relationship("DuplicateFlag", "other_person_id", "Person")

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "person_id", "other_person_id", "reason", name="uq_duplicate_pair"),
        sa.CheckConstraint("person_id <> other_person_id", name="distinct_people"),
    )


IMPORT_MODES = ("strict", "good_only")


MERGE_KINDS = ("person", "village")
MERGE_STATUSES = ("merged", "undone")


class MergeRecord(TenantScoped, TimestampMixin, Model):
    """A confirmed duplicate person or village merged into the one kept, with
    what it takes to undo it: the removed row as it was, the rows removed with
    it, every reference moved (table, column, primary keys, from, to) and
    the blanks of the kept row filled from the removed one. Ids only, no
    foreign keys: the removed row is gone while the merge stands."""

    __tablename__ = "registry_merge"

    kind: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    kept_id: Mapped[int] = mapped_column(BigId, nullable=False)
    removed_id: Mapped[int] = mapped_column(BigId, nullable=False)
    status: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="merged")
    reason: Mapped[str | None] = mapped_column(sa.Text)
    removed_row: Mapped[dict] = mapped_column(sa.JSON, nullable=False, default=dict)
    removed_with: Mapped[dict] = mapped_column(sa.JSON, nullable=False, default=dict)  # table -> rows
    moved: Mapped[list] = mapped_column(sa.JSON, nullable=False, default=list)
    filled: Mapped[dict] = mapped_column(sa.JSON, nullable=False, default=dict)  # column -> value before
    merged_by_user_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    undone_by_user_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    undone_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    __extra_table_args__ = (
        sa.Index("ix_registry_merge_kept", "tenant_id", "kind", "kept_id"),
        sa.CheckConstraint("kind IN ('person','village')", name="kind"),
        sa.CheckConstraint("status IN ('merged','undone')", name="status"),
        sa.CheckConstraint("kept_id <> removed_id", name="distinct_rows"),
    )

    @property
    def moved_count(self) -> int:
        return sum(len(m["keys"]) for m in self.moved or [])
