"""Starting and stopping gunicorn and a Celery worker for a benchmark run."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listening on {port}")


@contextmanager
def gunicorn(app: str, env: dict[str, str], workers: int = 4, threads: int = 1):
    """The port of a gunicorn serving ``app``; stopped on exit."""
    with gunicorn_server(app, env, workers, threads) as (port, _proc):
        yield port


@contextmanager
def gunicorn_server(
    app: str, env: dict[str, str], workers: int = 4, threads: int = 1, start_timeout: float = 30.0
):
    """(port, master process): for scenarios that signal the master or its workers.
    ``start_timeout``: how long to wait for it to listen (longer for a preloaded app
    on a busy machine)."""
    port = free_port()
    cmd = [
        sys.executable, "-m", "gunicorn", app,
        "-b", f"127.0.0.1:{port}", "-w", str(workers), "--threads", str(threads),
        "--log-level", "warning", "--keep-alive", "30",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **env})
    try:
        wait_for_port(port, start_timeout)
        yield port, proc
    finally:
        stop(proc)


def worker_pids(master: subprocess.Popen) -> list[int]:
    """The pids of a gunicorn master's (or Celery's) child processes."""
    path = Path(f"/proc/{master.pid}/task/{master.pid}/children")
    try:
        return [int(p) for p in path.read_text().split()]
    except OSError:
        return []


def celery_command(env: dict[str, str], concurrency: int = 2, queues: str | None = None) -> list[str]:
    cmd = [
        sys.executable, "-m", "celery", "-A", "core.worker", "worker",
        "--loglevel", "warning", "--concurrency", str(concurrency), "--pool", "prefork",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]
    if queues:
        cmd += ["-Q", queues]
    return cmd


def start_celery(env: dict[str, str], concurrency: int = 2) -> subprocess.Popen:
    """A Celery worker on ``env['REDIS_URL']`` (required) with the bench env."""
    if not env.get("REDIS_URL"):
        raise RuntimeError("a Celery worker needs REDIS_URL in env")
    return subprocess.Popen(celery_command(env, concurrency), cwd=ROOT, env={**os.environ, **env})


@contextmanager
def celery_worker(env: dict[str, str], concurrency: int = 2):
    """A running Celery worker process; stopped (warm shutdown, then kill) on exit."""
    proc = start_celery(env, concurrency)
    try:
        yield proc
    finally:
        stop(proc, timeout=30)


def stop(proc: subprocess.Popen, timeout: float = 15) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
