"""Evaluation speed: cratedig's vectorised scoring + AUC against a study-style per-user loop.

Both score the *same* trials with the popularity recommender. The study-style loop is written
the way the original study wrote it: Python lists per user, list membership tests for the
labels, ``sorted()`` per user, and scikit-learn's ``roc_auc_score`` per user. The benchmark
checks that both give the same AUCs, then writes JSON with both times and the speed-up.

    python benchmarks/eval_speed.py                      # hetrec raw, 10 repeats
    python benchmarks/eval_speed.py --data ../shared/data/lastfm-bios --repeats 3

Trial generation (shared by both, done once) is timed separately.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from _common import SHARED_DATA, skip_if_absent, write_report
from cratedig.data import load_dataset
from cratedig.evaluation import Trials, grouped_auc, make_trials
from cratedig.recommenders import make_recommender

DEFAULT_DATA = SHARED_DATA / "hetrec2011-lastfm-2k/raw"


def study_style(trials: Trials, ids: tuple[str, ...], score_of: dict[str, float]) -> list[float]:
    """Per-user loop over Python lists, as in the study's code (no vectorisation)."""
    from sklearn.metrics import roc_auc_score

    aucs: list[float] = []
    for t in range(trials.n_trials):
        candidates = [ids[p] for p in trials.candidates_of(t)]
        labels = trials.labels_of(t)
        masked = [c for c, y in zip(candidates, labels, strict=True) if y]
        scored = [(artist, score_of[artist]) for artist in candidates]
        ranked = sorted(scored, key=lambda pair: pair[1], reverse=True)
        y_true = [1 if artist in masked else 0 for artist, _ in ranked]
        y_score = [score for _, score in ranked]
        if 0 < sum(y_true) < len(y_true):
            aucs.append(float(roc_auc_score(y_true, y_score)))
        else:
            aucs.append(float("nan"))
    return aucs


def best_of(runs: int, fn: Any) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--distractors", choices=["uniform", "popularity"], default="uniform")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None, help="JSON file (default: stdout)")
    args = parser.parse_args()

    report: dict[str, Any] = {
        "benchmark": "eval_speed",
        "data": str(args.data),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "machine": platform.machine(),
    }
    if not skip_if_absent(args.data, report):
        started = time.perf_counter()
        dataset = load_dataset(args.data)
        load_s = time.perf_counter() - started
        started = time.perf_counter()
        trials = make_trials(
            dataset.catalog,
            dataset.seeds,
            distractors=args.distractors,
            repeats=args.repeats,
            seed=args.seed,
            progress=False,
        )
        trials_s = time.perf_counter() - started
        rec = make_recommender("popularity").fit(dataset.catalog, dataset.seeds)

        def ours() -> np.ndarray:
            return grouped_auc(trials.cand_ptr, trials.labels, rec.score_trials(trials))

        score_of = dict(zip(dataset.catalog.ids, dataset.catalog.popularity.tolist(), strict=True))
        ours_s, ours_auc = best_of(5, ours)
        study_s, study_auc = best_of(1, lambda: study_style(trials, dataset.catalog.ids, score_of))
        study_arr = np.asarray(study_auc)
        same_nan = bool(np.array_equal(np.isnan(ours_auc), np.isnan(study_arr)))
        valid = ~np.isnan(study_arr)
        max_diff = float(np.max(np.abs(ours_auc[valid] - study_arr[valid]))) if valid.any() else 0.0
        report.update(
            {
                "dataset": dataset.name,
                "artists": len(dataset.catalog),
                "users": len(dataset.seeds),
                "repeats": args.repeats,
                "distractors": args.distractors,
                "trials": trials.n_trials,
                "candidates": len(trials.candidates),
                "recommender": "popularity",
                "load_s": round(load_s, 3),
                "trial_generation_s": round(trials_s, 3),
                "cratedig_s": round(ours_s, 4),
                "study_style_s": round(study_s, 3),
                "speedup": round(study_s / ours_s, 1),
                "same_aucs": same_nan and max_diff < 1e-9,
                "max_abs_auc_diff": max_diff,
                "mean_auc": float(np.nanmean(ours_auc)),
            }
        )
    write_report(report, args.out)
    return 0 if report.get("same_aucs", True) else 1


if __name__ == "__main__":
    sys.exit(main())
