"""Users' seed lists: each user's artists, as catalog positions, heaviest first."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["SeedLists"]


@dataclass(frozen=True, eq=False)
class SeedLists:
    """Seed lists in compressed form: user ``u``'s seeds are ``indices[indptr[u]:indptr[u+1]]``.

    ``user_ids`` are the source user ids (positions as strings where the source has none).
    Positions index into the :class:`~cratedig.catalog.Catalog` the lists were built against.
    """

    user_ids: tuple[str, ...]
    indptr: npt.NDArray[np.int64]
    indices: npt.NDArray[np.intp]

    def __post_init__(self) -> None:
        if len(self.indptr) != len(self.user_ids) + 1:
            raise ValueError("indptr must have one entry more than user_ids")
        if len(set(self.user_ids)) != len(self.user_ids):
            raise ValueError("user ids must be unique")
        self.indptr.setflags(write=False)
        self.indices.setflags(write=False)

    @classmethod
    def from_lists(
        cls, lists: Sequence[Sequence[int]], user_ids: Sequence[str] | None = None
    ) -> SeedLists:
        """Build from per-user sequences of catalog positions."""
        if user_ids is None:
            user_ids = [str(u) for u in range(len(lists))]
        lengths = np.fromiter((len(s) for s in lists), dtype=np.int64, count=len(lists))
        indptr = np.zeros(len(lists) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        flat = [p for s in lists for p in s]
        indices = np.asarray(flat, dtype=np.intp) if flat else np.zeros(0, dtype=np.intp)
        return cls(user_ids=tuple(user_ids), indptr=indptr, indices=indices)

    @classmethod
    def empty(cls) -> SeedLists:
        return cls.from_lists([])

    def __len__(self) -> int:
        return len(self.user_ids)

    def __getitem__(self, user: int) -> npt.NDArray[np.intp]:
        return self.indices[self.indptr[user] : self.indptr[user + 1]]

    def __iter__(self) -> Iterator[npt.NDArray[np.intp]]:
        for u in range(len(self)):
            yield self[u]

    @property
    def lengths(self) -> npt.NDArray[np.int64]:
        """Number of seeds of each user."""
        return np.diff(self.indptr)

    def listener_counts(self, n_artists: int) -> npt.NDArray[np.int64]:
        """For each catalog position, how many users' lists contain it."""
        return np.bincount(self.indices, minlength=n_artists).astype(np.int64)

    def subset(self, users: Sequence[int] | npt.NDArray[np.intp]) -> SeedLists:
        """The lists of some users, in the given order."""
        chosen = [int(u) for u in users]
        return SeedLists.from_lists(
            [self[u].tolist() for u in chosen], [self.user_ids[u] for u in chosen]
        )
