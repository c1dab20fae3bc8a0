"""Baselines that read no text: random, catalog popularity, and leave-user-out listener counts."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from cratedig.catalog import Catalog
from cratedig.errors import ConfigError, check_int
from cratedig.recommenders.base import FloatArray, IntArray, Recommender
from cratedig.seeds import SeedLists

if TYPE_CHECKING:
    from cratedig.evaluation.trials import Trials

__all__ = ["ListenersRecommender", "PopularityRecommender", "RandomRecommender"]

logger = logging.getLogger(__name__)


class RandomRecommender(Recommender):
    """Uniformly random scores: the chance level (AUC 0.5 in expectation).

    ``score`` draws from a generator seeded at ``fit``; ``score_trials`` draws afresh from
    ``seed``, so an evaluation does not depend on earlier calls.
    """

    name = "random"

    def __init__(self, *, seed: int = 0) -> None:
        self.seed = seed

    def _fit(self, catalog: Catalog, seed_lists: SeedLists | None) -> None:
        self.rng_ = np.random.default_rng(check_int("seed", self.seed, 0))

    def _score(self, query: IntArray, candidates: IntArray) -> FloatArray:
        return self.rng_.random(len(candidates))

    def score_trials(self, trials: Trials) -> FloatArray:
        self._check_fitted()
        return np.random.default_rng(check_int("seed", self.seed, 0)).random(len(trials.candidates))


class PopularityRecommender(Recommender):
    """The catalog's ``popularity`` field, whatever the seeds.

    In the Last.fm sets that field counts the evaluated users themselves, a small leak; see
    :class:`ListenersRecommender` for the honest variant.
    """

    name = "popularity"

    def __init__(self) -> None:
        pass

    def _fit(self, catalog: Catalog, seed_lists: SeedLists | None) -> None:
        catalog.require_popularity(
            "the popularity recommender",
            fix="add 'popularity' to every artist, or use the 'listeners' recommender "
            "(popularity counted from the seed lists)",
        )
        self.popularity_ = catalog.popularity.copy()

    def _score(self, query: IntArray, candidates: IntArray) -> FloatArray:
        return self.popularity_[candidates]

    def score_trials(self, trials: Trials) -> FloatArray:
        self._check_fitted()
        return self.popularity_[trials.candidates]


class ListenersRecommender(Recommender):
    """How many users' seed lists contain each candidate, the evaluated user excluded.

    ``fit`` counts listeners over ``seed_lists``. In :meth:`score_trials` each trial's own
    user, if among them, is left out of the counts (leave-one-user-out), so the user's masked
    seeds are not ranked up by the user's own list. ``score``/``recommend`` for a listener
    outside the fitted lists use the plain counts.
    """

    name = "listeners"

    def __init__(self) -> None:
        pass

    def _fit(self, catalog: Catalog, seed_lists: SeedLists | None) -> None:
        if seed_lists is None or len(seed_lists) == 0:
            raise ConfigError(
                "the listeners recommender counts listeners in users' seed lists, but none "
                "were given: fit(catalog, seed_lists) with a dataset that has seeds"
            )
        if len(seed_lists.indices) and int(seed_lists.indices.max()) >= len(catalog):
            raise ConfigError("seed_lists refer to positions outside this catalog")
        self.counts_ = seed_lists.listener_counts(len(catalog)).astype(np.float64)
        self.user_rows_ = {user: row for row, user in enumerate(seed_lists.user_ids)}
        self.seed_lists_ = seed_lists

    def _score(self, query: IntArray, candidates: IntArray) -> FloatArray:
        return self.counts_[candidates]

    def _own_membership(self, trials: Trials) -> npt.NDArray[np.bool_]:
        """For each trial candidate: is it in the trial user's fitted seed list?"""
        rows = np.array([self.user_rows_.get(uid, -1) for uid in trials.user_ids], dtype=np.int64)
        lengths = np.diff(trials.cand_ptr)
        row_of_candidate = np.repeat(rows[trials.user], lengths)
        known = row_of_candidate >= 0
        member = np.zeros(len(trials.candidates), dtype=bool)
        if not known.any():
            return member
        fitted = self.seed_lists_
        n = len(self.counts_)
        # Membership by searching the sorted keys row * n + artist of the fitted lists.
        fitted_rows = np.repeat(np.arange(len(fitted), dtype=np.int64), fitted.lengths)
        keys = np.sort(fitted_rows * n + fitted.indices.astype(np.int64))
        query_keys = row_of_candidate[known] * n + trials.candidates[known].astype(np.int64)
        found = np.searchsorted(keys, query_keys)
        found_clipped = np.minimum(found, len(keys) - 1)
        member[known] = (found < len(keys)) & (keys[found_clipped] == query_keys)
        return member

    def score_trials(self, trials: Trials) -> FloatArray:
        self._check_fitted()
        return self.counts_[trials.candidates] - self._own_membership(trials)
