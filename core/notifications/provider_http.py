"""One HTTP request to a messaging provider, and what its answer means.

Standard library only (``http.client``). The rules shared by the HTTP
channels: a connection error, a timeout, 429 and 5xx are worth another try;
any other 4xx is not.

What is kept of an answer is its status code and a generic phrase of ours
(``HTTP 400 Bad Request``): the delivery log, the pages and the API never show
what a provider wrote back, because a tenant chooses the SMS gateway and could
otherwise read whatever answers at an address of its choice. The body goes to
the server log only, truncated, with the secrets sent and long numbers masked.

A URL a tenant chose is called with ``policy`` (:class:`core.outbound.Policy`):
it is checked again now (its name may resolve elsewhere than when it was
saved), and the connection goes to the very address that passed the check, with
the host name kept for the ``Host`` header and for TLS (SNI and certificate),
so a DNS answer that changes between the check and the connection does not
move the request. Redirects are never followed: a 3xx is a permanent failure.
Residual risks: a public address that itself relays inward (an open proxy on
the internet) is beyond what an address check can see; a host the operator
allowed is trusted whatever it resolves to; requests go straight out, never
through an ``HTTP(S)_PROXY`` of the environment (the connection is pinned); an
answer is read for at most about twice the timeout, but a server dripping its
status line and headers is bounded only by the per-read timeout.
"""

from __future__ import annotations

import http.client
import logging
import re
import socket
import ssl
import time
from dataclasses import dataclass
from http import HTTPStatus

from core import outbound
from core.notifications.channels import PermanentError, TransientError
from core.notifications.masking import mask_numbers

log = logging.getLogger("pansuk.notifications.provider")

RESPONSE_LIMIT = 500
LOGGED_BODY_LIMIT = 300
READ_LIMIT = 4096  # what is read of an answer at most: only the log sees it
DEFAULT_TIMEOUT = 10.0


@dataclass(frozen=True)
class Answer:
    status: int
    text: str = ""
    headers: dict[str, str] | None = None

    def summary(self) -> str:
        """What may be stored and shown: the status and our own phrase for it."""
        return status_line(self.status)


def status_line(status: int) -> str:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Unknown status"
    return f"HTTP {status} {phrase}"


ALREADY_ACCEPTED = ": already accepted"
NOT_FOLLOWED = ": redirects are not followed"
_STATUS_FIRST = re.compile(r"^HTTP (\d{3})\b")


def shown(text: str | None) -> str:
    """What a page or the API may show of a stored response or error: an HTTP
    answer as its status and our phrase only (rows stored before answers were
    cut to that held up to 500 characters of the body), anything else (our own
    words) with long numbers masked."""
    if not text:
        return ""
    found = _STATUS_FIRST.match(text)
    if found is None:
        return mask_numbers(text)
    line = status_line(int(found.group(1)))
    return line + next((note for note in (ALREADY_ACCEPTED, NOT_FOLLOWED) if text == line + note), "")


def clip(text: str, limit: int = RESPONSE_LIMIT) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to ``address`` whatever ``host`` resolves to now."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.pinned_address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.pinned_address, self.port), self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    default_port = http.client.HTTPS_PORT

    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        super().__init__(host, port, address=address, timeout=timeout)
        self.tls = ssl.create_default_context()

    def connect(self) -> None:
        super().connect()
        self.sock = self.tls.wrap_socket(self.sock, server_hostname=self.host)


def request(
    url: str, *, body: bytes, headers: dict[str, str], method: str = "POST", timeout: float = DEFAULT_TIMEOUT,
    policy: outbound.Policy | None = None, secrets: tuple[str, ...] = (),
) -> Answer:
    """Send and read the answer, whatever its status. TransientError when no
    answer came (refused, reset, timed out); PermanentError for a URL that
    can never work or may not be called. With ``policy`` the URL is checked
    as a tenant's (see the module's docstring); without, it is the operator's
    own and only its form is checked. ``secrets`` are masked in the log."""
    target = _target(url, policy)
    connection_class = _PinnedHTTPSConnection if target.https else _PinnedHTTPConnection
    conn = _connect(connection_class, target, timeout)
    try:
        conn.request(method, target.path, body=body, headers=headers)
        resp = conn.getresponse()
        raw = _read(resp, deadline=time.monotonic() + timeout)
        answer = Answer(resp.status, raw.decode("utf-8", errors="replace"), {k.lower(): v for k, v in resp.getheaders()})
    except TimeoutError as exc:
        raise TransientError(f"timed out after {timeout:g}s") from exc
    except ValueError as exc:  # a header value http.client refuses (stored before the checks)
        raise PermanentError("a header of this gateway's settings is not valid") from exc
    except (OSError, http.client.HTTPException) as exc:
        raise TransientError(f"{type(exc).__name__}: {exc}") from exc
    finally:
        conn.close()
    _log_answer(target, answer, secrets)
    return answer


def _read(resp: http.client.HTTPResponse, *, deadline: float) -> bytes:
    """At most READ_LIMIT bytes of the body, within the time left: a gateway
    dripping its answer a byte at a time does not hold a worker."""
    data = b""
    while len(data) < READ_LIMIT:
        if time.monotonic() > deadline:
            break
        chunk = resp.read1(READ_LIMIT - len(data))
        if not chunk:
            break
        data += chunk
    return data


def _connect(connection_class, target: outbound.Target, timeout: float) -> _PinnedHTTPConnection:
    """A connection to the first of the checked addresses that answers (nothing
    is sent before it does, so trying the next one never sends twice)."""
    last_error: OSError | None = None
    for address in target.addresses[:4]:
        conn = connection_class(target.host, target.port, address=address, timeout=timeout)
        try:
            conn.connect()
        except ssl.SSLError as exc:
            conn.close()
            raise TransientError(f"TLS failed: {exc.reason or type(exc).__name__}") from exc
        except TimeoutError as exc:
            conn.close()
            raise TransientError(f"timed out after {timeout:g}s") from exc
        except OSError as exc:
            conn.close()
            last_error = exc
            continue
        return conn
    raise TransientError(f"connection failed: {type(last_error).__name__}: {last_error}") from last_error


def _target(url: str, policy: outbound.Policy | None) -> outbound.Target:
    try:
        if policy is not None:
            return outbound.check(url, policy)
        scheme, host, port, path = outbound.split(url)
        return outbound.Target(scheme, host, port, path, tuple(outbound.system_resolver(host, port)))
    except outbound.UnknownHost:
        raise TransientError("could not resolve the host") from None
    except outbound.BlockedUrl as exc:
        log.warning("refused to call %s: %s", clip(url, 120), exc.code)
        raise PermanentError(f"address not allowed ({exc.code})") from None
    except OSError as exc:
        raise TransientError(f"could not resolve the host: {exc}") from exc


def _log_answer(target: outbound.Target, answer: Answer, secrets: tuple[str, ...]) -> None:
    """The body, for the operator only: truncated, secrets and numbers masked."""
    text = answer.text
    for secret in secrets:
        if secret:
            text = text.replace(secret, "••••")
    log.info("%s://%s:%s answered %s: %s", target.scheme, target.host, target.port, answer.status,
             mask_numbers(clip(text, LOGGED_BODY_LIMIT)))


def raise_for_failure(answer: Answer) -> None:
    """429 and 5xx: transient. A redirect (never followed), other 4xx and
    anything odd: permanent."""
    if answer.status == 429 or answer.status >= 500:
        raise TransientError(answer.summary(), response=answer.summary())
    if 300 <= answer.status < 400:
        raise PermanentError(answer.summary() + NOT_FOLLOWED, response=answer.summary())
    raise PermanentError(answer.summary(), response=answer.summary())
