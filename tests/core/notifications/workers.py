"""Starting a real Celery worker process against the test database and Redis."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def wait_for(predicate, timeout: float, step: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


@dataclass
class Worker:
    queue: str
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # warm shutdown
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_worker(queue: str, *, database_url: str, redis_url: str, log: Path, **env) -> Worker:
    """A solo-pool worker on its own queue; fails the test if it does not start."""
    environ = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url, "PYTHONPATH": str(ROOT), **env}
    command = [
        sys.executable, "-m", "celery", "-A", "core.worker", "worker", "--pool=solo",
        "--concurrency=1", "-Q", queue, "-n", f"{queue}-{log.stem}@%h", "--without-gossip",
        "--without-mingle", "--without-heartbeat", "--loglevel=INFO",
    ]
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=environ, stdout=out, stderr=subprocess.STDOUT)
    worker = Worker(queue, process, log)
    wait_for(lambda: process.poll() is not None or " ready." in log.read_text(), timeout=60)
    if process.poll() is not None or " ready." not in log.read_text():
        worker.stop()
        pytest.fail("the Celery worker did not start:\n" + log.read_text()[-3000:])
    return worker
