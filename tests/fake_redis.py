"""Redis for the per-worker caches' versions (``core.versions``) in tests:
the run's Redis when it has one, else a stand-in for the few commands they
use."""

from __future__ import annotations

from tests import services


class FakeRedis:
    """The few Redis commands the cache uses, for runs without a Redis."""

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}

    def mget(self, keys):
        return [self.data.get(k) for k in keys]

    def set(self, key, value, nx=False, ex=None):
        if nx and key in self.data:
            return None
        self.data[key] = value.encode()
        return True

    def pipeline(self, transaction=False):
        redis, done = self, []

        class Pipe:
            def set(self, *args, **kwargs):
                done.append(lambda: redis.set(*args, **kwargs))

            def mget(self, keys):
                done.append(lambda: redis.mget(keys))

            def execute(self):
                return [step() for step in done]

        return Pipe()

    def close(self) -> None:
        pass


def versions_client(prefix: str):
    """A client for the versions, with no key under ``prefix`` left from
    earlier tests."""
    url = services.redis_url()  # the run's Redis, read before the app hid it
    if not url:
        return FakeRedis()
    import redis

    client = redis.Redis.from_url(url)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)
    return client
