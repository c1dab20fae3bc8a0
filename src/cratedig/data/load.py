"""One entry point for every layout: a folder is recognised by the files it holds."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from cratedig.data._json import read_json
from cratedig.data.dataset import DEFAULT_MIN_SEEDS, Dataset, OnMissing
from cratedig.data.hetrec import HETREC_FILES, load_hetrec
from cratedig.data.study import STUDY_ARTISTS, STUDY_EXTRA, STUDY_KEYS, STUDY_SEEDS, load_study
from cratedig.data.uniform import load_uniform
from cratedig.errors import ConfigError, DataError

__all__ = ["DEMO_DIR", "detect_layout", "load_dataset", "load_demo"]

logger = logging.getLogger(__name__)

#: The bundled demo data (uniform layout; synthetic listeners).
DEMO_DIR = Path(__file__).resolve().parent.parent / "datasets" / "demo"


def detect_layout(folder: Path) -> str:
    """``'study'``, ``'uniform'`` or ``'hetrec'`` from the files in ``folder``."""
    if not folder.exists():
        raise DataError("no such folder", source=folder, fix="check the DATA path")
    if not folder.is_dir():
        raise DataError(
            "is a file, not a data folder",
            source=folder,
            fix="name the folder that holds it, or pass the file with --artists",
        )
    if (folder / STUDY_ARTISTS).is_file():
        return "study"
    if (folder / "artists.json").is_file():
        return "uniform"
    if (folder / HETREC_FILES["artists"][0]).is_file() and (
        folder / HETREC_FILES["user_artists"][0]
    ).is_file():
        return "hetrec"
    present = sorted(p.name for p in folder.iterdir())[:8]
    raise DataError(
        "holds no known data layout (looked for artists.json [+ seeds.json], "
        f"{STUDY_ARTISTS} [+ {STUDY_SEEDS}], or hetrec's artists.dat + user_artists.dat); "
        f"it has: {', '.join(present) or 'nothing'}",
        source=folder,
        fix="point DATA at a folder in one of these layouts, or name files with --artists "
        "and --seeds",
    )


def _optional(path: Path) -> Path | None:
    return path if path.is_file() else None


UNIFORM_KEYS = frozenset({"bio", "description", "tags", "popularity"})


def _shape_of(value: Any, path: Path) -> str:
    """``'study'`` or ``'uniform'`` from the record keys of an artists file.

    Records with any uniform field (bio, description, tags, popularity) are uniform;
    otherwise any study field (wiki, genres, spotify_popularity, spotify_desc) makes them the
    study's; records with neither (name only) read the same either way.
    """
    if not isinstance(value, dict):
        return "uniform"  # the uniform parser reports the shape error
    keys: set[str] = set()
    for record in value.values():
        if isinstance(record, dict):
            keys |= record.keys()
    if keys & UNIFORM_KEYS and keys & STUDY_KEYS - {"spotify_desc"}:
        raise DataError(
            f"mixes the uniform fields ({', '.join(sorted(keys & UNIFORM_KEYS))}) with the "
            f"study's ({', '.join(sorted(keys & STUDY_KEYS))}), so its layout is ambiguous",
            source=path,
            fix="use one layout: uniform bio/tags/popularity, or the study's "
            "wiki/genres/spotify_popularity",
        )
    if keys & UNIFORM_KEYS:
        return "uniform"
    return "study" if keys & STUDY_KEYS else "uniform"


def load_dataset(
    data: str | Path | None = None,
    *,
    artists: str | Path | None = None,
    seeds: str | Path | None = None,
    extra: str | Path | None = None,
    min_seeds: int = DEFAULT_MIN_SEEDS,
    on_missing: OnMissing = "error",
) -> Dataset:
    """Load a dataset from a folder in any supported layout, or from explicit files.

    Parameters
    ----------
    data
        A folder: uniform (``artists.json``, ``seeds.json``, ``seed_users.json``), the
        study's (``nlp_artists_filtered.json``, ``nlp_artists_filtered_spot.json``,
        ``nlp_seeds_anonymized.json``) or hetrec2011-lastfm-2k as published (``*.dat``).
    artists, seeds, extra
        Explicit files instead of ``data``: an artists JSON file in the uniform or the study's
        shape (recognised by its keys), a seeds JSON file, and the study's
        ``nlp_artists_filtered_spot.json``.
    min_seeds
        Users with fewer seeds (after ``on_missing``) are skipped and counted.
    on_missing
        ``'error'`` (default) or ``'skip'`` seed ids that are not in the catalog.
    """
    if data is not None and artists is not None:
        raise ConfigError("give either a DATA folder or --artists FILE, not both")
    if data is None and artists is None:
        raise ConfigError("give a DATA folder, or --artists FILE (with --seeds FILE)")
    if data is None and extra is not None and artists is None:
        raise ConfigError("--extra needs --artists")
    options: dict[str, Any] = {"min_seeds": min_seeds, "on_missing": on_missing}
    if data is not None:
        if seeds is not None or extra is not None:
            raise ConfigError(
                "--seeds and --extra name files for --artists; with a DATA folder the files "
                "in the folder are used"
            )
        folder = Path(data)
        layout = detect_layout(folder)
        logger.info("%s: %s layout", folder, layout)
        if layout == "study":
            return load_study(
                folder / STUDY_ARTISTS,
                _optional(folder / STUDY_SEEDS),
                _optional(folder / STUDY_EXTRA),
                **options,
            )
        if layout == "uniform":
            return load_uniform(
                folder / "artists.json",
                _optional(folder / "seeds.json"),
                _optional(folder / "seed_users.json"),
                **options,
            )
        return load_hetrec(folder, **options)

    assert artists is not None
    artists_path = Path(artists)
    value = read_json(artists_path)
    shape = _shape_of(value, artists_path)
    if extra is not None and shape != "study":
        raise DataError(
            "is in the uniform layout, but --extra adds the study's spotify_desc to the "
            f"study's {STUDY_ARTISTS}",
            source=artists_path,
            fix="put descriptions in the uniform 'description' field, or drop --extra",
        )
    if shape == "study":
        return load_study(artists_path, seeds, extra, artists_value=value, **options)
    return load_uniform(artists_path, seeds, artists_value=value, **options)


def load_demo(*, min_seeds: int = DEFAULT_MIN_SEEDS) -> Dataset:
    """The bundled demo data: real artists with descriptions written for cratedig, and
    synthetic listeners (see ``cratedig/datasets/demo/README.md``)."""
    dataset = load_dataset(DEMO_DIR, min_seeds=min_seeds)
    return replace(dataset, name="demo (synthetic listeners)", is_demo=True)
