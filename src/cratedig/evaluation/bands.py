"""Popularity bands: tertiles of seed popularity, as in the study's follow-up.

Cut points are the 1/3 and 2/3 quantiles of the popularity of every seed occurrence (each
user's seeds, counted with multiplicity). Band of an artist: ``low`` if popularity <= q1,
``mid`` if <= q2, else ``high`` (with heavy ties a band can be empty). A trial's band-``b``
AUC ranks the masked seeds in band ``b`` against the distractors drawn for them (their
anchors), so popularity-matched distractors stay matched.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from cratedig.catalog import Catalog
from cratedig.errors import DataError
from cratedig.seeds import SeedLists

__all__ = ["BAND_NAMES", "Bands", "popularity_bands"]

BAND_NAMES = ("low", "mid", "high")


@dataclass(frozen=True)
class Bands:
    """Band cut points and each catalog artist's band (0 = low, 1 = mid, 2 = high)."""

    cuts: tuple[float, float]
    of_artist: npt.NDArray[np.intp]

    def to_dict(self) -> dict[str, Any]:
        return {"names": list(BAND_NAMES), "cuts": list(self.cuts), "rule": "seed tertiles"}


def popularity_bands(catalog: Catalog, seeds: SeedLists) -> Bands:
    """Tertile bands of the popularity of the users' seeds."""
    catalog.require_popularity("--bands", fix="add 'popularity' to every artist, or drop --bands")
    if len(seeds.indices) == 0:
        raise DataError("has no seeds to compute bands from", source=catalog.source)
    q1, q2 = np.quantile(catalog.popularity[seeds.indices], [1 / 3, 2 / 3])
    band = np.where(catalog.popularity <= q1, 0, np.where(catalog.popularity <= q2, 1, 2))
    return Bands(cuts=(float(q1), float(q2)), of_artist=band.astype(np.intp))
