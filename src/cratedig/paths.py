"""Where cratedig keeps files of its own: the user cache directory."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["CACHE_DIR_ENV", "EMBEDDING_CACHE_ENV", "cache_dir", "default_embedding_cache"]

#: Moves everything cratedig caches (extracted models, the embedding cache).
CACHE_DIR_ENV = "CRATEDIG_CACHE_DIR"
#: Moves the embedding cache file only.
EMBEDDING_CACHE_ENV = "CRATEDIG_EMBEDDING_CACHE"


def cache_dir() -> Path:
    """``$CRATEDIG_CACHE_DIR``, else ``$XDG_CACHE_HOME/cratedig``, else ``~/.cache/cratedig``."""
    if os.environ.get(CACHE_DIR_ENV):
        return Path(os.environ[CACHE_DIR_ENV]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "cratedig"


def default_embedding_cache() -> Path:
    """``$CRATEDIG_EMBEDDING_CACHE``, else ``<cache_dir>/embeddings.sqlite``."""
    if os.environ.get(EMBEDDING_CACHE_ENV):
        return Path(os.environ[EMBEDDING_CACHE_ENV]).expanduser()
    return cache_dir() / "embeddings.sqlite"
