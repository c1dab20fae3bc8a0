"""A resumable SQLite cache of text embeddings.

Keyed by (model identity, text-preparation settings, sha256 of the text). Writes go in
batches, each in its own transaction, so an interrupted run keeps every batch it finished
and the next run encodes only what is missing.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType

import numpy as np
import numpy.typing as npt

from cratedig.errors import DataError

__all__ = ["EmbeddingCache", "text_key"]

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS embeddings (
    model TEXT NOT NULL,
    settings TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    dim INTEGER NOT NULL,
    cut INTEGER NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, settings, text_sha256)
) WITHOUT ROWID
"""


def text_key(text: str) -> str:
    """sha256 of the UTF-8 text: the cache key of a text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """``get`` and ``put`` float32 vectors by (model, settings, text hash)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser()
        if self.path.is_dir():
            raise DataError(
                "is a folder; the embedding cache is a file",
                source=self.path,
                fix="pass --cache with a file path such as embeddings.sqlite",
            )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=30)
        except (sqlite3.Error, OSError) as exc:
            raise DataError(
                f"cannot be opened as the embedding cache ({exc})",
                source=self.path,
                fix="pass --cache with a writable file path, or set CRATEDIG_EMBEDDING_CACHE",
            ) from None
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(SCHEMA)
            self._db.commit()
        except sqlite3.Error as exc:
            self._db.close()
            raise DataError(
                f"cannot be used as the embedding cache ({exc})",
                source=self.path,
                fix="if it is an old cratedig cache, delete it (it is only a cache); otherwise "
                "pass --cache with another path",
            ) from None

    def __enter__(self) -> EmbeddingCache:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def get(
        self, model: str, settings: str, keys: Sequence[str]
    ) -> dict[str, tuple[npt.NDArray[np.float32], bool]]:
        """Cached ``(vector, cut)`` for the keys that are present."""
        found: dict[str, tuple[npt.NDArray[np.float32], bool]] = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            marks = ",".join("?" * len(chunk))
            try:
                rows = self._db.execute(
                    "SELECT text_sha256, dim, cut, vector FROM embeddings "
                    f"WHERE model = ? AND settings = ? AND text_sha256 IN ({marks})",
                    (model, settings, *chunk),
                ).fetchall()
            except sqlite3.Error as exc:
                raise self._error("read", exc) from None
            for key, dim, cut, blob in rows:
                vector = np.frombuffer(blob, dtype=np.float32)
                if len(vector) != dim:
                    logger.warning("%s: a damaged entry was ignored and will be redone", self.path)
                    continue
                found[key] = (vector, bool(cut))
        return found

    def put(
        self,
        model: str,
        settings: str,
        items: Iterable[tuple[str, npt.NDArray[np.float32], bool]],
    ) -> int:
        """Store ``(key, vector, cut)`` items in one transaction; returns how many."""
        rows = [
            (model, settings, key, len(v), int(cut), np.asarray(v, dtype=np.float32).tobytes())
            for key, v, cut in items
        ]
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?, ?, ?, ?)", rows
                )
        except sqlite3.Error as exc:
            raise self._error("written", exc) from None
        return len(rows)

    def _error(self, verb: str, exc: sqlite3.Error) -> DataError:
        return DataError(
            f"the embedding cache could not be {verb} ({exc}); what was committed before is kept",
            source=self.path,
            fix="wait for the other cratedig process using it, free disk space, or pass --cache "
            "with another path (or --no-cache)",
        )

    def count(self, model: str | None = None) -> int:
        if model is None:
            (n,) = self._db.execute("SELECT COUNT(*) FROM embeddings").fetchone()
        else:
            (n,) = self._db.execute(
                "SELECT COUNT(*) FROM embeddings WHERE model = ?", (model,)
            ).fetchone()
        return int(n)
