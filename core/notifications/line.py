"""The LINE Messaging API push endpoint (LINE Notify ended on 31 March 2025).

Each tenant has its own LINE Official Account: its channel access token is in
``Tenant.settings["line"]["channel_token"]``. A person's LINE user id (``U`` and
32 hex digits) is on their contact preference.

Every push carries ``X-Line-Retry-Key``, a UUID derived from the tenant and
the notification, so every attempt at one notification sends the same key and
LINE delivers it at most once. LINE answers 409 to a key it has already
accepted: the message went out, so that counts as sent.

The API base is the operator's (``LINE_API_BASE``), never a tenant's, so it is
not checked against :mod:`core.outbound`; a tenant sets only its token.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping

from core.notifications import provider_http
from core.notifications.channels import Channel, NotConfigured, Outgoing, PermanentError, channel
from core.notifications.settings import config_value

DEFAULT_API_BASE = "https://api.line.me"
PUSH_PATH = "/v2/bot/message/push"
USER_ID = re.compile(r"^U[0-9a-f]{32}$")
TEXT_LIMIT = 5000  # LINE's limit for one text message
RETRY_KEY_NAMESPACE = uuid.UUID("5b0c7a52-3f0e-4d0b-9a53-7d1f3c2e9a41")


def retry_key(tenant_id: int, notification_id: int) -> str:
    return str(uuid.uuid5(RETRY_KEY_NAMESPACE, f"{tenant_id}:{notification_id}"))


@channel
class LineChannel(Channel):
    name = "line"
    address_kind = "line"

    def __init__(self, config: Mapping):
        self.config = config

    @classmethod
    def from_config(cls, config: Mapping) -> Channel:
        return cls(config)

    @property
    def push_url(self) -> str:
        return config_value(self.config, "LINE_API_BASE", DEFAULT_API_BASE).rstrip("/") + PUSH_PATH

    def send(self, message: Outgoing) -> str:
        token = (message.settings or {}).get("channel_token")
        if not token:
            raise NotConfigured("no LINE channel access token is set up for this organisation")
        if not message.address or not USER_ID.match(message.address):
            raise PermanentError("not a LINE user id")
        key = retry_key(message.tenant_id, message.notification_id)
        payload = {"to": message.address, "messages": [{"type": "text", "text": message.body[:TEXT_LIMIT]}]}
        answer = provider_http.request(
            self.push_url,
            body=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {token}",
                "X-Line-Retry-Key": key,
            },
            timeout=float(config_value(self.config, "LINE_API_TIMEOUT", provider_http.DEFAULT_TIMEOUT)),
            secrets=(token,),
        )
        if 200 <= answer.status < 300:
            return answer.summary()
        if answer.status == 409:  # this retry key was accepted before: already delivered
            return answer.summary() + provider_http.ALREADY_ACCEPTED
        provider_http.raise_for_failure(answer)
        raise AssertionError("unreachable")
