"""The recommender contract every model follows (content, popularity, random, collaborative...).

Estimator style, as in scikit-learn: hyperparameters are keyword-only constructor arguments
stored unchanged; :meth:`Recommender.fit` learns state into attributes ending in ``_`` and
returns ``self``; using a recommender before ``fit`` raises :class:`NotFittedError`.
"""

from __future__ import annotations

import inspect
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Self

import numpy as np
import numpy.typing as npt

from cratedig.catalog import Catalog
from cratedig.errors import ConfigError, NotFittedError, check_int
from cratedig.seeds import SeedLists

if TYPE_CHECKING:
    from cratedig.evaluation.trials import Trials

__all__ = ["Because", "Recommendation", "Recommender"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


@dataclass(frozen=True)
class Because:
    """A seed artist that contributed to a recommendation, with its contribution."""

    id: str
    name: str
    score: float


@dataclass(frozen=True)
class Recommendation:
    """One ranked recommendation. ``because`` is empty for models that read no text."""

    rank: int
    id: str
    name: str
    score: float
    because: tuple[Because, ...] = ()


class Recommender(ABC):
    """Base class: subclasses implement ``_fit`` and ``_score``; the rest is shared.

    ``name`` identifies the model in reports; ``view`` is the text view it reads, ``None``
    for models that read no text.
    """

    name: ClassVar[str]
    view: str | None = None

    @property
    def model_label(self) -> str | None:
        """The text model it reads, for reports; None for models that read no text."""
        return None

    # --- parameters -----------------------------------------------------------------------
    @classmethod
    def _param_names(cls) -> list[str]:
        signature = inspect.signature(cls.__init__)
        return [
            p.name
            for p in signature.parameters.values()
            if p.name != "self" and p.kind is p.KEYWORD_ONLY
        ]

    def get_params(self) -> dict[str, Any]:
        """The hyperparameters, as passed to the constructor."""
        return {name: getattr(self, name) for name in self._param_names()}

    def clone(self) -> Self:
        """A new, unfitted recommender with the same hyperparameters."""
        return type(self)(**self.get_params())

    def __repr__(self) -> str:
        params = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({params})"

    # --- fitting --------------------------------------------------------------------------
    def fit(self, catalog: Catalog, seed_lists: SeedLists | None = None) -> Self:
        """Learn from the catalog (and users' seed lists where the model uses them)."""
        if not isinstance(catalog, Catalog):
            raise TypeError(f"fit expects a cratedig Catalog, not {type(catalog).__name__}")
        if seed_lists is not None and not isinstance(seed_lists, SeedLists):
            raise TypeError(f"seed_lists must be SeedLists or None, not {type(seed_lists)}")
        self._fit(catalog, seed_lists)
        self.catalog_ = catalog
        return self

    @abstractmethod
    def _fit(self, catalog: Catalog, seed_lists: SeedLists | None) -> None: ...

    def _check_fitted(self) -> Catalog:
        catalog: Catalog | None = getattr(self, "catalog_", None)
        if catalog is None:
            raise NotFittedError(
                f"this {type(self).__name__} is not fitted yet; call "
                f".fit(catalog, seed_lists) before score() or recommend()"
            )
        return catalog

    # --- scoring --------------------------------------------------------------------------
    @abstractmethod
    def _score(self, query: IntArray, candidates: IntArray) -> FloatArray:
        """Scores of catalog positions ``candidates`` for the seed positions ``query``."""

    def score(self, query_ids: Sequence[str], candidate_ids: Sequence[str]) -> FloatArray:
        """Score candidates (higher is better) for a listener who likes ``query_ids``."""
        catalog = self._check_fitted()
        query = catalog.positions(query_ids)
        candidates = catalog.positions(candidate_ids)
        return np.asarray(self._score(query, candidates), dtype=np.float64)

    def score_trials(self, trials: Trials) -> FloatArray:
        """Scores of every trial's candidates, flat and aligned with ``trials.candidates``.

        The default calls ``_score`` once per trial; models override it to vectorise over all
        trials, and to exclude the evaluated user's own data where they learned from it.
        """
        self._check_fitted()
        out = np.empty(len(trials.candidates), dtype=np.float64)
        for t in range(trials.n_trials):
            lo, hi = trials.cand_ptr[t], trials.cand_ptr[t + 1]
            out[lo:hi] = self._score(trials.query_of(t), trials.candidates[lo:hi])
        return out

    # --- recommending ---------------------------------------------------------------------
    def _explain(
        self, query: IntArray, recommended: IntArray
    ) -> list[tuple[Because, ...]]:  # pragma: no cover - overridden by text models
        return [() for _ in recommended]

    def _default_candidates(self) -> IntArray:
        """Who ``recommend`` chooses from when no candidates are given: every artist."""
        return np.arange(len(self._check_fitted()), dtype=np.intp)

    def recommend(
        self,
        seed_ids: Iterable[str],
        *,
        candidates: Iterable[str] | None = None,
        n: int = 10,
    ) -> list[Recommendation]:
        """The ``n`` best artists for a listener who likes ``seed_ids``, seeds excluded.

        ``candidates`` restricts the choice (e.g. artists playing in town this week);
        by default every catalog artist the model can score is a candidate. Ties keep
        catalog order.
        """
        catalog = self._check_fitted()
        check_int("n", n, 1)
        query = catalog.positions(seed_ids)
        if len(query) == 0:
            raise ConfigError("recommend needs at least one seed artist")
        pool = (
            self._default_candidates()
            if candidates is None
            else np.unique(catalog.positions(candidates))
        )
        pool = pool[~np.isin(pool, query)]
        if len(pool) == 0:
            return []
        scores = np.asarray(self._score(query, pool), dtype=np.float64)
        order = np.argsort(-scores, kind="stable")[:n]
        chosen = pool[order]
        explanations = self._explain(query, chosen)
        return [
            Recommendation(
                rank=rank,
                id=catalog.ids[p],
                name=catalog.names[p],
                score=float(scores[i]),
                because=explanations[rank - 1],
            )
            for rank, (i, p) in enumerate(zip(order, chosen, strict=True), start=1)
        ]
