"""``pansuk mail test ADDRESS``: send one email now with the server's mail
settings and say plainly what is wrong if it does not go (a refused log-in,
TLS that cannot work, a server that cannot be reached). Exit 1 on failure."""

from __future__ import annotations

import click
from flask import current_app

from core.notifications import channels


@click.group(help="Email settings (MAIL_*).")
def mail() -> None:
    pass


@mail.command("test")
@click.argument("address")
def test_command(address: str) -> None:
    """Send a test email to ADDRESS."""
    from core.auth.rules import normalise_email

    to = normalise_email(address)
    if to is None:
        raise click.UsageError(f"{address!r} is not an email address")
    config = current_app.config
    if not config.get("MAIL_SERVER") and config.get("NOTIFY_EMAIL_BACKEND") != "memory":
        raise click.ClickException("MAIL_SERVER is not set: there is no mail server to send through")
    message = channels.Outgoing(
        notification_id=0, tenant_id=0, address=to, subject="Pansuk: test email / อีเมลทดสอบ",
        body="This is a test email from Pansuk.\nนี่คืออีเมลทดสอบจากปันสุข", lang="th",
    )
    try:
        answer = channels.channel_for("email", config).send(message)
    except channels.DeliveryError as exc:
        kind = {
            channels.NotConfigured: "the mail settings need fixing",
            channels.TransientError: "the mail server could not be reached or asked to try later",
            channels.PermanentError: "the mail server refused the message",
        }.get(type(exc), "the email was not sent")
        raise click.ClickException(f"{kind}: {exc}") from None
    click.echo(f"sent to {to}: {answer}")
