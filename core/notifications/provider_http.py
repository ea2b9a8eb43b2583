"""One HTTP request to a messaging provider, and what its answer means.

Standard library only. The rules shared by the HTTP channels: a connection
error, a timeout, 429 and 5xx are worth another try; any other 4xx is not.
The provider's answer is kept (truncated) for the delivery log.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass

from core.notifications.channels import PermanentError, TransientError

RESPONSE_LIMIT = 500
DEFAULT_TIMEOUT = 10.0


@dataclass(frozen=True)
class Answer:
    status: int
    text: str
    headers: dict[str, str]

    def summary(self) -> str:
        return clip(f"HTTP {self.status}: {self.text}")


def clip(text: str, limit: int = RESPONSE_LIMIT) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def request(
    url: str, *, body: bytes, headers: dict[str, str], method: str = "POST", timeout: float = DEFAULT_TIMEOUT
) -> Answer:
    """Send and read the answer, whatever its status. TransientError when no
    answer came (refused, reset, timed out); PermanentError for a URL that
    can never work."""
    if not url.startswith(("http://", "https://")):
        raise PermanentError(f"not an http(s) URL: {clip(url, 80)!r}")
    req = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (scheme checked above)
            return _answer(resp.status, resp.read(), resp.headers)
    except urllib.error.HTTPError as exc:
        with exc:
            return _answer(exc.code, exc.read(), exc.headers)
    except TimeoutError as exc:
        raise TransientError(f"timed out after {timeout:g}s") from exc
    except urllib.error.URLError as exc:
        raise TransientError(f"connection failed: {exc.reason}") from exc
    except (ConnectionError, OSError) as exc:
        raise TransientError(f"{type(exc).__name__}: {exc}") from exc


def _answer(status: int, raw: bytes, headers) -> Answer:
    text = raw[: RESPONSE_LIMIT * 4].decode("utf-8", errors="replace")
    return Answer(status=status, text=text, headers={k.lower(): v for k, v in (headers or {}).items()})


def raise_for_failure(answer: Answer) -> None:
    """429 and 5xx: transient. Other 4xx (and anything odd): permanent."""
    if answer.status == 429 or answer.status >= 500:
        raise TransientError(answer.summary(), response=answer.summary())
    raise PermanentError(answer.summary(), response=answer.summary())
