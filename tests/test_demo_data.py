"""The bundled demo data is what its documented, seeded procedure makes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from cratedig.data import DEMO_DIR
from cratedig.datasets.synthetic import write_demo

GENRES = {
    "rock",
    "pop",
    "hip hop",
    "electronic",
    "jazz",
    "classical",
    "metal",
    "folk",
    "country",
    "r&b",
    "reggae",
    "latin",
}


def test_regenerating_gives_the_shipped_files(tmp_path: Path) -> None:
    shutil.copy(DEMO_DIR / "artists.json", tmp_path / "artists.json")
    write_demo(tmp_path)
    for name in ("artists.json", "seeds.json", "seed_users.json"):
        assert (tmp_path / name).read_bytes() == (DEMO_DIR / name).read_bytes(), name


def test_demo_catalog_content() -> None:
    artists = json.loads((DEMO_DIR / "artists.json").read_text(encoding="utf-8"))
    assert 100 <= len(artists) <= 150
    assert {r["tags"][0] for r in artists.values()} >= GENRES
    for record in artists.values():
        words = len(record["description"].split())
        assert 10 <= words <= 60, record["name"]
        assert record["tags"] and isinstance(record["popularity"], int)
    seeds = json.loads((DEMO_DIR / "seeds.json").read_text(encoding="utf-8"))
    assert len(seeds) >= 60 and min(len(s) for s in seeds) >= 8
    assert "demo" in (DEMO_DIR / "README.md").read_text(encoding="utf-8").lower()
