"""Where a document's bytes live.

Keys are content addresses, ``<tenant_id>/<sha[:2]>/<sha>``, built here and
never from a client's filename, so identical files are stored once per tenant
and no upload can choose its path. :class:`LocalStorage` (a directory, by
default ``UPLOAD_DIR``) is the only store today; another (S3-compatible) only
has to implement :class:`Storage`.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import BinaryIO, Protocol

from flask import current_app

_KEY = re.compile(r"^[0-9]{1,19}/[0-9a-f]{2}/[0-9a-f]{64}$")


def content_key(tenant_id: int, sha256: str) -> str:
    key = f"{int(tenant_id)}/{sha256[:2]}/{sha256}"
    if not _KEY.match(key):
        raise ValueError(f"not a content key: {key!r}")
    return key


def _checked(key: str) -> str:
    if not _KEY.match(key):
        raise ValueError(f"not a content key: {key!r}")
    return key


class Storage(Protocol):
    def put(self, key: str, data: bytes) -> None:
        """Store ``data`` under ``key``; a no-op when it is already there."""

    def open(self, key: str) -> BinaryIO:
        """A binary file object to read; ``FileNotFoundError`` when missing."""

    def exists(self, key: str) -> bool: ...


class LocalStorage:
    """A directory on local disk. Writes are atomic: a temporary file in the
    target directory, flushed to disk, then ``os.replace``d into place."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def path(self, key: str) -> Path:
        return self.root / _checked(key)

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def put(self, key: str, data: bytes) -> None:
        target = self.path(key)
        if target.is_file() and target.stat().st_size == len(data):
            return  # content-addressed: same key, same bytes
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def open(self, key: str) -> BinaryIO:
        return self.path(key).open("rb")


def default_storage() -> Storage:
    """The store configured for the running app."""
    return LocalStorage(current_app.config["UPLOAD_DIR"])
