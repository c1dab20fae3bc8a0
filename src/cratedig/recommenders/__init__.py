"""Recommenders: one contract (:class:`Recommender`), a registry of names, and a factory."""

from __future__ import annotations

import difflib
from typing import Any

from cratedig.errors import ConfigError
from cratedig.recommenders.base import Because, Recommendation, Recommender
from cratedig.recommenders.baselines import (
    ListenersRecommender,
    PopularityRecommender,
    RandomRecommender,
)
from cratedig.recommenders.centroid import CentroidRecommender, share_encoders

__all__ = [
    "RECOMMENDERS",
    "Because",
    "CentroidRecommender",
    "ListenersRecommender",
    "PopularityRecommender",
    "RandomRecommender",
    "Recommendation",
    "Recommender",
    "make_recommender",
    "share_encoders",
]

#: Every recommender by its report name.
RECOMMENDERS: dict[str, type[Recommender]] = {
    cls.name: cls
    for cls in (RandomRecommender, PopularityRecommender, ListenersRecommender, CentroidRecommender)
}


def make_recommender(name: str, **params: Any) -> Recommender:
    """An unfitted recommender from its name (``'random'``, ``'popularity'``, ...)."""
    try:
        cls = RECOMMENDERS[name]
    except KeyError:
        close = difflib.get_close_matches(name, RECOMMENDERS, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ConfigError(
            f"unknown recommender {name!r}; known: {', '.join(sorted(RECOMMENDERS))}.{hint}"
        ) from None
    accepted = cls._param_names()
    unknown = sorted(set(params) - set(accepted))
    if unknown:
        raise ConfigError(
            f"recommender {name!r} takes no parameter(s) {', '.join(unknown)}; it takes "
            f"{', '.join(accepted) or 'none'}"
        )
    return cls(**params)
