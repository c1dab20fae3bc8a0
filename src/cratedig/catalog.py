"""The artist catalog: ids, names, text fields, tags and popularity, held in memory."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from cratedig.errors import DataError

__all__ = ["TEXT_FIELDS", "Artist", "Catalog"]

#: Canonical text fields every loader maps its source fields onto.
TEXT_FIELDS = ("name", "bio", "description", "tags")


@dataclass(frozen=True)
class Artist:
    """One catalog record in canonical form (what loaders produce)."""

    id: str
    name: str
    bio: str | None = None
    description: str | None = None
    tags: tuple[str, ...] = ()
    popularity: float | None = None


@dataclass(frozen=True, eq=False)
class Catalog:
    """Artists in a fixed order; everything else in cratedig addresses them by position.

    Build one with :meth:`from_artists`. ``popularity`` is a float array with NaN where an
    artist has none; ``bio`` and ``description`` hold ``None`` where absent.
    """

    ids: tuple[str, ...]
    names: tuple[str, ...]
    bio: tuple[str | None, ...]
    description: tuple[str | None, ...]
    tags: tuple[tuple[str, ...], ...]
    popularity: npt.NDArray[np.float64]
    source: str = "<memory>"
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        n = len(self.ids)
        lengths = {
            "names": len(self.names),
            "bio": len(self.bio),
            "description": len(self.description),
            "tags": len(self.tags),
            "popularity": len(self.popularity),
        }
        bad = {k: v for k, v in lengths.items() if v != n}
        if bad:
            raise ValueError(f"Catalog fields must all have {n} entries (one per id); got {bad}")
        index: dict[str, int] = {}
        for position, artist_id in enumerate(self.ids):
            if artist_id in index:
                raise DataError(
                    f"artist id {artist_id!r} appears twice (positions {index[artist_id]} and "
                    f"{position})",
                    source=self.source,
                    fix="give every artist a unique id",
                )
            index[artist_id] = position
        object.__setattr__(self, "_index", index)
        self.popularity.setflags(write=False)

    @classmethod
    def from_artists(cls, artists: Iterable[Artist], *, source: str = "<memory>") -> Catalog:
        """Build a catalog from canonical :class:`Artist` records, keeping their order."""
        records = list(artists)
        popularity = np.array(
            [np.nan if a.popularity is None else float(a.popularity) for a in records],
            dtype=np.float64,
        )
        return cls(
            ids=tuple(a.id for a in records),
            names=tuple(a.name for a in records),
            bio=tuple(a.bio for a in records),
            description=tuple(a.description for a in records),
            tags=tuple(tuple(a.tags) for a in records),
            popularity=popularity,
            source=source,
        )

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, artist_id: object) -> bool:
        return artist_id in self._index

    def __getitem__(self, position: int) -> Artist:
        pop = self.popularity[position]
        return Artist(
            id=self.ids[position],
            name=self.names[position],
            bio=self.bio[position],
            description=self.description[position],
            tags=self.tags[position],
            popularity=None if np.isnan(pop) else float(pop),
        )

    def position(self, artist_id: str) -> int:
        """Position of one artist id; :class:`DataError` if it is not in the catalog."""
        try:
            return self._index[artist_id]
        except KeyError:
            raise DataError(
                f"artist id {artist_id!r} is not in the catalog ({len(self)} artists)",
                source=self.source,
                fix="use an id from the catalog's artists file",
            ) from None

    def positions(self, artist_ids: Iterable[str]) -> npt.NDArray[np.intp]:
        """Positions of several ids (order kept); :class:`DataError` names the unknown ones."""
        ids = list(artist_ids)
        unknown = [a for a in ids if a not in self._index]
        if unknown:
            examples = ", ".join(repr(a) for a in unknown[:5])
            raise DataError(
                f"{len(unknown)} artist id(s) are not in the catalog ({len(self)} artists): "
                f"{examples}",
                source=self.source,
                fix="use ids from the catalog's artists file",
            )
        return np.fromiter((self._index[a] for a in ids), dtype=np.intp, count=len(ids))

    @property
    def has_popularity(self) -> npt.NDArray[np.bool_]:
        """Boolean mask of artists that have a popularity value."""
        return ~np.isnan(self.popularity)

    def require_popularity(self, needed_by: str, *, fix: str) -> None:
        """DataError unless every artist has a popularity value."""
        missing = int((~self.has_popularity).sum())
        if missing:
            raise DataError(
                f"{missing} of {len(self)} artists have no popularity, which {needed_by} needs",
                source=self.source,
                fix=fix,
            )

    def take(self, positions: npt.NDArray[np.intp]) -> Catalog:
        """The catalog of the artists at ``positions``, in that order."""
        return Catalog(
            ids=tuple(self.ids[p] for p in positions),
            names=tuple(self.names[p] for p in positions),
            bio=tuple(self.bio[p] for p in positions),
            description=tuple(self.description[p] for p in positions),
            tags=tuple(self.tags[p] for p in positions),
            popularity=self.popularity[positions].copy(),
            source=self.source,
        )

    def text(self, field_name: str) -> Sequence[str | None]:
        """The values of one canonical text field; tags are joined with ``", "``."""
        if field_name == "name":
            return self.names
        if field_name == "bio":
            return self.bio
        if field_name == "description":
            return self.description
        if field_name == "tags":
            return tuple(", ".join(t) if t else None for t in self.tags)
        raise ValueError(f"unknown text field {field_name!r}; expected one of {TEXT_FIELDS}")

    def coverage(self) -> dict[str, int]:
        """How many artists have each field (tags: at least one tag)."""
        return {
            "name": len(self),
            "bio": sum(b is not None for b in self.bio),
            "description": sum(d is not None for d in self.description),
            "tags": sum(bool(t) for t in self.tags),
            "popularity": int(self.has_popularity.sum()),
        }
