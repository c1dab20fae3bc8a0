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

import numpy as np

from _common import SHARED_DATA, skip_if_absent, write_report
from cratedig.data import load_dataset
from cratedig.embeddings.encoders import LONG_TEXT_MODES
from cratedig.evaluation import evaluate
from cratedig.evaluation.stats import compare_paired, per_user_mean
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
        result = evaluate(
            dataset,
            recs,
            repeats=args.repeats,
            seed=args.seed,
            baseline="popularity",
            progress=False,
        )
        report["seconds"] = round(time.perf_counter() - started, 1)
        rows = []
        n_users = len(dataset.seeds)
        for mode in ("uniform", "popularity"):
            by_label = {r.recommender: r for r in result.results if r.trials.distractors == mode}
            truncate = per_user_mean(
                by_label["truncate"].auc, by_label["truncate"].trials.user, n_users
            )
            for label in LONG_TEXT_MODES:
                r = by_label[label]
                values = per_user_mean(r.auc, r.trials.user, n_users)
                row: dict[str, Any] = {
                    "long_text": label,
                    "distractors": mode,
                    "mean_auc": float(np.nanmean(values)),
                }
                if label != "truncate":
                    c = compare_paired(
                        values,
                        truncate,
                        baseline_name="truncate",
                        n_boot=2000,
                        rng=np.random.default_rng(0),
                    )
                    row["vs_truncate"] = c.to_dict()
                rows.append(row)
        report["rows"] = rows
        report["cut"] = {label: rec.embed_stats_.cut for label, rec in recs.items()}
        report["texts"] = recs["truncate"].embed_stats_.texts
    write_report(report, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
