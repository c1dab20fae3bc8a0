"""The documented, seeded procedure that makes the demo data's synthetic listeners.

Input: the demo ``artists.json`` (real artists; names, genre tags and descriptions written for
cratedig; a hand-set ``fame`` from 1 to 5). For each listener, with one generator seeded by
``seed``:

1. pick 1, 2 or 3 favourite genres (probabilities 0.5, 0.35, 0.15) among the first tags;
2. weight every artist by ``fame ** 1.5``, times 1 if any of its tags is a favourite genre and
   ``stray`` (0.03) otherwise, so a few picks fall outside the listener's taste;
3. draw a list length uniformly from ``min_seeds``..``max_seeds`` and draw that many artists
   without replacement with probability proportional to the weights; the draw order is the
   list order ("heaviest first").

An artist's ``popularity`` is then the number of listeners whose list holds it, as in the
Last.fm sets (so the ``listeners`` baseline is the honest one here too).

Regenerate the shipped files with ``python -m cratedig.datasets.synthetic``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["DEMO_SEED", "synthetic_listeners", "write_demo"]

DEMO_SEED = 2026
DEMO_LISTENERS = 80


def synthetic_listeners(
    artists: dict[str, dict[str, Any]],
    *,
    n_listeners: int = DEMO_LISTENERS,
    seed: int = DEMO_SEED,
    min_seeds: int = 8,
    max_seeds: int = 20,
    stray: float = 0.03,
) -> list[list[str]]:
    """Seed lists of synthetic listeners over ``artists`` (see the module docstring)."""
    ids = list(artists)
    genres = sorted({artists[a]["tags"][0] for a in ids})
    fame = np.array([float(artists[a]["fame"]) for a in ids])
    tags = [set(artists[a]["tags"]) for a in ids]
    rng = np.random.default_rng(seed)
    lists: list[list[str]] = []
    for _ in range(n_listeners):
        n_favourite = int(rng.choice([1, 2, 3], p=[0.5, 0.35, 0.15]))
        favourite = set(rng.choice(genres, size=n_favourite, replace=False).tolist())
        match = np.array([1.0 if t & favourite else stray for t in tags])
        weights = fame**1.5 * match
        size = int(rng.integers(min_seeds, max_seeds + 1))
        chosen = rng.choice(len(ids), size=size, replace=False, p=weights / weights.sum())
        lists.append([ids[i] for i in chosen])
    return lists


def write_demo(folder: Path, *, seed: int = DEMO_SEED) -> None:
    """Rewrite ``seeds.json``, ``seed_users.json`` and the popularity in ``artists.json``."""
    artists_path = folder / "artists.json"
    artists = json.loads(artists_path.read_text(encoding="utf-8"))
    lists = synthetic_listeners(artists, seed=seed)
    counts = {a: 0 for a in artists}
    for seeds in lists:
        for a in seeds:
            counts[a] += 1
    for a, record in artists.items():
        record["popularity"] = counts[a]
    dump = {"indent": 1, "ensure_ascii": False}
    artists_path.write_text(json.dumps(artists, **dump) + "\n", encoding="utf-8")  # type: ignore[arg-type]
    (folder / "seeds.json").write_text(json.dumps(lists) + "\n", encoding="utf-8")
    users = [f"listener-{i + 1:03d}" for i in range(len(lists))]
    (folder / "seed_users.json").write_text(json.dumps(users) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "folder", nargs="?", type=Path, default=Path(__file__).resolve().parent / "demo"
    )
    parser.add_argument("--seed", type=int, default=DEMO_SEED)
    args = parser.parse_args()
    write_demo(args.folder, seed=args.seed)


if __name__ == "__main__":
    main()
