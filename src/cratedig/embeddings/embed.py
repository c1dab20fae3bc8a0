"""Embedding texts through the cache: only misses are encoded, in committed batches."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from tqdm.auto import tqdm

from cratedig.embeddings.cache import EmbeddingCache, text_key
from cratedig.embeddings.encoders import Encoder

__all__ = ["EmbedStats", "embed_texts"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EmbedStats:
    """What one call did: distinct texts, cache hits, misses encoded, texts over the limit."""

    texts: int
    hits: int
    misses: int
    cut: int
    model: str
    settings: str


def _encode(encoder: Encoder, texts: list[str]) -> tuple[npt.NDArray[np.float32], list[bool]]:
    with_info = getattr(encoder, "encode_with_info", None)
    if with_info is not None:
        vectors, cut = with_info(texts)
        return np.asarray(vectors, dtype=np.float32), [bool(c) for c in cut]
    vectors = np.asarray(encoder.encode(texts), dtype=np.float32)
    return vectors, [False] * len(texts)


def embed_texts(
    texts: Sequence[str],
    encoder: Encoder,
    cache: EmbeddingCache | None = None,
    *,
    batch_size: int = 64,
    progress: bool | None = None,
) -> tuple[npt.NDArray[np.float32], EmbedStats]:
    """Vectors of ``texts`` (row ``i`` for ``texts[i]``), reading and filling ``cache``.

    Identical texts are encoded once. When everything is cached the encoder's ``encode`` is
    never called (a sentence-transformers model is then not even loaded).
    """
    keys = [text_key(t) for t in texts]
    unique: dict[str, str] = {}
    for key, text in zip(keys, texts, strict=True):
        unique.setdefault(key, text)
    model = encoder.identity()
    settings = encoder.settings()
    found = cache.get(model, settings, list(unique)) if cache is not None else {}
    missing = [k for k in unique if k not in found]
    hits = len(unique) - len(missing)
    if missing:
        logger.info(
            "%s: %d of %d distinct texts cached, encoding %d",
            model,
            hits,
            len(unique),
            len(missing),
        )
        bar = tqdm(
            total=len(missing),
            desc=f"encoding ({encoder.name})",
            unit="text",
            disable=None if progress is None else not progress,
            leave=False,
        )
        for start in range(0, len(missing), batch_size):
            batch = missing[start : start + batch_size]
            vectors, cut = _encode(encoder, [unique[k] for k in batch])
            items = list(zip(batch, vectors, cut, strict=True))
            if cache is not None:
                cache.put(model, settings, items)
            for key, vector, was_cut in items:
                found[key] = (vector, was_cut)
            bar.update(len(batch))
        bar.close()
    n_cut = sum(found[k][1] for k in unique)
    if n_cut:
        mode = settings.split(";")[0]
        logger.warning(
            "%d of %d texts are longer than %s's token limit (%s)%s",
            n_cut,
            len(unique),
            encoder.name,
            settings,
            "; they were truncated (--long-text chunk encodes them whole)"
            if "truncate" in mode
            else "; they were encoded in chunks",
        )
    dim = next(iter(found.values()))[0].shape[0] if found else 0
    out = np.zeros((len(texts), dim), dtype=np.float32)
    for row, key in enumerate(keys):
        out[row] = found[key][0]
    stats = EmbedStats(len(unique), hits, len(missing), n_cut, model, settings)
    return out, stats
