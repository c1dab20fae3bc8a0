"""The original study's files: ``nlp_artists_filtered.json``, ``nlp_artists_filtered_spot.json``
(adds ``spotify_desc``) and ``nlp_seeds_anonymized.json``.

Field mapping: ``wiki`` → ``bio``, ``spotify_desc`` → ``description`` (an empty string means
absent), ``genres`` → ``tags``, ``spotify_popularity`` (an int or a numeric string) →
``popularity``.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from cratedig.catalog import Artist, Catalog
from cratedig.data._json import read_json
from cratedig.data._records import get_name, get_number, get_tags, get_text, require_object
from cratedig.data.dataset import DEFAULT_MIN_SEEDS, Dataset, LoadReport, OnMissing
from cratedig.data.uniform import load_seed_file
from cratedig.seeds import SeedLists

__all__ = ["STUDY_ARTISTS", "STUDY_EXTRA", "STUDY_SEEDS", "load_study", "parse_study_artists"]

logger = logging.getLogger(__name__)

STUDY_ARTISTS = "nlp_artists_filtered.json"
STUDY_EXTRA = "nlp_artists_filtered_spot.json"
STUDY_SEEDS = "nlp_seeds_anonymized.json"

#: Keys that mark a record as the study's rather than the uniform layout.
STUDY_KEYS = frozenset({"wiki", "genres", "spotify_popularity", "spotify_desc"})


def parse_study_artists(value: Any, source: Path) -> list[Artist]:
    """Validate and convert the records of ``nlp_artists_filtered.json``."""
    records = require_object(value, source=source, what="artist records")
    artists = []
    for artist_id, record in records.items():
        name = get_name(record, artist_id, source)
        artists.append(
            Artist(
                id=artist_id,
                name=name,
                bio=get_text(record, "wiki", artist_id, source),
                description=get_text(record, "spotify_desc", artist_id, source),
                tags=get_tags(record, "genres", artist_id, source),
                popularity=get_number(
                    record, "spotify_popularity", artist_id, source, allow_numeric_string=True
                ),
            )
        )
    return artists


def merge_descriptions(
    artists: list[Artist], value: Any, source: Path, report: LoadReport
) -> list[Artist]:
    """Take ``spotify_desc`` from the extra file for the artists of the catalog."""
    records = require_object(value, source=source, what="artist records")
    known = {a.id for a in artists}
    descriptions: dict[str, str | None] = {}
    for artist_id, record in records.items():
        if artist_id not in known:
            continue
        if not isinstance(record, dict):
            get_name(record, artist_id, source)  # raises the record-shape error
        descriptions[artist_id] = get_text(record, "spotify_desc", artist_id, source)
    unknown = len(records) - len(descriptions)
    if unknown:
        message = (
            f"{source}: {unknown} artist id(s) are not in the main artists file and were ignored"
        )
        logger.warning(message)
        report.notes.append(message)
    return [
        replace(a, description=descriptions[a.id]) if descriptions.get(a.id) else a for a in artists
    ]


def load_study(
    artists: str | Path,
    seeds: str | Path | None = None,
    extra: str | Path | None = None,
    *,
    min_seeds: int = DEFAULT_MIN_SEEDS,
    on_missing: OnMissing = "error",
    name: str | None = None,
) -> Dataset:
    """Load the study's files; ``extra`` is ``nlp_artists_filtered_spot.json``."""
    artists_path = Path(artists)
    report = LoadReport(
        layout="study",
        files={"artists": str(artists_path)},
        min_seeds=min_seeds,
        on_missing=on_missing,
    )
    records = parse_study_artists(read_json(artists_path), artists_path)
    if extra is not None:
        extra_path = Path(extra)
        records = merge_descriptions(records, read_json(extra_path), extra_path, report)
        report.files["extra"] = str(extra_path)
    catalog = Catalog.from_artists(records, source=str(artists_path))
    seed_lists = SeedLists.empty()
    if seeds is not None:
        seed_lists = load_seed_file(Path(seeds), None, catalog, report)
    return Dataset(
        catalog=catalog,
        seeds=seed_lists,
        report=report,
        name=name or artists_path.resolve().parent.name,
    )
