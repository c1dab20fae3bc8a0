"""Which --long-text default? Centroid on biographies with each way of handling long texts.

Runs the masked-seeds evaluation on ``lastfm-bios`` (3 repeats, seed 0, uniform and
popularity-matched distractors) for ``truncate``, ``chunk`` and ``chunk-lead``, and writes
JSON with each mode's mean AUC and its paired difference with ``truncate``.

    python benchmarks/long_text.py --model minilm --out benchmarks/results/long_text_minilm.json
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from _common import SHARED_DATA, skip_if_absent, write_report
from cratedig.data import load_dataset
from cratedig.embeddings.encoders import LONG_TEXT_MODES
from cratedig.evaluation import evaluate
from cratedig.recommenders import CentroidRecommender

DEFAULT_DATA = SHARED_DATA / "lastfm-bios"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--model", default="minilm")
    parser.add_argument("--view", default="bio")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    report: dict[str, Any] = {
        "benchmark": "long_text",
        "data": str(args.data),
        "model": args.model,
        "view": args.view,
    }
    if not skip_if_absent(args.data, report):
        dataset = load_dataset(args.data)
        recs = {
            mode: CentroidRecommender(
                view=args.view, model=args.model, long_text=mode, threads=args.threads
            )
            for mode in LONG_TEXT_MODES
        }
        started = time.perf_counter()
        # truncate is the baseline: every other mode gets a paired comparison with it
        result = evaluate(
            dataset,
            recs,
            repeats=args.repeats,
            seed=args.seed,
            baseline="truncate",
            progress=False,
        )
        report["seconds"] = round(time.perf_counter() - started, 1)
        report["rows"] = [
            {
                "long_text": row["recommender"],
                "distractors": row["distractors"],
                "mean_auc": row["mean_auc"],
                **({"vs_truncate": row["vs_baseline"]} if row["vs_baseline"] else {}),
            }
            for row in result.rows
        ]
        report["cut"] = {label: rec.embed_stats_.cut for label, rec in recs.items()}
        report["texts"] = recs["truncate"].embed_stats_.texts
    write_report(report, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
