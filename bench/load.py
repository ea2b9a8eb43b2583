"""A small closed-loop HTTP load generator: N clients with keep-alive
connections, each sending requests back to back for a fixed time or count."""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Result:
    name: str
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) if self.latencies else 0.0

    @property
    def p99(self) -> float:
        return self.percentile(99)


Request = tuple[str, str, bytes | None, dict[str, str]]  # method, path, body, headers


def run(
    name: str,
    host: str,
    port: int,
    make_request: Callable[[int, int], Request],
    clients: int = 16,
    duration: float = 10.0,
    max_requests: int | None = None,
) -> Result:
    """``make_request(client_no, i)`` gives the i-th request of a client."""
    result = Result(name)
    lock = threading.Lock()
    deadline = time.perf_counter() + duration
    budget = [max_requests]

    def take() -> bool:
        if budget[0] is None:
            return True
        with lock:
            if budget[0] <= 0:
                return False
            budget[0] -= 1
            return True

    def worker(no: int) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=30)
        i = 0
        local: list[float] = []
        statuses: dict[int, int] = {}
        errors = 0
        while time.perf_counter() < deadline and take():
            method, path, body, headers = make_request(no, i)
            i += 1
            start = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                statuses[response.status] = statuses.get(response.status, 0) + 1
                if response.status >= 500:
                    errors += 1
            except (OSError, http.client.HTTPException):
                errors += 1
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
            local.append(time.perf_counter() - start)
        conn.close()
        with lock:
            result.requests += len(local)
            result.errors += errors
            result.latencies.extend(local)
            for k, v in statuses.items():
                result.statuses[k] = result.statuses.get(k, 0) + v

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.seconds = time.perf_counter() - began
    return result
