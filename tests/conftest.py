"""Shared fixtures: small datasets written by the tests, and the shared real data."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from cratedig.data import Dataset, load_dataset

# Property tests explore the same examples on every run: CI results do not depend on luck.
settings.register_profile("cratedig", derandomize=True, deadline=None)
settings.load_profile("cratedig")

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("CRATEDIG_SHARED_DATA", REPO.parent / "shared" / "data"))


def shared_dataset_path(name: str) -> Path:
    """Path of a dataset in ../shared/data, or skip the test with a clear message."""
    path = SHARED_DATA / name
    if not path.exists():
        pytest.skip(
            f"real data {path} is absent (it lives in ../shared/data beside the repository, "
            "or set CRATEDIG_SHARED_DATA); this test needs it"
        )
    return path


def write_json(path: Path, value: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    return path


GENRES = ("rock", "jazz", "folk", "metal")


def small_records(n_artists: int = 40) -> dict[str, dict[str, Any]]:
    """Uniform-layout artist records: 4 genres, popularity 1..n, every field present."""
    records = {}
    for i in range(n_artists):
        genre = GENRES[i % len(GENRES)]
        records[f"a{i}"] = {
            "name": f"Artist {i}",
            "bio": f"Artist {i} plays {genre} music in a band.",
            "tags": [genre, f"{genre} style"],
            "popularity": i + 1,
        }
    return records


def small_seeds(n_users: int = 12, size: int = 8, n_artists: int = 40) -> list[list[str]]:
    """Each user likes one genre: ``size`` artists of it, deterministic."""
    lists = []
    for u in range(n_users):
        genre = u % len(GENRES)
        pool = [i for i in range(n_artists) if i % len(GENRES) == genre]
        start = u // len(GENRES)
        lists.append([f"a{pool[(start + k) % len(pool)]}" for k in range(size)])
    return lists


@pytest.fixture(autouse=True)
def _private_embedding_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests never write into the user's embedding cache."""
    cache = tmp_path_factory.mktemp("cache") / "embeddings.sqlite"
    monkeypatch.setenv("CRATEDIG_EMBEDDING_CACHE", str(cache))


@pytest.fixture
def uniform_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "uniform"
    write_json(folder / "artists.json", small_records())
    write_json(folder / "seeds.json", small_seeds())
    write_json(folder / "seed_users.json", [100 + u for u in range(12)])
    return folder


@pytest.fixture
def small_dataset(uniform_dir: Path) -> Dataset:
    return load_dataset(uniform_dir)
