"""The uniform layout of ``../shared/data``: ``artists.json``, ``seeds.json``, ``seed_users.json``.

``artists.json`` maps artist ids to ``{"name", "bio", "description", "tags", "popularity", ...}``
(other keys are kept out of the catalog); ``seeds.json`` is ``[[artist_id, ...], ...]``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cratedig.catalog import Artist, Catalog
from cratedig.data._json import read_json
from cratedig.data._records import get_name, get_number, get_tags, get_text, require_object
from cratedig.data.dataset import (
    DEFAULT_MIN_SEEDS,
    Dataset,
    LoadReport,
    OnMissing,
    read_user_ids,
    resolve_seed_lists,
    validate_seed_json,
)
from cratedig.seeds import SeedLists

__all__ = ["load_seed_file", "load_uniform", "parse_uniform_artists"]


def parse_uniform_artists(value: Any, source: Path) -> list[Artist]:
    """Validate and convert the records of a uniform ``artists.json``."""
    records = require_object(value, source=source, what="artist records")
    artists = []
    for artist_id, record in records.items():
        name = get_name(record, artist_id, source)
        artists.append(
            Artist(
                id=artist_id,
                name=name,
                bio=get_text(record, "bio", artist_id, source),
                description=get_text(record, "description", artist_id, source),
                tags=get_tags(record, "tags", artist_id, source),
                popularity=get_number(record, "popularity", artist_id, source),
            )
        )
    return artists


def load_seed_file(
    seeds_path: Path,
    users_path: Path | None,
    catalog: Catalog,
    report: LoadReport,
) -> SeedLists:
    """Read ``seeds.json`` (and optional ``seed_users.json``) against a catalog."""
    lists = validate_seed_json(read_json(seeds_path), source=seeds_path)
    user_ids = None
    if users_path is not None:
        user_ids = read_user_ids(read_json(users_path), n_users=len(lists), source=users_path)
        report.files["seed_users"] = str(users_path)
    report.files["seeds"] = str(seeds_path)
    return resolve_seed_lists(lists, user_ids, catalog, report, source=seeds_path)


def load_uniform(
    artists: str | Path,
    seeds: str | Path | None = None,
    seed_users: str | Path | None = None,
    *,
    min_seeds: int = DEFAULT_MIN_SEEDS,
    on_missing: OnMissing = "error",
    name: str | None = None,
) -> Dataset:
    """Load the uniform layout from explicit files (``seeds`` optional: a catalog only)."""
    artists_path = Path(artists)
    report = LoadReport(
        layout="uniform",
        files={"artists": str(artists_path)},
        min_seeds=min_seeds,
        on_missing=on_missing,
    )
    catalog = Catalog.from_artists(
        parse_uniform_artists(read_json(artists_path), artists_path), source=str(artists_path)
    )
    seed_lists = SeedLists.empty()
    if seeds is not None:
        seed_lists = load_seed_file(
            Path(seeds), None if seed_users is None else Path(seed_users), catalog, report
        )
    return Dataset(
        catalog=catalog,
        seeds=seed_lists,
        report=report,
        name=name or artists_path.resolve().parent.name,
    )
