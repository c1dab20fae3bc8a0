"""Restricting a dataset to some artists (e.g. those that have a text view)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import numpy.typing as npt

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
    sub = catalog.take(positions)
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
