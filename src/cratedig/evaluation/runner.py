"""Run the masked-seeds evaluation of several recommenders on shared, paired trials."""

from __future__ import annotations

import logging
import time
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from cratedig.data.dataset import Dataset
from cratedig.errors import ConfigError
from cratedig.evaluation.bands import BAND_NAMES, Bands, popularity_bands
from cratedig.evaluation.metrics import grouped_auc
from cratedig.evaluation.stats import compare_paired, per_user_mean, summarize
from cratedig.evaluation.trials import DISTRACTOR_MODES, Trials, make_trials
from cratedig.recommenders import Recommender, make_recommender

__all__ = ["Evaluation", "TrialResult", "evaluate"]

logger = logging.getLogger(__name__)

BOOTSTRAP_STREAM = 2


@dataclass(frozen=True, eq=False)
class TrialResult:
    """One recommender's AUC on every trial of one distractor mode (NaN = skipped trial)."""

    recommender: str
    view: str | None
    trials: Trials
    auc: npt.NDArray[np.float64]
    band_auc: dict[str, npt.NDArray[np.float64]] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class Evaluation:
    """Everything an evaluation computed: its config, summary rows and per-trial results."""

    config: dict[str, Any]
    rows: list[dict[str, Any]]
    results: list[TrialResult]
    dataset: Dataset

    def summary(self) -> dict[str, Any]:
        """The ``summary.json`` document."""
        return {"config": self.config, "rows": self.rows}


def _labelled(
    recommenders: Sequence[Recommender] | Mapping[str, Recommender],
) -> dict[str, Recommender]:
    if isinstance(recommenders, Mapping):
        items = list(recommenders.items())
    else:
        items = [(r.name if r.view is None else f"{r.name}:{r.view}", r) for r in recommenders]
    labelled: dict[str, Recommender] = {}
    for label, rec in items:
        if not isinstance(rec, Recommender):
            raise ConfigError(f"{label!r} is a {type(rec).__name__}, not a cratedig Recommender")
        if label in labelled:
            raise ConfigError(
                f"recommender {label!r} is given twice; pass a mapping of distinct labels "
                "to compare two settings of one model"
            )
        labelled[label] = rec
    if not labelled:
        raise ConfigError("give at least one recommender to evaluate")
    return labelled


def _stream(seed: int, *parts: str) -> np.random.Generator:
    """A generator for one summary row, keyed by its labels rather than by run order, so a
    row's CI does not change when other recommenders join the run."""
    key = zlib.crc32("\x1f".join(parts).encode())
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(BOOTSTRAP_STREAM, key)))


def _user_means(result: TrialResult, band: str | None, n_users: int) -> npt.NDArray[np.float64]:
    values = result.auc if band is None else result.band_auc[band]
    return per_user_mean(values, result.trials.user, n_users)


def _row(
    label: str,
    rec: Recommender,
    mode: str,
    band: str | None,
    per_user: npt.NDArray[np.float64],
    baseline: tuple[str, npt.NDArray[np.float64]] | None,
    *,
    seed: int,
    n_boot: int,
) -> dict[str, Any]:
    keys = (label, mode, band or "all")
    summary = summarize(per_user, n_boot=n_boot, rng=_stream(seed, "summary", *keys))
    row: dict[str, Any] = {
        "recommender": label,
        "view": rec.view,
        "distractors": mode,
        "band": band,
        **summary.to_dict(),
    }
    if baseline is not None and baseline[0] != label:
        comparison = compare_paired(
            per_user,
            baseline[1],
            baseline_name=baseline[0],
            n_boot=n_boot,
            rng=_stream(seed, "paired", *keys),
        )
        row["vs_baseline"] = comparison.to_dict()
    else:
        row["vs_baseline"] = None
    return row


def evaluate(
    dataset: Dataset,
    recommenders: Sequence[Recommender] | Mapping[str, Recommender],
    *,
    distractors: Sequence[str] = DISTRACTOR_MODES,
    repeats: int = 3,
    seed: int = 0,
    max_masked: int | None = None,
    pool_size: int = 50,
    bands: bool = False,
    baseline: str | None = "popularity",
    n_boot: int = 2000,
    progress: bool | None = None,
) -> Evaluation:
    """Evaluate recommenders with the masked-seeds protocol on paired trials.

    Each recommender is fitted on the dataset (catalog and seed lists), then scores the same
    trials. ``baseline`` names the recommender every other one is compared with (paired over
    users); it is added if absent, since a result without it is not interpretable here.
    """
    labelled = _labelled(recommenders)
    baseline_added = False
    if baseline is not None and baseline not in labelled:
        labelled = {baseline: make_recommender(baseline), **labelled}
        baseline_added = True
        logger.info("added the %r baseline for the paired comparison", baseline)
    modes = list(dict.fromkeys(distractors))
    if not modes:
        raise ConfigError("give at least one distractor mode")
    if isinstance(n_boot, bool) or not isinstance(n_boot, int) or n_boot < 100:
        raise ConfigError(f"n_boot must be an integer of at least 100, not {n_boot!r}")

    band_info: Bands | None = popularity_bands(dataset.catalog, dataset.seeds) if bands else None
    for label, rec in labelled.items():
        started = time.perf_counter()
        rec.fit(dataset.catalog, dataset.seeds)
        logger.info("fitted %s in %.2fs", label, time.perf_counter() - started)

    n_users = len(dataset.seeds)
    rows: list[dict[str, Any]] = []
    results: list[TrialResult] = []
    trial_notes: list[str] = []
    for mode in modes:
        trials = make_trials(
            dataset.catalog,
            dataset.seeds,
            distractors=mode,
            repeats=repeats,
            seed=seed,
            max_masked=max_masked,
            pool_size=pool_size,
            progress=progress,
        )
        trial_notes.extend(trials.notes)
        band_masks = {}
        if band_info is not None:
            anchor_band = band_info.of_artist[trials.anchors]
            band_masks = {name: anchor_band == b for b, name in enumerate(BAND_NAMES)}
        mode_results: dict[str, TrialResult] = {}
        for label, rec in labelled.items():
            started = time.perf_counter()
            scores = rec.score_trials(trials)
            auc = grouped_auc(trials.cand_ptr, trials.labels, scores)
            band_auc = {
                name: grouped_auc(trials.cand_ptr, trials.labels, scores, mask)
                for name, mask in band_masks.items()
            }
            logger.info(
                "%s, %s distractors: scored %d trials in %.2fs",
                label,
                mode,
                trials.n_trials,
                time.perf_counter() - started,
            )
            mode_results[label] = TrialResult(label, rec.view, trials, auc, band_auc)
        results.extend(mode_results.values())

        for label, result in mode_results.items():
            for band in [None, *band_masks]:
                base = None
                if baseline is not None:
                    base = (baseline, _user_means(mode_results[baseline], band, n_users))
                rows.append(
                    _row(
                        label,
                        labelled[label],
                        mode,
                        band,
                        _user_means(result, band, n_users),
                        base,
                        seed=seed,
                        n_boot=n_boot,
                    )
                )

    config: dict[str, Any] = {
        "dataset": dataset.name,
        "demo": dataset.is_demo,
        "layout": dataset.report.layout,
        "files": dataset.report.files,
        "n_artists": len(dataset.catalog),
        "n_users": n_users,
        "users_skipped_at_load": dataset.report.users_too_short,
        "min_seeds": dataset.report.min_seeds,
        "on_missing": dataset.report.on_missing,
        "missing_ids_dropped": dataset.report.missing_ids,
        "recommenders": {label: rec.get_params() for label, rec in labelled.items()},
        "baseline": baseline,
        "baseline_added": baseline_added,
        "distractors": modes,
        "repeats": repeats,
        "seed": seed,
        "max_masked": max_masked,
        "pool_size": pool_size,
        "query_fraction": "ceil(n/2)",
        "auc": "Mann-Whitney, ties count 1/2; per user: mean over repeats",
        "n_boot": n_boot,
        "bands": band_info.to_dict() if band_info is not None else None,
        "notes": [*dataset.report.notes, *trial_notes],
    }
    return Evaluation(config=config, rows=rows, results=results, dataset=dataset)
