"""A fake messaging provider: a real HTTP server on 127.0.0.1 (port 0) in a
thread, recording every request and answering as the test scripts it.

``answers`` is consumed one per request (status, body) or (status, body,
headers); when it runs out the server answers 200. With ``honour_retry_key`` it behaves like LINE: a retry key
it has accepted (answered 2xx, or taken in before being held) gets 409.
``hold`` makes the next request wait (after it was accepted) until released,
so a client can be killed mid-request.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self):
        return json.loads(self.body.decode("utf-8"))

    @property
    def retry_key(self) -> str | None:
        return self.headers.get("x-line-retry-key")


@dataclass
class FakeProvider:
    answers: list[tuple] = field(default_factory=list)
    honour_retry_key: bool = False
    requests: list[Request] = field(default_factory=list)
    accepted_keys: list[str] = field(default_factory=list)
    hold_next: bool = False
    received: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def answer(self, request: Request) -> tuple[int, str, dict, bool]:
        with self.lock:
            self.requests.append(request)
            key = request.retry_key
            if self.honour_retry_key and key and key in self.accepted_keys:
                return 409, json.dumps({"message": "The retry key is already accepted"}), {}, False
            status, body, *headers = self.answers.pop(0) if self.answers else (200, "{}")
            if key and 200 <= status < 300:
                self.accepted_keys.append(key)
            hold, self.hold_next = self.hold_next, False
            self.received.set()
            return status, body, (headers[0] if headers else {}), hold

    def start(self) -> FakeProvider:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                request = Request(
                    self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, self.rfile.read(length)
                )
                status, body, headers, hold = provider.answer(request)
                if hold:
                    provider.release.wait(timeout=60)
                try:
                    data = body.encode("utf-8")
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:  # the client died while we held it
                    pass

            do_GET = do_PUT = do_POST  # noqa: N815 (anything that arrives is recorded)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
