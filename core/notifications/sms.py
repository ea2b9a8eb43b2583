"""SMS through a configurable HTTP gateway.

Thai SMS gateways differ in URL, auth and body shape, so the adapter is
configured rather than written per provider: the tenant's
``Tenant.settings["sms"]`` (falling back to ``SMS_GATEWAY_URL`` and
``SMS_GATEWAY_TOKEN`` in the config) gives

``url``            where to POST
``token``          sent as ``<auth_header>: <auth_scheme> <token>``
``auth_header``    default ``Authorization``
``auth_scheme``    default ``Bearer`` (empty for a bare API key header)
``sender``         the sender name, if the gateway wants one
``content_type``   ``application/json`` (default) or ``application/x-www-form-urlencoded``
``body_template``  with ``{to}``, ``{text}`` and ``{sender}``; values are
                   JSON-encoded for a JSON body and URL-encoded for a form
``success_status`` status codes meaning "accepted" (default: any 2xx)

A tenant's URL is checked against :mod:`core.outbound` before every call and
the connection goes to the address checked; redirects are not followed. What
the gateway answers is kept as its status only (see ``provider_http``).

Phones must be E.164 (``+66812345678``). Text is UTF-8 and may be long: the
gateway splits it into parts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from urllib.parse import quote_plus

from core import outbound
from core.notifications import provider_http
from core.notifications.channels import Channel, NotConfigured, Outgoing, PermanentError, channel
from core.notifications.settings import config_value

E164 = re.compile(r"^\+[1-9][0-9]{7,14}$")
JSON_TEMPLATE = '{"to": {to}, "text": {text}, "sender": {sender}}'
FORM_TEMPLATE = "to={to}&text={text}&sender={sender}"


@channel
class SmsChannel(Channel):
    name = "sms"
    address_kind = "phone"

    def __init__(self, config: Mapping):
        self.config = config

    @classmethod
    def from_config(cls, config: Mapping) -> Channel:
        return cls(config)

    def gateway(self, message: Outgoing) -> tuple[dict, outbound.Policy | None]:
        """The gateway's settings, and the policy its URL is called under:
        a tenant's URL is checked (:mod:`core.outbound`), the operator's own
        ``SMS_GATEWAY_URL`` is trusted."""
        settings = dict(message.settings or {})
        if settings.get("url"):
            return settings, outbound.Policy.from_config(self.config)
        # The tenant has none: the app's gateway, with the app's token.
        settings["url"] = config_value(self.config, "SMS_GATEWAY_URL")
        settings["token"] = config_value(self.config, "SMS_GATEWAY_TOKEN")
        if not settings.get("url"):
            raise NotConfigured("no SMS gateway is set up (the organisation's SMS settings or SMS_GATEWAY_URL)")
        return settings, None

    def send(self, message: Outgoing) -> str:
        if not message.address or not E164.match(message.address):
            raise PermanentError("the phone number is not in E.164 form (+66…)")
        gateway, policy = self.gateway(message)
        body, content_type = render_body(gateway, to=message.address, text=message.body)
        headers = {"Content-Type": f"{content_type}; charset=utf-8", "Accept": "application/json, */*"}
        if gateway.get("token"):
            scheme = gateway.get("auth_scheme", "Bearer")
            header = gateway.get("auth_header") or "Authorization"
            headers[header] = f"{scheme} {gateway['token']}".strip()
        answer = provider_http.request(
            gateway["url"], body=body, headers=headers,
            timeout=float(config_value(self.config, "SMS_GATEWAY_TIMEOUT", provider_http.DEFAULT_TIMEOUT)),
            policy=policy, secrets=(gateway.get("token") or "",),
        )
        if answer.status in success_statuses(gateway):
            return answer.summary()
        provider_http.raise_for_failure(answer)
        raise AssertionError("unreachable")


def success_statuses(gateway: Mapping) -> set[int]:
    codes = gateway.get("success_status")
    if isinstance(codes, str):
        codes = [c for c in re.split(r"[,\s]+", codes) if c]
    return {int(c) for c in codes} if codes else set(range(200, 300))


def render_body(gateway: Mapping, *, to: str, text: str) -> tuple[bytes, str]:
    content_type = (gateway.get("content_type") or "application/json").split(";")[0].strip()
    is_json = content_type.endswith("json")
    template = gateway.get("body_template") or (JSON_TEMPLATE if is_json else FORM_TEMPLATE)
    encode = (lambda v: json.dumps(v, ensure_ascii=False)) if is_json else quote_plus
    values = {"{to}": to, "{text}": text, "{sender}": gateway.get("sender") or ""}
    # One pass, so a placeholder inside the text is not substituted again.
    body = re.sub(r"\{(to|text|sender)\}", lambda m: encode(values[m.group(0)]), template)
    return body.encode("utf-8"), content_type
