"""The study's recommender: cosine similarity to the mean embedding of the user's seeds."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from cratedig.catalog import Catalog
from cratedig.embeddings import EmbeddingCache, Encoder, embed_texts
from cratedig.embeddings.encoders import DEFAULT_LONG_TEXT, make_encoder
from cratedig.errors import ConfigError, DataError, check_int
from cratedig.paths import default_embedding_cache
from cratedig.recommenders.base import Because, FloatArray, IntArray, Recommender
from cratedig.seeds import SeedLists
from cratedig.views import parse_view

if TYPE_CHECKING:
    from cratedig.embeddings import EmbedStats
    from cratedig.evaluation.trials import Trials

__all__ = ["CentroidRecommender", "share_encoders"]

logger = logging.getLogger(__name__)

#: ``cache="auto"``: the user cache file (see :func:`cratedig.paths.default_embedding_cache`).
AUTO = "auto"


class CentroidRecommender(Recommender):
    """Score = cosine between a candidate's embedding and the mean of the query seeds'.

    Parameters
    ----------
    view
        The text view to embed (``bio``, ``name``, ``tags``, ``description``, ``name+tags``...).
        Artists lacking it cannot be scored (the evaluation restricts the catalog to them).
    model
        ``minilm``, ``mpnet``, ``hashing``, a local model folder or a hub name.
    encoder
        An :class:`~cratedig.embeddings.Encoder` to use instead of ``model``.
    long_text
        ``truncate``, ``chunk`` or ``chunk-lead`` (default; see
        :mod:`cratedig.embeddings.encoders` for the benchmark that chose it).
    cache
        ``"auto"`` (the user cache), a SQLite path, or None for no cache.
    n_because
        How many seed artists explain each recommendation.
    """

    name = "centroid"

    def __init__(
        self,
        *,
        view: str = "bio",
        model: str = "minilm",
        encoder: Encoder | None = None,
        long_text: str = DEFAULT_LONG_TEXT,
        cache: str | Path | None = AUTO,
        batch_size: int = 32,
        threads: int | None = None,
        n_because: int = 3,
        progress: bool | None = None,
    ) -> None:
        self.view = view
        self.model = model
        self.encoder = encoder
        self.long_text = long_text
        self.cache = cache
        self.batch_size = batch_size
        self.threads = threads
        self.n_because = n_because
        self.progress = progress

    @property
    def model_label(self) -> str | None:
        return self.encoder.name if self.encoder is not None else self.model

    def _make_encoder(self) -> Encoder:
        if self.encoder is not None:
            return self.encoder
        return make_encoder(
            self.model,
            long_text=self.long_text,
            batch_size=self.batch_size,
            threads=self.threads,
            progress=self.progress,
        )

    def _fit(self, catalog: Catalog, seed_lists: SeedLists | None) -> None:
        check_int("n_because", self.n_because, 0)
        if self.view is None:
            raise ConfigError("the centroid recommender needs a text view, e.g. view='bio'")
        view = parse_view(self.view)
        texts = view.render(catalog)
        covered = np.array([t is not None for t in texts], dtype=bool)
        if not covered.any():
            raise DataError(
                f"no artist has the view {view.name!r}",
                source=catalog.source,
                fix="choose a view whose fields the catalog has (see `cratedig info`)",
            )
        encoder = self._make_encoder()
        present = [t for t in texts if t is not None]
        cache_path = default_embedding_cache() if self.cache == AUTO else self.cache
        if cache_path is None:
            vectors, stats = embed_texts(present, encoder, None, progress=self.progress)
        else:
            with EmbeddingCache(cache_path) as cache:
                vectors, stats = embed_texts(present, encoder, cache, progress=self.progress)
        embeddings = np.zeros((len(catalog), vectors.shape[1]), dtype=np.float32)
        embeddings[covered] = vectors
        self.view_ = view
        self.covered_ = covered
        self.embeddings_ = embeddings
        self.embed_stats_: EmbedStats = stats
        self.encoder_ = encoder
        logger.info(
            "centroid %s/%s: %d artists embedded (%d cached, %d encoded)",
            view.name,
            encoder.name,
            int(covered.sum()),
            stats.hits,
            stats.misses,
        )

    def _check_covered(self, positions: IntArray, role: str) -> None:
        missing = positions[~self.covered_[positions]]
        if len(missing):
            catalog = self.catalog_
            names = ", ".join(repr(catalog.names[p]) for p in missing[:3])
            raise DataError(
                f"{len(missing)} {role} artist(s) have no {self.view_.name!r} text, e.g. {names}",
                source=catalog.source,
                fix="choose another view, or leave those artists out",
            )

    def _default_candidates(self) -> IntArray:
        """The artists that have the view's text."""
        self._check_fitted()
        return np.flatnonzero(self.covered_).astype(np.intp)

    def _centroid(self, query: IntArray) -> npt.NDArray[np.float32]:
        mean = self.embeddings_[query].mean(axis=0)
        centroid: npt.NDArray[np.float32] = (mean / max(float(np.linalg.norm(mean)), 1e-12)).astype(
            np.float32
        )
        return centroid

    def _score(self, query: IntArray, candidates: IntArray) -> FloatArray:
        self._check_covered(query, "seed")
        self._check_covered(candidates, "candidate")
        return (self.embeddings_[candidates] @ self._centroid(query)).astype(np.float64)

    def score_trials(self, trials: Trials, *, block: int = 4096) -> FloatArray:
        """All trials at once, in blocks of trials to bound memory."""
        self._check_fitted()
        self._check_covered(trials.query, "seed")
        self._check_covered(trials.candidates, "candidate")
        emb = self.embeddings_
        out = np.empty(len(trials.candidates), dtype=np.float64)
        for lo in range(0, trials.n_trials, block):
            hi = min(trials.n_trials, lo + block)
            q_lo, q_hi = trials.query_ptr[lo], trials.query_ptr[hi]
            q_counts = np.diff(trials.query_ptr[lo : hi + 1])
            sums = np.add.reduceat(emb[trials.query[q_lo:q_hi]], trials.query_ptr[lo:hi] - q_lo)
            sums[q_counts == 0] = 0
            norms = np.linalg.norm(sums, axis=1, keepdims=True)
            centroids = sums / np.maximum(norms, 1e-12)
            c_lo, c_hi = trials.cand_ptr[lo], trials.cand_ptr[hi]
            owner = np.repeat(np.arange(hi - lo), np.diff(trials.cand_ptr[lo : hi + 1]))
            cands = emb[trials.candidates[c_lo:c_hi]]
            out[c_lo:c_hi] = np.einsum("ij,ij->i", cands, centroids[owner])
        return out

    def _explain(self, query: IntArray, recommended: IntArray) -> list[tuple[Because, ...]]:
        if self.n_because == 0 or len(recommended) == 0:
            return [() for _ in recommended]
        catalog = self.catalog_
        sims = self.embeddings_[recommended] @ self.embeddings_[query].T  # (n_rec, n_seeds)
        out: list[tuple[Because, ...]] = []
        for row in sims:
            top = np.argsort(-row, kind="stable")[: self.n_because]
            out.append(
                tuple(
                    Because(
                        id=catalog.ids[query[j]], name=catalog.names[query[j]], score=float(row[j])
                    )
                    for j in top
                )
            )
        return out

    def similar(self, artists: IntArray, *, n: int = 10) -> list[tuple[IntArray, FloatArray]]:
        """For each catalog position in ``artists``: the ``n`` most similar covered artists
        (itself excluded), as positions and cosines, best first."""
        self._check_fitted()
        self._check_covered(artists, "query")
        pool = np.flatnonzero(self.covered_)
        emb = self.embeddings_[pool]
        results: list[tuple[IntArray, FloatArray]] = []
        for lo in range(0, len(artists), 1024):
            block = artists[lo : lo + 1024]
            sims = self.embeddings_[block] @ emb.T
            sims[pool[None, :] == block[:, None]] = -np.inf
            k = min(n, len(pool) - 1)
            if k <= 0:
                results.extend((pool[:0], np.zeros(0)) for _ in block)
                continue
            part = np.argpartition(-sims, k - 1, axis=1)[:, :k]
            for i in range(len(block)):
                # every artist tied with the k-th best, so ties go to the lower position
                threshold = sims[i, part[i]].min()
                tied = np.flatnonzero(sims[i] >= threshold)
                chosen = tied[np.lexsort((pool[tied], -sims[i, tied]))][:k]
                results.append((pool[chosen], sims[i, chosen].astype(np.float64)))
        return results


def share_encoders(recommenders: Iterable[Recommender]) -> None:
    """Give centroid recommenders of one model and settings one encoder (each loads its
    model at most once per process); recommenders with an encoder of their own are left."""
    shared: dict[tuple[str, str, int | None], Encoder] = {}
    for rec in recommenders:
        if isinstance(rec, CentroidRecommender) and rec.encoder is None:
            key = (rec.model, rec.long_text, rec.threads)
            if key not in shared:
                shared[key] = make_encoder(
                    rec.model,
                    long_text=rec.long_text,
                    threads=rec.threads,
                    progress=rec.progress,
                )
            rec.encoder = shared[key]
