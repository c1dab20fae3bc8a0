"""Restricting a dataset to some artists (e.g. those that have a text view)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import numpy.typing as npt

from cratedig.catalog import Catalog
from cratedig.data.dataset import Dataset
from cratedig.seeds import SeedLists

__all__ = ["restrict"]


def restrict(dataset: Dataset, keep: npt.NDArray[np.bool_], *, label: str) -> tuple[Dataset, int]:
    """The dataset on the artists where ``keep`` is True, seeds filtered to them (order kept).

    Users left with fewer than the dataset's ``min_seeds`` are dropped; returns the new
    dataset and how many users were dropped.
    """
    catalog = dataset.catalog
    positions = np.flatnonzero(keep)
    new_position = np.full(len(catalog), -1, dtype=np.intp)
    new_position[positions] = np.arange(len(positions))
    sub = Catalog(
        ids=tuple(catalog.ids[p] for p in positions),
        names=tuple(catalog.names[p] for p in positions),
        bio=tuple(catalog.bio[p] for p in positions),
        description=tuple(catalog.description[p] for p in positions),
        tags=tuple(catalog.tags[p] for p in positions),
        popularity=catalog.popularity[positions].copy(),
        source=catalog.source,
    )
    lists: list[list[int]] = []
    users: list[str] = []
    for u, seeds in enumerate(dataset.seeds):
        kept = new_position[seeds]
        kept = kept[kept >= 0]
        if len(kept) >= dataset.report.min_seeds:
            lists.append(kept.tolist())
            users.append(dataset.seeds.user_ids[u])
    dropped = len(dataset.seeds) - len(lists)
    return (
        replace(
            dataset,
            catalog=sub,
            seeds=SeedLists.from_lists(lists, users),
            name=f"{dataset.name} [{label}]",
        ),
        dropped,
    )
