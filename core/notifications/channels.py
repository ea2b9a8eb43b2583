"""Delivery channels and their registry.

A channel turns a rendered message into something that leaves the process and
returns the provider's response. Adding a channel (SMS, LINE) is a new class
registered under its name; nothing else changes. A channel raises
:class:`TransientError` when trying again later may work (a connection refused,
a 4xx from SMTP, a 5xx or 429 from an HTTP provider) and :class:`PermanentError`
when it never will. Both may carry the provider's response, which the delivery
log records.

The SMS and LINE channels live in :mod:`core.notifications.sms` and
:mod:`core.notifications.line`; importing this package registers them.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import ClassVar

log = logging.getLogger("pansuk.notifications")


class DeliveryError(Exception):
    """A failed attempt; ``response`` is what the provider answered, if anything."""

    def __init__(self, message: str = "", response: str | None = None):
        super().__init__(message)
        self.response = response


class TransientError(DeliveryError):
    """Delivery failed but may succeed on a later attempt."""


class PermanentError(DeliveryError):
    """Delivery can never succeed as asked (no address, address refused)."""


@dataclass(frozen=True)
class Outgoing:
    notification_id: int
    tenant_id: int
    address: str | None
    subject: str
    body: str
    lang: str
    # The tenant's settings for this channel (tokens, gateway URL): never logged.
    settings: Mapping = field(default_factory=dict, repr=False, compare=False)


class Channel:
    name: ClassVar[str]
    # Which kind of address the channel needs: "email", "phone", "line" or None (any).
    address_kind: ClassVar[str | None] = None

    @classmethod
    def from_config(cls, config: Mapping) -> Channel:
        return cls()

    def send(self, message: Outgoing) -> str:
        raise NotImplementedError


Factory = Callable[[Mapping], Channel]
_REGISTRY: dict[str, tuple[Factory, str | None]] = {}


def register(name: str, factory: Factory, address_kind: str | None = None) -> None:
    _REGISTRY[name] = (factory, address_kind)


def unregister(name: str) -> None:
    _REGISTRY.pop(name, None)


def channel(cls: type[Channel]) -> type[Channel]:
    """Class decorator: register a channel under its ``name``."""
    register(cls.name, cls.from_config, cls.address_kind)
    return cls


def names() -> list[str]:
    return sorted(_REGISTRY)


def address_kind(name: str) -> str | None:
    return _lookup(name)[1]


def channel_for(name: str, config: Mapping) -> Channel:
    return _lookup(name)[0](config)


def _lookup(name: str) -> tuple[Factory, str | None]:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise LookupError(f"unknown notification channel {name!r}") from None


@channel
class ConsoleChannel(Channel):
    """The default: writes the message to the log (development, demos)."""

    name = "console"

    def send(self, message: Outgoing) -> str:
        log.info(
            "notification %s to %s: %s | %s",
            message.notification_id,
            message.address or "-",
            message.subject,
            message.body,
        )
        return "logged"


@dataclass
class MemoryChannel(Channel):
    """A fake for tests: keeps what it was asked to send."""

    name: ClassVar[str] = "memory"
    sent: list[Outgoing] = field(default_factory=list)

    def send(self, message: Outgoing) -> str:
        self.sent.append(message)
        return f"memory:{len(self.sent)}"


# The one in-process outbox used when NOTIFY_EMAIL_BACKEND == "memory".
memory = MemoryChannel()


@channel
class EmailChannel(Channel):
    name = "email"
    address_kind = "email"

    def __init__(self, host: str | None, port: int, sender: str, timeout: float = 10.0):
        self.host, self.port, self.sender, self.timeout = host, port, sender, timeout

    @classmethod
    def from_config(cls, config: Mapping) -> Channel:
        if config.get("NOTIFY_EMAIL_BACKEND") == "memory":
            return memory
        return cls(config.get("MAIL_SERVER"), config.get("MAIL_PORT", 25), config.get("MAIL_FROM"))

    def send(self, message: Outgoing) -> str:
        if not self.host:
            raise PermanentError("no MAIL_SERVER configured")
        if not message.address:
            raise PermanentError("no email address")
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                smtp.send_message(self._email(message))
        except smtplib.SMTPRecipientsRefused as exc:
            raise PermanentError(f"recipient refused: {exc.recipients}") from exc
        except smtplib.SMTPResponseException as exc:
            error = TransientError if 400 <= exc.smtp_code < 500 else PermanentError
            raise error(f"SMTP {exc.smtp_code}: {exc.smtp_error!r}") from exc
        except OSError as exc:  # refused, timed out, disconnected
            raise TransientError(f"{type(exc).__name__}: {exc}") from exc
        return f"accepted by {self.host}:{self.port}"

    def _email(self, message: Outgoing) -> EmailMessage:
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = message.address
        email["Subject"] = message.subject
        email.set_content(message.body)
        return email
