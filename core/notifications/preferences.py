"""Per-person contact preferences: which channel first, which never.

Without an explicit channel a notification to a person goes by the first
channel in their order (LINE, SMS, email by default) that they have an address
for and have not opted out of. A channel they opted out of is never used: such
a notification is recorded as failed ("opted out") and nothing is sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa

from core.audit.services import record
from core.db import db
from core.errors import N_, NotFound, ValidationError
from core.notifications.masking import mask_address
from core.notifications.models import ContactPreference

# channel -> the kind of address it needs (see channels.Channel.address_kind)
CHANNELS = {"line": "line", "sms": "phone", "email": "email"}
DEFAULT_ORDER = ("line", "sms", "email")
OPTED_OUT = "opted out"
LINE_USER_ID = re.compile(r"^U[0-9a-f]{32}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class InvalidLineUserId(ValidationError):
    code = "invalid_line_user_id"
    message = N_("A LINE user id is U followed by 32 letters and digits")


class InvalidEmail(ValidationError):
    code = "invalid_email"
    message = N_("Enter a valid email address")


class UnknownChannel(ValidationError):
    code = "unknown_channel"
    message = N_("Unknown channel")


@dataclass(frozen=True)
class Recipient:
    person_id: int | None
    user_id: int | None
    preference: ContactPreference | None
    addresses: dict[str, str | None]  # address kind -> address

    def opted_out_of(self, channel: str) -> bool:
        return self.preference is not None and self.preference.opted_out_of(channel)

    def address_for(self, kind: str | None) -> str | None:
        if kind is None:
            return self.addresses.get("email") or self.addresses.get("phone")
        return self.addresses.get(kind)

    def choose(self) -> str | None:
        """The first preferred channel with an address and no opt-out."""
        for channel in order_of(self.preference):
            if not self.opted_out_of(channel) and self.address_for(CHANNELS[channel]):
                return channel
        return None

    @property
    def opted_out_everywhere(self) -> bool:
        return self.preference is not None and all(self.opted_out_of(c) for c in CHANNELS)


def order_of(preference: ContactPreference | None) -> list[str]:
    chosen = [c for c in (preference.channel_order if preference else []) or [] if c in CHANNELS]
    return chosen + [c for c in DEFAULT_ORDER if c not in chosen]


def preference_for(person_id: int) -> ContactPreference | None:
    return db.session.scalar(sa.select(ContactPreference).where(ContactPreference.person_id == person_id))


def recipient(to_user_id: int | None, to_person_id: int | None) -> Recipient:
    """Who a notification goes to and every address we hold for them, in the
    tenant in context. A user without a person id is matched to their person
    record in this tenant, if there is one."""
    from core.auth.models import User
    from core.registry.models import Person

    person = db.session.get(Person, to_person_id) if to_person_id else None
    if to_person_id and person is None:
        raise NotFound()
    if person is None and to_user_id:
        person = db.session.scalar(sa.select(Person).where(Person.user_id == to_user_id).order_by(Person.id).limit(1))
    user_id = to_user_id or (person.user_id if person else None)
    user = db.session.get(User, user_id) if user_id else None
    preference = preference_for(person.id) if person else None
    addresses = {
        "line": preference.line_user_id if preference else None,
        "phone": (person.phone if person else None) or (user.phone if user else None),
        "email": (preference.email if preference else None) or (user.email if user else None),
    }
    return Recipient(person.id if person else None, user_id, preference, addresses)


def set_preference(
    person_id: int,
    *,
    actor_id: int | None,
    channel_order: list[str],
    opted_out_channels: list[str],
    opted_out_all: bool,
    line_user_id: str | None,
    email: str | None,
) -> ContactPreference:
    """Create or change a person's preference (tenant in context); audited
    with addresses masked."""
    from core.registry.models import Person

    if db.session.get(Person, person_id) is None:
        raise NotFound()
    for name, field in ((channel_order, "channel_order"), (opted_out_channels, "opted_out_channels")):
        if any(c not in CHANNELS for c in name):
            raise UnknownChannel(field=field)
    line_user_id = (line_user_id or "").strip() or None
    email = (email or "").strip() or None
    if line_user_id and not LINE_USER_ID.match(line_user_id):
        raise InvalidLineUserId(field="line_user_id")
    if email and not EMAIL.match(email):
        raise InvalidEmail(field="email")
    preference = preference_for(person_id)
    before = _audit_view(preference)
    if preference is None:
        preference = ContactPreference(person_id=person_id)
        db.session.add(preference)
    preference.channel_order = list(dict.fromkeys(channel_order))
    preference.opted_out_channels = sorted(set(opted_out_channels))
    preference.opted_out_all = bool(opted_out_all)
    preference.line_user_id, preference.email = line_user_id, email
    db.session.flush()
    after = _audit_view(preference)
    changed = {k for k in after if (before or {}).get(k) != after[k]}
    if changed:
        record(
            "notifications.contact_preference.update", actor_id=actor_id, target_type="person",
            target_id=person_id, before={k: before[k] for k in changed} if before else None,
            after={k: after[k] for k in changed},
        )
    return preference


def _audit_view(preference: ContactPreference | None) -> dict | None:
    if preference is None:
        return None
    return {
        "channel_order": list(preference.channel_order or []),
        "opted_out_channels": list(preference.opted_out_channels or []),
        "opted_out_all": preference.opted_out_all,
        "line_user_id": mask_address(preference.line_user_id) if preference.line_user_id else None,
        "email": mask_address(preference.email) if preference.email else None,
    }
