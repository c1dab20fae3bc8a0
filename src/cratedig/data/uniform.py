"""The uniform layout of ``../shared/data``: ``artists.json``, ``seeds.json``, ``seed_users.json``.

``artists.json`` maps artist ids to ``{"name", "bio", "description", "tags", "popularity", ...}``
(other keys are kept out of the catalog); ``seeds.json`` is ``[[artist_id, ...], ...]``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cratedig.data._json import read_json
from cratedig.data._records import UNIFORM_FIELDS, parse_artists
from cratedig.data.dataset import DEFAULT_MIN_SEEDS, Dataset, LoadReport, OnMissing, build_dataset

__all__ = ["load_uniform"]


def load_uniform(
    artists: str | Path,
    seeds: str | Path | None = None,
    seed_users: str | Path | None = None,
    *,
    min_seeds: int = DEFAULT_MIN_SEEDS,
    on_missing: OnMissing = "error",
    name: str | None = None,
    artists_value: Any = None,
) -> Dataset:
    """Load the uniform layout from explicit files (``seeds`` optional: a catalog only).

    ``artists_value``: the artists file already parsed as JSON (it is then not read again).
    """
    artists_path = Path(artists)
    report = LoadReport(
        layout="uniform",
        files={"artists": str(artists_path)},
        min_seeds=min_seeds,
        on_missing=on_missing,
    )
    value = read_json(artists_path) if artists_value is None else artists_value
    return build_dataset(
        parse_artists(value, artists_path, UNIFORM_FIELDS),
        report,
        artists_path,
        None if seeds is None else Path(seeds),
        None if seed_users is None else Path(seed_users),
        name=name,
    )
