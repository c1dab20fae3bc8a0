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

from cratedig.catalog import Artist
from cratedig.data._json import read_json
from cratedig.data._records import STUDY_FIELDS, get_name, get_text, parse_artists, require_object
from cratedig.data.dataset import DEFAULT_MIN_SEEDS, Dataset, LoadReport, OnMissing, build_dataset

__all__ = ["STUDY_ARTISTS", "STUDY_EXTRA", "STUDY_KEYS", "STUDY_SEEDS", "load_study"]

logger = logging.getLogger(__name__)

STUDY_ARTISTS = "nlp_artists_filtered.json"
STUDY_EXTRA = "nlp_artists_filtered_spot.json"
STUDY_SEEDS = "nlp_seeds_anonymized.json"

#: Keys that mark a record as the study's rather than the uniform layout.
STUDY_KEYS = frozenset({"wiki", "genres", "spotify_popularity", "spotify_desc"})


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
    artists_value: Any = None,
) -> Dataset:
    """Load the study's files; ``extra`` is ``nlp_artists_filtered_spot.json``.

    ``artists_value``: the artists file already parsed as JSON (it is then not read again).
    """
    artists_path = Path(artists)
    report = LoadReport(
        layout="study",
        files={"artists": str(artists_path)},
        min_seeds=min_seeds,
        on_missing=on_missing,
    )
    value = read_json(artists_path) if artists_value is None else artists_value
    records = parse_artists(value, artists_path, STUDY_FIELDS)
    if extra is not None:
        extra_path = Path(extra)
        records = merge_descriptions(records, read_json(extra_path), extra_path, report)
        report.files["extra"] = str(extra_path)
    return build_dataset(
        records, report, artists_path, None if seeds is None else Path(seeds), None, name=name
    )
