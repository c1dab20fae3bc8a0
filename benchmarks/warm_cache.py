"""Cold versus warm embedding cache: the same centroid evaluation twice.

The first run encodes every biography into a fresh cache; the second finds them all there,
so it must not load the model at all and must be much faster. JSON out.

    python benchmarks/warm_cache.py --out benchmarks/results/warm_cache.json
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import SHARED_DATA, skip_if_absent, write_report
from cratedig.data import load_dataset
from cratedig.evaluation import evaluate
from cratedig.recommenders import CentroidRecommender

DEFAULT_DATA = SHARED_DATA / "lastfm-bios"


def run(dataset: Any, cache: Path, args: argparse.Namespace) -> tuple[float, Any, float]:
    rec = CentroidRecommender(view=args.view, model=args.model, cache=cache)
    started = time.perf_counter()
    result = evaluate(dataset, [rec], repeats=3, seed=0, distractors=["uniform"], progress=False)
    seconds = time.perf_counter() - started
    auc = next(r["mean_auc"] for r in result.rows if r["recommender"] == "centroid")
    return seconds, rec, auc


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--model", default="minilm")
    parser.add_argument("--view", default="bio")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    report: dict[str, Any] = {
        "benchmark": "warm_cache",
        "data": str(args.data),
        "model": args.model,
        "view": args.view,
    }
    if not skip_if_absent(args.data, report):
        dataset = load_dataset(args.data)
        with tempfile.TemporaryDirectory() as tmp:
            cache = Path(tmp) / "embeddings.sqlite"
            cold_s, cold, cold_auc = run(dataset, cache, args)
            warm_s, warm, warm_auc = run(dataset, cache, args)
        report.update(
            {
                "cold_s": round(cold_s, 2),
                "warm_s": round(warm_s, 2),
                "speedup": round(cold_s / warm_s, 1),
                "cold_encoded": cold.embed_stats_.misses,
                "warm_cached": warm.embed_stats_.hits,
                "warm_encoded": warm.embed_stats_.misses,
                "warm_loaded_model": bool(getattr(warm.encoder_, "loaded", False)),
                "same_auc": cold_auc == warm_auc,
                "mean_auc": warm_auc,
            }
        )
    write_report(report, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
