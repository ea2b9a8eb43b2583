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
import ssl
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


class NotConfigured(DeliveryError):
    """No provider is set up for the channel, or it is set up wrongly (a
    refused log-in, TLS that cannot work): the notification waits, pending,
    and goes out once the operator or the organisation sets it up."""


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
    """Email over SMTP: plain (``none``), ``starttls`` or implicit TLS
    (``ssl``), with a log-in when a user name is set. The server's
    certificate is checked (against ``MAIL_CA_FILE`` when set)."""

    name = "email"
    address_kind = "email"

    def __init__(
        self, host: str | None, port: int, sender: str, timeout: float = 10.0, *,
        security: str = "none", username: str | None = None, password: str | None = None,
        ca_file: str | None = None,
    ):
        self.host, self.port, self.sender, self.timeout = host, port, sender, timeout
        self.security, self.username, self.password, self.ca_file = security, username, password, ca_file

    @classmethod
    def from_config(cls, config: Mapping) -> Channel:
        if config.get("NOTIFY_EMAIL_BACKEND") == "memory":
            return memory
        return cls(
            config.get("MAIL_SERVER"), config.get("MAIL_PORT", 25), config.get("MAIL_FROM"),
            float(config.get("MAIL_TIMEOUT") or 10), security=config.get("MAIL_SECURITY") or "none",
            username=config.get("MAIL_USERNAME"), password=config.get("MAIL_PASSWORD"),
            ca_file=config.get("MAIL_CA_FILE"),
        )

    def send(self, message: Outgoing) -> str:
        if not self.host:
            raise NotConfigured("no mail server is set up (MAIL_SERVER)")
        if not message.address:
            raise PermanentError("no email address")
        try:
            with self.connect() as smtp:
                smtp.send_message(self._email(message))
        except smtplib.SMTPRecipientsRefused as exc:
            raise PermanentError(f"recipient refused: {sorted(exc.recipients)}") from exc
        except smtplib.SMTPResponseException as exc:
            error = TransientError if 400 <= exc.smtp_code < 500 else PermanentError
            raise error(f"SMTP {exc.smtp_code}: {exc.smtp_error!r}") from exc
        except OSError as exc:  # refused, timed out, disconnected
            raise TransientError(f"{type(exc).__name__}: {exc}") from exc
        return f"accepted by {self.host}:{self.port}"

    def connect(self) -> smtplib.SMTP:
        """A connected SMTP session, secured and logged in as configured.
        A setting that cannot work raises NotConfigured with what to fix."""
        where = f"{self.host}:{self.port}"
        if not self.host:
            raise NotConfigured("MAIL_SERVER is not set: set it to the mail server's name")
        host = self.host
        smtp: smtplib.SMTP | None = None
        step = "connect"
        try:
            if self.security == "ssl":
                smtp = smtplib.SMTP_SSL(host, self.port, timeout=self.timeout, context=self._tls())
            else:
                smtp = smtplib.SMTP(host, self.port, timeout=self.timeout)
                if self.security == "starttls":
                    step = "starttls"
                    smtp.starttls(context=self._tls())
            if self.username:
                step = "login"
                smtp.login(self.username, self.password or "")
            return smtp
        except smtplib.SMTPAuthenticationError as exc:
            _close(smtp)
            raise NotConfigured(
                f"the mail server {where} refused the log-in of {self.username!r} "
                f"(SMTP {exc.smtp_code}): check MAIL_USERNAME and MAIL_PASSWORD"
            ) from exc
        except smtplib.SMTPNotSupportedError as exc:
            _close(smtp)
            needs = ("STARTTLS: set MAIL_SECURITY to ssl (port 465) or none" if step == "starttls"
                     else "a log-in here: unset MAIL_USERNAME, or use MAIL_SECURITY=starttls")
            raise NotConfigured(f"the mail server {where} does not offer {needs}") from exc
        except ssl.SSLError as exc:
            _close(smtp)
            raise NotConfigured(
                f"TLS with the mail server {where} failed ({exc.reason or exc}): check MAIL_SECURITY, "
                "MAIL_PORT and, for a private certificate authority, MAIL_CA_FILE"
            ) from exc
        except BaseException:
            _close(smtp)
            raise

    def _tls(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.ca_file)

    def _email(self, message: Outgoing) -> EmailMessage:
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = message.address
        email["Subject"] = message.subject
        email.set_content(message.body)
        return email


def _close(smtp: smtplib.SMTP | None) -> None:
    if smtp is None:
        return
    try:
        smtp.close()
    except OSError:
        pass
