"""A folder's cache of activity summaries: the rows each activity file gave, keyed by a hash of the file's
bytes, kept beside the data in ``.kneecare-cache.json`` (git-ignored; delete it at any time, it is rebuilt).

A folder is read with :func:`cache_in` around it (``loaders.sources`` does this); a file whose bytes are in the
cache is not decoded again. Outside such a block nothing is cached.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with cache_in(folder):
...     rows = cached(b"bytes", "fit", lambda: [{"line": 1, "sport": "running"}])
>>> with cache_in(folder):
...     again = cached(b"bytes", "fit", lambda: 1 / 0)  # not decoded again
>>> again == rows, (folder / CACHE_NAME).exists()
(True, True)
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

CACHE_NAME = ".kneecare-cache.json"
VERSION = 1  # raised when what a reader gives changes: an old cache is then ignored
_CACHE: contextvars.ContextVar[SummaryCache | None] = contextvars.ContextVar("kneecare_summary_cache", default=None)


class SummaryCache:
    """The summaries of one folder, loaded once and saved once (atomically) when something was added."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rows: dict[str, list[dict]] = {}
        self.changed = False
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") == VERSION:
                self.rows = dict(data.get("rows", {}))
        except (OSError, ValueError, AttributeError):  # no cache yet, or a damaged one: rebuilt
            self.rows = {}

    def save(self) -> None:
        """Write the cache if it changed; a folder that cannot be written to simply has no cache."""
        if not self.changed:
            return
        try:
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".kneecare-cache-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({"version": VERSION, "rows": self.rows}, out, separators=(",", ":"))
            os.replace(tmp, self.path)
        except OSError:
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(tmp)


@contextlib.contextmanager
def cache_in(folder: Path) -> Iterator[SummaryCache | None]:
    """Use (and afterwards save) the cache of ``folder`` for the activity files read inside the block; a block
    inside another uses the outer one."""
    if _CACHE.get() is not None or not Path(folder).is_dir():
        yield _CACHE.get()
        return
    cache = SummaryCache(Path(folder) / CACHE_NAME)
    token = _CACHE.set(cache)
    try:
        yield cache
    finally:
        _CACHE.reset(token)
        cache.save()


def key_of(data: bytes, kind: str, zone: str | None = None) -> str:
    """The cache key of a file's bytes (BLAKE2b, 128 bits) for a reader, and the folder's time zone it used."""
    return f"{kind}:{zone or ''}:{hashlib.blake2b(data, digest_size=16).hexdigest()}"


def cached(data: bytes, kind: str, make: Callable[[], list[dict]], *, zone: str | None = None) -> list[dict]:
    """The rows of a file's bytes: from the current folder's cache, else ``make()`` (then kept)."""
    cache = _CACHE.get()
    if cache is None:
        return make()
    key = key_of(data, kind, zone)
    if key not in cache.rows:
        cache.rows[key] = make()
        cache.changed = True
    return cache.rows[key]


def active() -> SummaryCache | None:
    """The cache of the folder being read, if any."""
    return _CACHE.get()
